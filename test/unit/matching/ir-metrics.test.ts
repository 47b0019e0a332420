import { describe, expect, it } from 'vitest';
import { Bm25, evaluate, joinTexts, ndcgAt, plainTokens, reciprocalRank, recallAt } from '../../../bench/metrics.js';

const labels = { a: 3, b: 2, c: 1, d: 0 };

describe('ranking metrics', () => {
  it.each<[string, string[], number]>([
    ['a perfect ranking', ['a', 'b', 'c', 'd'], 1],
    ['a perfect ranking with unlabelled offers after it', ['a', 'b', 'c', 'x', 'y'], 1],
    ['nothing relevant ranked', ['d', 'x', 'y'], 0],
    ['an empty ranking', [], 0],
    // DCG = 3/log2(2) + 7/log2(3) + 1/log2(4) = 3 + 4.4165 + 0.5; ideal = 7 + 3/log2(3) + 1/2.
    ['the best two swapped', ['b', 'a', 'c'], (3 + 7 / Math.log2(3) + 0.5) / (7 + 3 / Math.log2(3) + 0.5)],
  ])('nDCG@10 of %s', (_name, ranking, expected) => {
    expect(ndcgAt(ranking, labels, 10)).toBeCloseTo(expected, 10);
  });

  it('nDCG@k only looks at the top k', () => {
    expect(ndcgAt(['x', 'a', 'b', 'c'], labels, 1)).toBe(0);
    expect(ndcgAt(['a', 'x', 'b', 'c'], labels, 1)).toBe(1);
  });

  it.each<[string, string[], number, number]>([
    ['both grade ≥ 2 offers in the top k', ['a', 'x', 'b'], 10, 1],
    ['one of two', ['a', 'x', 'b'], 2, 0.5],
    ['grade 1 does not count', ['c', 'd'], 10, 0],
  ])('recall@k: %s', (_name, ranking, k, expected) => {
    expect(recallAt(ranking, labels, k)).toBe(expected);
  });

  it.each<[string[], number]>([
    [['a'], 1],
    [['x', 'c', 'b'], 1 / 3],
    [['c', 'd'], 0],
  ])('reciprocal rank of %j is %d', (ranking, expected) => {
    expect(reciprocalRank(ranking, labels)).toBeCloseTo(expected, 12);
  });

  it('averages over the queries, a missing ranking counting as empty', () => {
    const m = evaluate(new Map([['q1', ['a', 'b', 'c']]]), { q1: labels, q2: { z: 3 } }, ['q1', 'q2']);
    expect(m).toEqual({ ndcg10: 0.5, recall10: 0.5, mrr: 0.5, queries: 2 });
  });
});

describe('plain BM25 baseline', () => {
  it.each<[string, string[]]>([
    ['Xử lý NƯỚC thải, dệt-nhuộm!', ['xử', 'lý', 'nước', 'thải', 'dệt', 'nhuộm']],
    ['IoT 4.0 (CNTT)', ['iot', '4', '0', 'cntt']],
    ['태양광 패널', ['태양광', '패널']],
  ])('tokens of %j: lower case, no folding', (text, expected) => {
    expect(plainTokens(text)).toEqual(expected);
  });

  it('does not fold diacritics, so an unaccented query misses', () => {
    const bm25 = new Bm25(['x'], ['xử lý nước thải']);
    expect(bm25.rank('xu ly nuoc thai')).toEqual([]);
    expect(bm25.rank('nước thải')).toHaveLength(1);
  });

  it('ranks by term weight: a rare term beats a common one, ties by id', () => {
    const bm25 = new Bm25(['a', 'b', 'c', 'd'], ['nước cấp', 'nước thải', 'nước thải', 'nước máy']);
    expect(bm25.rank('thải').map((h) => h.id)).toEqual(['b', 'c']);
    const ranked = bm25.rank('nước cấp');
    expect(ranked[0]!.id).toBe('a');
    expect(ranked.map((h) => h.id)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('joins every language and the keywords', () => {
    expect(joinTexts([{ vi: 'a', en: 'b' }, null, { ko: 'c' }], ['k'])).toBe('a\nb\nc\nk');
  });
});

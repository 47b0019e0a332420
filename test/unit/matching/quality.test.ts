/**
 * The matcher against the plain BM25 baseline on the labelled golden set. Deterministic (no
 * timing): the golden set, DEFAULT_PARAMS and a fixed reference date. Figures are in
 * bench/results/matching-quality.json (npm run bench:matching-quality).
 */
import { describe, expect, it } from 'vitest';
import { evaluateGolden } from '../../../bench/golden-eval.js';

const evaluation = evaluateGolden();
const { matcher, matcherCandidates, bm25 } = evaluation.metrics;

describe('matcher quality on the golden set', () => {
  it('beats BM25 by at least 0.1 nDCG@10 over all demands', () => {
    expect(matcher.all.ndcg10).toBeGreaterThanOrEqual(bm25.all.ndcg10 + 0.1);
  });

  it.each(['ndcg10', 'recall10', 'mrr'] as const)('does not lose to BM25 on %s, overall and through candidate retrieval', (metric) => {
    expect(matcher.all[metric]).toBeGreaterThanOrEqual(bm25.all[metric]);
    expect(matcherCandidates.all[metric]).toBeGreaterThanOrEqual(bm25.all[metric]);
  });

  it.each(['no-diacritics', 'english'] as const)('beats BM25 on the %s slice', (slice) => {
    expect(matcher[slice].ndcg10).toBeGreaterThan(bm25[slice].ndcg10);
  });

  it('finds most of what solves a demand in its top 10', () => {
    expect(matcher.all.recall10).toBeGreaterThanOrEqual(0.85);
  });

  it('never ranks, retrieves or proposes the prohibited offer', () => {
    expect(evaluation.golden.offers.some((o) => o.regulatoryClass === 'prohibited')).toBe(true);
    expect(evaluation.prohibitedSeen).toEqual([]);
  });

  it('ranks every labelled demand', () => {
    expect(evaluation.golden.demands).toHaveLength(Object.keys(evaluation.golden.labels).length);
    for (const d of evaluation.golden.demands) expect(evaluation.rankings.matcher.get(d.id)?.length).toBeGreaterThan(0);
  });
});

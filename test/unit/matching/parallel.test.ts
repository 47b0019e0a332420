import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/modules/matching/engine/engine.js';
import { DEMAND_LAYOUT, OFFER_LAYOUT, packRecords, unpackRecords } from '../../../src/modules/matching/engine/packed-records.js';
import { ENGINE, engineChunks, fromWire, helpChunks, newBoard, parallelCandidates, PUBLISHED, TAKEN, toWire, type QueryStats } from '../../../src/modules/matching/engine/parallel.js';
import { createMatchIndex, DEFAULT_PARAMS, offerCandidates } from '../../../src/modules/matching/scoring/index.js';
import { MatchIndexImpl } from '../../../src/modules/matching/scoring/matchindex.js';
import { NO_KEY, queryChunks, queryPlan, runHere, scoreCandidatePairs, scoreChunks, type CandidateRunner, type PairColumns } from '../../../src/modules/matching/scoring/pipeline.js';
import type { DemandInput, OfferInput } from '../../../src/modules/matching/scoring/types.js';
import { demoDemands, demoOffers } from './demo-inputs.js';
import { fillerOffers, makeDemand, makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };
const offers = [...demoOffers(), ...fillerOffers(240)];
const demands = demoDemands();
const scope = { offerIds: offers.map((o) => o.id), demandIds: demands.map((d) => d.id) };
// Small chunks, so that a few hundred records make dozens of them.
const chunk = { demands: 2, offers: 8 };
const scoreChunk = 64;

const texts = {
  offer: ['title', 'summary', 'description', 'advantages', 'applications', 'keywords'],
  demand: ['title', 'problem', 'currentProcess', 'requiredResult', 'constraints', 'keywords'],
};
const withoutTexts = (doc: object, keys: string[]) => Object.fromEntries(Object.entries(doc).filter(([k]) => !keys.includes(k)));

describe('records packed for a helper thread', () => {
  it.each([
    ['offer', makeOffer({ priceMin: null, priceMax: null, targetProvinces: ['79', '01'], targetCountries: ['KR'], regulatoryClass: 'restricted' }), OFFER_LAYOUT, texts.offer],
    ['offer', makeOffer({ priceMin: 5, priceMax: 90_000_000_000, priceNegotiable: true, languages: [] }), OFFER_LAYOUT, texts.offer],
    ['demand', makeDemand({ minTrl: null, budgetMin: null, neededBy: '2027-03-01', originPreference: 'foreign' }), DEMAND_LAYOUT, texts.demand],
    ['demand', makeDemand({ minTrl: 7, budgetMin: 0, budgetMax: 1, neededBy: null, urgency: 'high' }), DEMAND_LAYOUT, texts.demand],
  ] as const)('keeps every property of an %s but its texts', (_, doc, layout, textKeys) => {
    const back = unpackRecords(structuredClone(packRecords([undefined, doc, doc] as never[], layout as never)), layout as never) as object[];
    expect(back[0]).toBeUndefined();
    expect(withoutTexts(back[1]!, textKeys)).toEqual(withoutTexts(doc, textKeys));
    expect(back[2]).toEqual(back[1]);
    // Every property is either carried or a text: a new property must be added to the layout.
    expect(Object.keys(doc).sort()).toEqual([...Object.keys(layout.columns), ...textKeys].sort());
  });

  it('carries the demo records', () => {
    const o = demoOffers();
    const d = demoDemands();
    expect(unpackRecords(packRecords(o, OFFER_LAYOUT), OFFER_LAYOUT).map((x) => withoutTexts(x as OfferInput, texts.offer))).toEqual(o.map((x) => withoutTexts(x, texts.offer)));
    expect(unpackRecords(packRecords(d, DEMAND_LAYOUT), DEMAND_LAYOUT).map((x) => withoutTexts(x as DemandInput, texts.demand))).toEqual(d.map((x) => withoutTexts(x, texts.demand)));
  });
});

describe('a candidate search spread over threads', () => {
  const index = createMatchIndex(offers, demands) as MatchIndexImpl;
  // A removed record leaves a tombstone that every thread must skip.
  index.removeOffer('filler-3');
  const plan = queryPlan(index, scope, chunk);
  const here = runHere(index, params).queries(plan);
  // The scoring phase's input: the distinct hits, sorted (as scoreCandidatePairs makes it).
  const distinct = Float64Array.from(new Set([...here].filter((k) => k !== NO_KEY))).sort();
  const scored = runHere(index, params).scores(distinct.slice(), distinct.length);
  const pairs = scoreCandidatePairs(index, scope, params);
  const columns = (c: PairColumns, n: number) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, [...(v as Float64Array).subarray(0, n)]]));
  /** Runs both phases through a runner, as scoreCandidatePairs does, and returns keys, scores and stats. */
  const search = (runner: CandidateRunner) => {
    const work = runner(index, params);
    try {
      const keys = work.queries(plan);
      return { keys, scores: work.scores(distinct.slice(), distinct.length) };
    } finally {
      work.close();
    }
  };
  const withStats = (options: Omit<Parameters<typeof parallelCandidates>[0], 'onStats'>) => {
    const seen: { stats?: QueryStats } = {};
    return { runner: parallelCandidates({ scoreChunk, ...options, onStats: (s) => (seen.stats = s) }), seen };
  };

  it('a plan has many chunks, many pairs make several scoring chunks, and a view of the index answers like the index', () => {
    expect(queryChunks(plan)).toBeGreaterThan(40);
    expect(scoreChunks(distinct.length, scoreChunk)).toBeGreaterThan(1);
    // Some pairs are dropped (NaN), some kept.
    expect(scored.score.some((x) => Number.isNaN(x)) && scored.score.some((x) => x > 0)).toBe(true);
    const view = MatchIndexImpl.fromView(fromWire(structuredClone(toWire(index.view()))));
    expect(runHere(view, params).queries(plan)).toEqual(here);
    expect(columns(runHere(view, params).scores(distinct.slice(), distinct.length), distinct.length)).toEqual(columns(scored, distinct.length));
  });

  it.each([2, 3])('gives the same keys and scores, chunk by chunk, when %i threads share the chunks', (threads) => {
    const { runner, seen } = withStats({ threads, minChunks: 1 });
    const r = search(runner);
    expect(r.keys).toEqual(here);
    expect(columns(r.scores, distinct.length)).toEqual(columns(scored, distinct.length));
    expect(seen.stats).toMatchObject({ chunks: queryChunks(plan), threads, scoring: { chunks: scoreChunks(distinct.length, scoreChunk) } });
    expect(scoreCandidatePairs(index, scope, params, undefined, runner)).toEqual(pairs);
  });

  it('gives the same keys and scores when the helpers run every chunk', () => {
    const { runner, seen } = withStats({ threads: 3, minChunks: 1, engineTakesChunks: false, waitMs: 60_000 });
    const r = search(runner);
    expect(r.keys).toEqual(here);
    expect(columns(r.scores, distinct.length)).toEqual(columns(scored, distinct.length));
    expect(seen.stats).toMatchObject({ chunks: queryChunks(plan), threads: 3, byHelpers: queryChunks(plan), redone: 0, scoring: { byHelpers: scoreChunks(distinct.length, scoreChunk), redone: 0 } });
  }, 90_000);

  it('gives the same keys and scores when a helper cannot run: the engine runs its chunks', () => {
    // A helper with a 1 MB heap dies before it can take a chunk; the engine waits a little, then runs them all.
    const { runner, seen } = withStats({ threads: 2, minChunks: 1, helperHeapMb: 1, engineTakesChunks: false, waitMs: 200 });
    const r = search(runner);
    expect(r.keys).toEqual(here);
    expect(columns(r.scores, distinct.length)).toEqual(columns(scored, distinct.length));
    expect(seen.stats).toMatchObject({ byHelpers: 0, redone: queryChunks(plan), scoring: { byHelpers: 0, redone: scoreChunks(distinct.length, scoreChunk) } });
  });

  it('a chunk claimed by the engine is never published by the helper that took it', () => {
    const board = newBoard(3);
    const published: number[] = [];
    // The helper takes chunk 0; while it computes, the engine claims it (as its sweep does).
    helpChunks(
      board,
      1,
      () => expect(Atomics.compareExchange(board.state, 0, TAKEN, ENGINE)).toBe(TAKEN),
      (c) => published.push(c),
    );
    expect(published).toEqual([]);
    expect(Atomics.load(board.state, 0)).toBe(ENGINE);
    // A chunk the engine has claimed before the helper takes it is skipped.
    const next = newBoard(1);
    Atomics.store(next.state, 0, ENGINE);
    helpChunks(next, 1, () => published.push(-1), (c) => published.push(c));
    expect(published).toEqual([]);
  });

  it('the engine runs what no helper published, and counts what they did', () => {
    const board = newBoard(4);
    // Chunk 0 published by a helper, 1 taken and unfinished, 2 and 3 never taken.
    Atomics.store(board.state, 0, PUBLISHED);
    Atomics.store(board.state, 1, TAKEN);
    Atomics.store(board.counters, 0, 4);
    const ran: number[] = [];
    expect(engineChunks(board, 4, (c) => ran.push(c), { takeChunks: true, waitMs: 0 })).toEqual({ byHelpers: 1, redone: 3 });
    expect(ran).toEqual([1, 2, 3]);
    expect([...board.state]).toEqual([PUBLISHED, ENGINE, ENGINE, ENGINE]);
  });

  it('runs a small plan on the calling thread alone', () => {
    expect(parallelCandidates({ threads: 4 })).not.toBe(runHere);
    expect(parallelCandidates({ threads: 1 })).toBe(runHere);
  });

  it('the engine with helper threads chooses the same proposals as with one', () => {
    const run = (queryThreads: number) => {
      const engine = createEngine({ queryThreads });
      engine.sync({ offers, demands });
      engine.candidates({ scope: 'all', params });
      return engine.assign({ params, excluded: [], usedByDemand: [], usedByOffer: [], expertLoad: [] }).keys;
    };
    expect(run(3)).toEqual(run(1));
  });
});

describe('the index arrays grow together', () => {
  it('finds each of thousands of records by a term only it has (per-term arrays keep one length)', () => {
    // 4,000 records × 3 unique syllables: the term arrays grow many times past their first 1,024.
    const word = (i: number, tag: string) => `${tag}${[...i.toString(26).padStart(3, '0')].map((c) => String.fromCharCode(97 + parseInt(c, 26))).join('')}`;
    const many = Array.from({ length: 4_000 }, (_, i) => makeOffer({ id: `u-${i}`, organizationId: `org-u-${i}`, title: { vi: `thiết bị ${word(i, 'zq')} ${word(i, 'xk')} ${word(i, 'wv')}` }, summary: { vi: '' }, keywords: [], fields: ['MEC.ROBOT'] }));
    const probe = [0, 1_023, 1_537, 2_901, 3_999];
    const index = createMatchIndex(many, probe.map((i) => makeDemand({ id: `d-${i}`, organizationId: `org-d-${i}`, title: { vi: `${word(i, 'zq')} ${word(i, 'xk')} ${word(i, 'wv')}` }, problem: { vi: '' }, keywords: [], fields: ['MEC.ROBOT'] }))) as MatchIndexImpl;
    for (const i of probe) expect(offerCandidates(index, `d-${i}`, 1)[0]?.offerId).toBe(`u-${i}`);
    // A view (queried by slot, as helpers do) finds the same.
    const view = MatchIndexImpl.fromView(fromWire(structuredClone(toWire(index.view()))));
    const plan = queryPlan(index, { offerIds: [], demandIds: probe.map((i) => `d-${i}`) });
    const keys = runHere(view, { ...params, candidatesPerDemand: 1 }).queries(plan);
    expect([...keys].map((k) => index.offers.docs[k % 2 ** 26]!.id)).toEqual(probe.map((i) => `u-${i}`));
  });
});

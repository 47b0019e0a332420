import { describe, expect, it } from 'vitest';
import { createEngine } from '../../../src/modules/matching/engine/engine.js';
import { DEMAND_LAYOUT, OFFER_LAYOUT, packRecords, unpackRecords } from '../../../src/modules/matching/engine/packed-records.js';
import { fromWire, parallelQueries, toWire, type QueryStats } from '../../../src/modules/matching/engine/parallel.js';
import { createMatchIndex, DEFAULT_PARAMS, offerCandidates } from '../../../src/modules/matching/scoring/index.js';
import { MatchIndexImpl } from '../../../src/modules/matching/scoring/matchindex.js';
import { queryChunks, queryPlan, runQueriesHere } from '../../../src/modules/matching/scoring/pipeline.js';
import type { DemandInput, OfferInput } from '../../../src/modules/matching/scoring/types.js';
import { demoDemands, demoOffers } from './demo-inputs.js';
import { fillerOffers, makeDemand, makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };
const offers = [...demoOffers(), ...fillerOffers(240)];
const demands = demoDemands();
const scope = { offerIds: offers.map((o) => o.id), demandIds: demands.map((d) => d.id) };
// Small chunks, so that a few hundred records make dozens of them.
const chunk = { demands: 2, offers: 8 };

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

describe('candidate queries spread over threads', () => {
  const index = createMatchIndex(offers, demands) as MatchIndexImpl;
  // A removed record leaves a tombstone that every thread must skip.
  index.removeOffer('filler-3');
  const plan = queryPlan(index, scope, chunk);
  const here = runQueriesHere(index, plan, params);

  it('a plan has many chunks, and a view of the index answers like the index', () => {
    expect(queryChunks(plan)).toBeGreaterThan(40);
    const view = MatchIndexImpl.fromView(fromWire(structuredClone(toWire(index.view()))));
    expect(runQueriesHere(view, plan, params)).toEqual(here);
  });

  it.each([2, 3])('gives the same keys, chunk by chunk, when %i threads share the chunks', (threads) => {
    let stats: QueryStats | undefined;
    const run = parallelQueries({ threads, minChunks: 1, onStats: (s) => (stats = s) });
    expect(run(index, plan, params)).toEqual(here);
    expect(stats).toMatchObject({ chunks: queryChunks(plan), threads });
  });

  it('gives the same keys when the helpers run every chunk', () => {
    let stats: QueryStats | undefined;
    const run = parallelQueries({ threads: 3, minChunks: 1, engineTakesChunks: false, waitMs: 60_000, onStats: (s) => (stats = s) });
    expect(run(index, plan, params)).toEqual(here);
    expect(stats).toMatchObject({ chunks: queryChunks(plan), threads: 3, byHelpers: queryChunks(plan), redone: 0 });
  }, 90_000);

  it('gives the same keys when a helper cannot run: the engine runs its chunks', () => {
    let stats: QueryStats | undefined;
    // A helper with a 1 MB heap dies before it can take a chunk; the engine waits a little, then runs them all.
    const run = parallelQueries({ threads: 2, minChunks: 1, helperHeapMb: 1, engineTakesChunks: false, waitMs: 200, onStats: (s) => (stats = s) });
    expect(run(index, plan, params)).toEqual(here);
    expect(stats).toMatchObject({ byHelpers: 0, redone: queryChunks(plan) });
  });

  it('runs a small plan on the calling thread alone', () => {
    expect(parallelQueries({ threads: 4 })).not.toBe(runQueriesHere);
    expect(parallelQueries({ threads: 1 })).toBe(runQueriesHere);
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
    const keys = runQueriesHere(view, plan, { ...params, candidatesPerDemand: 1 });
    expect([...keys].map((k) => index.offers.docs[k % 2 ** 26]!.id)).toEqual(probe.map((i) => `u-${i}`));
  });
});

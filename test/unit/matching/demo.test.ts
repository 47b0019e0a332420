import { describe, expect, it } from 'vitest';
import { createMatchIndex, DEFAULT_PARAMS, scoreCandidates } from '../../../src/modules/matching/scoring/index.js';
import { demoDemands, demoOffers, intendedMatches } from './demo-inputs.js';
import { NOW } from './factories.js';

describe('demo data sanity (test/fixtures/demo-intended-matches.md)', () => {
  const offers = demoOffers();
  const demands = demoDemands();
  const ix = createMatchIndex(offers, demands);
  const params = { ...DEFAULT_PARAMS, now: NOW };
  const pairs = scoreCandidates(ix, { demandIds: demands.map((d) => d.id), offerIds: offers.map((o) => o.id) }, params);
  const rows = intendedMatches();
  const ranking = (demandId: string) => pairs.filter((p) => p.demandId === demandId).map((p) => p.offerId);

  it('reads every row of the fixture', () => {
    expect(rows).toHaveLength(41);
    expect(rows.find((r) => r.demand === 'demand-004')).toEqual({ demand: 'demand-004', solved: ['offer-064', 'offer-065'], partial: ['offer-017'], negatives: ['offer-066'] });
  });

  it('puts an intended offer in the top 5 for at least 90 % of demands', () => {
    const hits = rows.filter((r) => ranking(r.demand).slice(0, 5).some((id) => r.solved.includes(id)));
    expect(hits.length / rows.length).toBeGreaterThanOrEqual(0.9);
  });

  it('ranks the best intended offer first for most demands', () => {
    const first = rows.filter((r) => r.solved.includes(ranking(r.demand)[0] ?? ''));
    expect(first.length / rows.length).toBeGreaterThanOrEqual(0.8);
  });

  it('ranks hard negatives (shared words, no solution) below the best intended offer', () => {
    let below = 0;
    let total = 0;
    for (const r of rows) {
      const ranked = ranking(r.demand);
      const best = Math.min(...r.solved.map((id) => (ranked.includes(id) ? ranked.indexOf(id) : Infinity)));
      for (const n of r.negatives) {
        total++;
        const at = ranked.indexOf(n);
        if (at < 0 || at > best) below++;
      }
    }
    expect(below / total).toBeGreaterThanOrEqual(0.9);
  });
});

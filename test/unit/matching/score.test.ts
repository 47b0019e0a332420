import { describe, expect, it } from 'vitest';
import {
  ALGORITHM_VERSION,
  createMatchIndex,
  DEFAULT_PARAMS,
  explainPair,
  formatVnd,
  offerCandidates,
  scoreCandidates,
  scoreExhaustive,
  scorePair,
} from '../../../src/modules/matching/scoring/index.js';
import { demoDemands, demoOffers } from './demo-inputs.js';
import { fillerOffers, makeDemand, makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };

describe('never proposed, flagged', () => {
  it.each([
    ['a prohibited technology', makeOffer({ regulatoryClass: 'prohibited' }), makeDemand()],
    ['both sides of one organisation', makeOffer({ organizationId: 'same' }), makeDemand({ organizationId: 'same' })],
  ])('%s scores null and is never a candidate', (_name, offer, demand) => {
    const ix = createMatchIndex([offer, ...fillerOffers(5)], [demand]);
    expect(scorePair(ix, offer, demand, params)).toBeNull();
    expect(offerCandidates(ix, demand.id, 50).map((c) => c.offerId)).not.toContain(offer.id);
    const all = scoreCandidates(ix, { demandIds: [demand.id], offerIds: [offer.id] }, { ...params, minScore: 0 });
    expect(all.some((p) => p.offerId === offer.id)).toBe(false);
  });

  it.each([
    ['restricted', ['restricted']],
    ['normal', []],
    ['encouraged', []],
  ] as const)('a %s technology is flagged %j', (regulatoryClass, flags) => {
    const offer = makeOffer({ regulatoryClass });
    const demand = makeDemand();
    const ix = createMatchIndex([offer], [demand]);
    expect(scorePair(ix, offer, demand, params)!.flags).toEqual(flags);
  });
});

describe('reciprocal fusion', () => {
  it('a one-sided fit ranks below a balanced one even with a better demand side', () => {
    const demand = makeDemand({ dealTypes: ['technical_assistance'], languages: ['vi'] });
    // Suits the demand perfectly, but its owner only wants Korean buyers.
    const oneSided = makeOffer({ id: 'one-sided', organizationId: 'a', trl: 9, targetCountries: ['KR'] });
    // A little weaker for the demand (TRL just met, price unknown) but the owner wants this buyer.
    const balanced = makeOffer({ id: 'balanced', organizationId: 'b', trl: 6, priceMin: null, priceMax: null, targetProvinces: ['31'] });
    const ix = createMatchIndex([oneSided, balanced, ...fillerOffers(10)], [demand]);
    const a = scorePair(ix, oneSided, demand, params)!;
    const b = scorePair(ix, balanced, demand, params)!;
    expect(a.demandFit).toBeGreaterThan(b.demandFit);
    expect(a.supplyFit).toBeLessThan(b.supplyFit);
    expect(b.score).toBeGreaterThan(a.score);
    expect(a.score).toBeLessThan((a.demandFit + a.supplyFit) / 2);
  });
});

describe('breakdown and reasons', () => {
  const offers = demoOffers();
  const demands = demoDemands();
  const ix = createMatchIndex(offers, demands);
  const pairs = [
    ['offer-015', 'demand-001'],
    ['offer-033', 'demand-002'],
    ['offer-064', 'demand-004'],
    ['offer-032', 'demand-001'],
    ['offer-063', 'demand-041'],
  ];

  it.each(pairs)('%s × %s: contributions sum to the score, every criterion present', (o, d) => {
    const p = scorePair(ix, ix.offer(o)!, ix.demand(d)!, params)!;
    const sum = p.breakdown.reduce((a, b) => a + b.contribution, 0);
    expect(sum).toBeCloseTo(p.score, 10);
    expect(p.breakdown.map((b) => b.criterion).sort()).toEqual([...Object.keys(params.weights)].sort());
    for (const b of p.breakdown) {
      expect(b.value).toBeGreaterThanOrEqual(0);
      expect(b.value).toBeLessThanOrEqual(1);
      expect(b.weight).toBe(params.weights[b.criterion]);
    }
  });

  it.each(pairs)('%s × %s: two or three reasons in Vietnamese and English', (o, d) => {
    const p = scorePair(ix, ix.offer(o)!, ix.demand(d)!, params)!;
    expect(p.reasons.length).toBeGreaterThanOrEqual(2);
    expect(p.reasons.length).toBeLessThanOrEqual(3);
    for (const r of p.reasons) {
      expect(r.vi.length).toBeGreaterThan(0);
      expect(r.en.length).toBeGreaterThan(0);
      expect(r.en).toMatch(/^[\x20-\x7e–≥]*[A-Za-z]/);
    }
  });

  it('names the field with its taxonomy label and the TRL against the requirement', () => {
    const offer = makeOffer({ fields: ['ENE.SOLAR'], trl: 7 });
    const demand = makeDemand({ fields: ['ENE.SOLAR'], minTrl: 6 });
    const p = scorePair(createMatchIndex([offer], [demand]), offer, demand, params)!;
    const vi = p.reasons.map((r) => r.vi).join('; ');
    const en = p.reasons.map((r) => r.en).join('; ');
    expect(vi).toContain('Cùng lĩnh vực năng lượng mặt trời');
    expect(en).toContain('Same field: solar energy');
    expect(vi).toContain('TRL 7 ≥ yêu cầu 6');
    expect(en).toContain('TRL 7 ≥ required 6');
  });

  it.each([
    [8e8, 1.2e9, '0,8–1,2 tỷ', '0.8–1.2 billion VND'],
    [5e8, 7.5e8, '500–750 triệu', '500–750 million VND'],
    [1.25e9, null, 'từ 1,25 tỷ', 'from 1.25 billion VND'],
    [null, 3e9, 'đến 3 tỷ', 'up to 3 billion VND'],
    [2e9, 2e9, '2 tỷ', '2 billion VND'],
  ])('formats %s–%s VND as %s / %s', (min, max, vi, en) => {
    expect(formatVnd(min, max)).toEqual({ vi, en });
  });

  it('puts the price within budget into the reasons', () => {
    const offer = makeOffer({ fields: ['ICT.SOFT'], keywords: [], trl: 5 });
    const demand = makeDemand({ fields: ['ENV.WATER'], minTrl: null, keywords: [] });
    const p = scorePair(createMatchIndex([offer], [demand]), offer, demand, params)!;
    expect(p.reasons.map((r) => r.vi)).toContain('giá 0,8–1,2 tỷ nằm trong ngân sách');
    expect(p.reasons.map((r) => r.en)).toContain('price 0.8–1.2 billion VND within budget');
  });
});

describe('candidates and runs', () => {
  const offers = demoOffers();
  const demands = demoDemands();
  const scope = { demandIds: demands.map((d) => d.id), offerIds: offers.map((o) => o.id) };

  it('is deterministic: same inputs, same output, whatever the insertion order', () => {
    const a = scoreCandidates(createMatchIndex(offers, demands), scope, params);
    const b = scoreCandidates(createMatchIndex([...offers].reverse(), [...demands].reverse()), scope, params);
    expect(b).toEqual(a);
    expect(a.length).toBeGreaterThan(demands.length);
    expect(ALGORITHM_VERSION).toMatch(/^ketnoi-match\/\d+\.\d+$/);
  });

  it('an index built incrementally (upserts, edits, removals) scores like one built from scratch', () => {
    const inc = createMatchIndex([], []);
    for (const o of offers) inc.upsertOffer({ ...o, title: { vi: 'bản nháp cũ' } });
    for (const d of demands) inc.upsertDemand(d);
    inc.upsertDemand(makeDemand({ id: 'temporary' }));
    for (const o of offers) inc.upsertOffer(o);
    inc.removeDemand('temporary');
    inc.removeOffer('offer-001');
    inc.removeDemand('demand-002');
    const rebuilt = createMatchIndex(
      offers.filter((o) => o.id !== 'offer-001'),
      demands.filter((d) => d.id !== 'demand-002'),
    );
    expect(inc.offerCount).toBe(rebuilt.offerCount);
    expect(inc.demandCount).toBe(rebuilt.demandCount);
    expect(inc.offer('offer-001')).toBeUndefined();
    const s = { demandIds: scope.demandIds, offerIds: scope.offerIds };
    expect(scoreCandidates(inc, s, params)).toEqual(scoreCandidates(rebuilt, s, params));
    expect(scoreExhaustive(inc, 'demand-001', params)).toEqual(scoreExhaustive(rebuilt, 'demand-001', params));
  });

  it('an index compacted after mass removals still scores like one built from scratch', () => {
    const extra = fillerOffers(1500);
    const inc = createMatchIndex([...extra, ...offers], demands);
    for (const o of extra.slice(0, 1400)) inc.removeOffer(o.id);
    const rebuilt = createMatchIndex([...extra.slice(1400), ...offers], demands);
    const s = { demandIds: scope.demandIds.slice(0, 10), offerIds: [] };
    expect(inc.offerCount).toBe(rebuilt.offerCount);
    expect(scoreCandidates(inc, s, params)).toEqual(scoreCandidates(rebuilt, s, params));
  });

  it('drops excluded (declined) pairs and pairs below minScore; explainPair fills in breakdown and reasons', () => {
    const ix = createMatchIndex(offers, demands);
    const all = scoreCandidates(ix, scope, params);
    expect(all.every((p) => p.score >= params.minScore)).toBe(true);
    const top = all[0]!;
    const excluded = new Set([`${top.offerId}:${top.demandId}`]);
    const rest = scoreCandidates(ix, scope, params, excluded);
    expect(rest.some((p) => p.offerId === top.offerId && p.demandId === top.demandId)).toBe(false);
    expect(rest.length).toBe(all.length - 1);
    const explained = explainPair(ix, top, params)!;
    expect(explained.score).toBe(top.score);
    expect(explained.reasons.length).toBeGreaterThanOrEqual(2);
    const withExplain = scoreCandidates(ix, { demandIds: [top.demandId], offerIds: [] }, params, undefined, { explain: true });
    expect(withExplain.every((p) => p.breakdown.length > 0 && p.reasons.length > 0)).toBe(true);
  });

  it('the top 10 from candidates equals the top 10 of exhaustive scoring (above minScore)', () => {
    const ix = createMatchIndex(offers, demands);
    const fromCandidates = scoreCandidates(ix, { demandIds: scope.demandIds, offerIds: [] }, params);
    for (const d of demands) {
      const got = fromCandidates.filter((p) => p.demandId === d.id).slice(0, 10).map((p) => p.offerId);
      const want = scoreExhaustive(ix, d.id, params).filter((p) => p.score >= params.minScore).slice(0, 10).map((p) => p.offerId);
      expect(got).toEqual(want);
    }
  });
});

describe('fuseBound: retrieval may skip a record only when its best fusion cannot compete', () => {
  it('is never below the fused score, over every demo pair and a range of coverages', async () => {
    const { fuse, fuseBound } = await import('../../../src/modules/matching/scoring/score.js');
    const { referenceTime } = await import('../../../src/modules/matching/scoring/features.js');
    const now = referenceTime(params.now);
    let pairs = 0;
    let tight = 0;
    for (const o of demoOffers()) {
      for (const d of demoDemands()) {
        for (const [covD, covO] of [[0, 0], [0.05, 0.3], [0.2, 0.1], [0.5, 0.5], [1, 1]] as const) {
          const score = fuse(o, d, covD, covO, params, now).score;
          const bound = fuseBound(o.fields, d.fields, covD, covO, params);
          expect(bound).toBeGreaterThanOrEqual(score - 1e-12);
          pairs++;
          if (bound - score < 1e-9) tight++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(1000);
    // Not a vacuous bound: it is reached where every structured criterion is met.
    expect(tight).toBeGreaterThan(0);
  });

  it('bounds nothing (NaN) when a weight is negative', async () => {
    const { fuseBound } = await import('../../../src/modules/matching/scoring/score.js');
    expect(fuseBound(['ENV.WATER'], ['ENV.WATER'], 0.3, 0.3, { ...params, weights: { ...params.weights, trl: -0.1 } })).toBeNaN();
  });
});

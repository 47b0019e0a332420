import { describe, expect, it } from 'vitest';
import {
  createMatchIndex,
  DEFAULT_PARAMS,
  scorePair,
  type Criterion,
  type DemandInput,
  type MatchParams,
  type OfferInput,
} from '../../../src/modules/matching/scoring/index.js';
import { fillerOffers, makeDemand, makeOffer, NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };

function score(o: Partial<OfferInput>, d: Partial<DemandInput>) {
  const offer = makeOffer(o);
  const demand = makeDemand(d);
  const ix = createMatchIndex([offer, ...fillerOffers(12)], [demand]);
  const p = scorePair(ix, offer, demand, params);
  if (!p) throw new Error('pair unexpectedly excluded');
  return p;
}
const value = (c: Criterion, o: Partial<OfferInput>, d: Partial<DemandInput>): number => score(o, d).breakdown.find((b) => b.criterion === c)!.value;

describe('structured criteria', () => {
  it.each<[string, Criterion, Partial<OfferInput>, Partial<DemandInput>, number]>([
    ['TRL above the minimum', 'trl', { trl: 8 }, { minTrl: 6 }, 1],
    ['TRL equal to the minimum', 'trl', { trl: 6 }, { minTrl: 6 }, 1],
    ['TRL one below', 'trl', { trl: 5 }, { minTrl: 6 }, 0.4],
    ['TRL three below', 'trl', { trl: 3 }, { minTrl: 6 }, 0],
    ['no TRL requirement', 'trl', { trl: 2 }, { minTrl: null }, 1],
    ['price inside the budget', 'price', { priceMin: 8e8, priceMax: 1.2e9 }, { budgetMin: 5e8, budgetMax: 1.5e9 }, 1],
    ['price twice the budget', 'price', { priceMin: 3e9, priceMax: 4e9 }, { budgetMin: null, budgetMax: 1.5e9 }, 0.25],
    ['price unknown', 'price', { priceMin: null, priceMax: null }, {}, 0.7],
    ['price negotiable and unknown', 'price', { priceMin: null, priceMax: null, priceNegotiable: true }, {}, 0.8],
    ['deal types overlap', 'deal', { dealTypes: ['sale', 'consulting'] }, { dealTypes: ['consulting'] }, 1],
    ['deal types disjoint', 'deal', { dealTypes: ['sale'] }, { dealTypes: ['joint_venture'] }, 0.1],
    ['deal types: no preference', 'deal', { dealTypes: ['sale'] }, { dealTypes: [] }, 0.85],
    ['transfer methods overlap', 'method', { transferMethods: ['training'] }, { transferMethods: ['training', 'equipment'] }, 1],
    ['transfer methods disjoint', 'method', { transferMethods: ['documents'] }, { transferMethods: ['equipment'] }, 0.1],
    ['domestic wanted, domestic offered', 'origin', { country: 'VN' }, { originPreference: 'domestic' }, 1],
    ['domestic wanted, foreign offered', 'origin', { country: 'KR' }, { originPreference: 'domestic' }, 0.15],
    ['foreign wanted, foreign offered', 'origin', { country: 'KR' }, { originPreference: 'foreign' }, 1],
    ['foreign wanted, domestic offered', 'origin', { country: 'VN' }, { originPreference: 'foreign' }, 0.3],
    ['target province matches', 'geography', { targetProvinces: ['31'] }, { province: '31' }, 1],
    ['target province elsewhere', 'geography', { targetProvinces: ['01'] }, { province: '31' }, 0.4],
    ['no target: anywhere', 'geography', { targetProvinces: [] }, { province: '31' }, 1],
    ['target country excludes the demand', 'geography', { targetCountries: ['KR'] }, { country: 'VN' }, 0.1],
    ['shared language', 'language', { languages: ['ko', 'en'] }, { languages: ['vi', 'en'] }, 1],
    ['no shared language', 'language', { languages: ['ko'] }, { languages: ['vi'] }, 0.35],
    ['same field code', 'fields', { fields: ['ENV.WATER'] }, { fields: ['ENV.WATER'] }, 1],
    ['same theme, other field', 'fields', { fields: ['ENV.WASTE'] }, { fields: ['ENV.WATER'] }, 0.5],
    ['unrelated fields', 'fields', { fields: ['ICT.SOFT'] }, { fields: ['ENV.WATER'] }, 0],
    ['both updated last month', 'freshness', { updatedAt: new Date('2026-10-01') }, { updatedAt: new Date('2026-10-01') }, 1],
  ])('%s: %s = %d', (_name, criterion, o, d, expected) => {
    expect(value(criterion, o, d)).toBeCloseTo(expected, 5);
  });

  it.each<[string, Partial<OfferInput>, Partial<DemandInput>, Partial<OfferInput>, Partial<DemandInput>]>([
    ['TRL below the minimum is a strong penalty', { trl: 7 }, { minTrl: 7 }, { trl: 5 }, { minTrl: 7 }],
    ['price over budget ranks lower', { priceMin: 1e9, priceMax: 1.2e9 }, {}, { priceMin: 5e9, priceMax: 6e9 }, {}],
    ['negotiable softens a price over budget', { priceMin: 3e9, priceMax: 4e9, priceNegotiable: true }, { budgetMax: 1.5e9 }, { priceMin: 3e9, priceMax: 4e9 }, { budgetMax: 1.5e9 }],
    ['deal type overlap beats none', { dealTypes: ['consulting'] }, { dealTypes: ['consulting'] }, { dealTypes: ['sale'] }, { dealTypes: ['consulting'] }],
    ['origin preference met beats unmet', { country: 'VN' }, { originPreference: 'domestic' }, { country: 'KR' }, { originPreference: 'domestic' }],
    ['target province beats elsewhere', { targetProvinces: ['31'] }, {}, { targetProvinces: ['01'] }, {}],
    ['shared language beats none', { languages: ['vi'] }, {}, { languages: ['ko'] }, {}],
    ['a fresh offer beats a stale one', { updatedAt: new Date('2026-10-01') }, {}, { updatedAt: new Date('2023-01-01') }, {}],
    ['same field beats same theme beats unrelated', { fields: ['ENV.WATER'] }, {}, { fields: ['ENV.WASTE'] }, {}],
  ])('%s', (_name, oBetter, dBetter, oWorse, dWorse) => {
    expect(score(oBetter, dBetter).score).toBeGreaterThan(score(oWorse, dWorse).score);
  });

  it('TRL two levels short loses at least a third of the score', () => {
    expect(score({ trl: 5 }, { minTrl: 7 }).score).toBeLessThan(0.67 * score({ trl: 7 }, { minTrl: 7 }).score);
  });

  it('freshness decays with age and is neutral without a reference time', () => {
    const offer = makeOffer({ updatedAt: new Date('2023-01-01') });
    const demand = makeDemand();
    const ix = createMatchIndex([offer], [demand]);
    const fresh = (p: MatchParams) => scorePair(ix, offer, demand, p)!.breakdown.find((b) => b.criterion === 'freshness')!.value;
    expect(fresh(params)).toBeLessThan(0.7);
    const { now: _now, ...withoutNow } = params;
    expect(fresh(withoutNow)).toBe(1);
  });
});

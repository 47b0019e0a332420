import { describe, expect, it } from 'vitest';
import { DEFAULT_PARAMS, suggestExperts, type ExpertInput } from '../../../src/modules/matching/scoring/index.js';
import { analyze } from '../../../src/modules/matching/scoring/analyze.js';
import { expertCandidates } from '../../../src/modules/matching/scoring/experts.js';
import { fieldCover } from '../../../src/modules/matching/scoring/features.js';
import { demoDemands, demoExperts, demoOffers } from './demo-inputs.js';
import { makeDemand, makeExpert, makeOffer } from './factories.js';

const params = DEFAULT_PARAMS;
const offer = makeOffer();
const demand = makeDemand();
const ids = (experts: ExpertInput[], load = new Map<string, number>(), o = offer, d = demand, p = params) =>
  suggestExperts(o, d, experts, load, p).map((s) => s.expertId);

describe('suggestExperts', () => {
  it.each([
    ['a conflict of interest with the supplier', { conflictOrganizationIds: ['org-supply'] }],
    ['a conflict of interest with the demander', { conflictOrganizationIds: ['org-demand'] }],
    ['affiliated with the supplier', { affiliationId: 'org-supply' }],
    ['affiliated with the demander', { affiliationId: 'org-demand' }],
    ['fully booked', { maxMeetingsPerEvent: 2 }],
    ['outside the pair’s fields and keywords', { fields: ['ICT.SEC'], keywords: ['mã hóa'] }],
  ])('excludes an expert with %s', (_name, overrides) => {
    const load = new Map([['bad', 2]]);
    expect(ids([makeExpert({ id: 'ok' }), makeExpert({ id: 'bad', ...overrides })], load)).toEqual(['ok']);
  });

  it('prefers the expert who speaks the language both sides share', () => {
    const o = makeOffer({ languages: ['ko', 'en'] });
    const d = makeDemand({ languages: ['vi', 'en'] });
    const viOnly = makeExpert({ id: 'vi-only', languages: [{ code: 'vi', level: 'native' }] });
    const en = makeExpert({ id: 'en', languages: [{ code: 'vi', level: 'native' }, { code: 'en', level: 'working' }] });
    expect(ids([viOnly, en], new Map(), o, d)).toEqual(['en', 'vi-only']);
  });

  it('without a shared language, prefers an interpreter who bridges both sides', () => {
    const o = makeOffer({ languages: ['ko'] });
    const d = makeDemand({ languages: ['vi'] });
    const bridge = makeExpert({ id: 'bridge', roles: ['interpreter', 'technical_assessor'], languages: [{ code: 'vi', level: 'native' }, { code: 'ko', level: 'fluent' }] });
    const viOnly = makeExpert({ id: 'vi-only' });
    const basicKo = makeExpert({ id: 'basic-ko', languages: [{ code: 'vi', level: 'native' }, { code: 'ko', level: 'basic' }] });
    const got = suggestExperts(o, d, [viOnly, basicKo, bridge], new Map(), params);
    expect(got[0]!.expertId).toBe('bridge');
    expect(got[0]!.reasons.map((r) => r.en)).toContain('Speaks Vietnamese and Korean');
  });

  it('penalises load: a busy expert ranks below an idle equal', () => {
    const load = new Map([['busy', 8]]);
    expect(ids([makeExpert({ id: 'busy' }), makeExpert({ id: 'idle' })], load)).toEqual(['idle', 'busy']);
    expect(ids([makeExpert({ id: 'busy' }), makeExpert({ id: 'idle' })], new Map([['idle', 8]]))).toEqual(['busy', 'idle']);
  });

  it('returns at most three, and at most expertsPerProposal', () => {
    const many = Array.from({ length: 8 }, (_, i) => makeExpert({ id: `e${i}` }));
    expect(ids(many)).toHaveLength(3);
    expect(ids(many, new Map(), offer, demand, { ...params, expertsPerProposal: 1 })).toEqual(['e0']);
    expect(ids(many, new Map(), offer, demand, { ...params, expertsPerProposal: 10 })).toHaveLength(3);
  });

  it('prefers the same field over the same theme, and gives reasons in both languages', () => {
    const same = makeExpert({ id: 'same', fields: ['ENV.WATER'], keywords: [] });
    const theme = makeExpert({ id: 'theme', fields: ['ENV.AIR'], keywords: [] });
    const got = suggestExperts(offer, demand, [theme, same], new Map(), params);
    expect(got.map((s) => s.expertId)).toEqual(['same', 'theme']);
    expect(got[0]!.reasons[0]).toEqual({ vi: 'Chuyên gia lĩnh vực xử lý nước và nước thải', en: 'Expert in water and wastewater treatment' });
  });

  it('on the demo data, suggests relevant experts without conflicts', () => {
    const experts = demoExperts();
    const o = demoOffers().find((x) => x.id === 'offer-015')!;
    const d = demoDemands().find((x) => x.id === 'demand-001')!;
    const got = suggestExperts(o, d, experts, new Map(), params);
    expect(got.length).toBeGreaterThan(0);
    for (const s of got) {
      const e = experts.find((x) => x.id === s.expertId)!;
      expect(e.conflictOrganizationIds).not.toContain(o.organizationId);
      expect(e.conflictOrganizationIds).not.toContain(d.organizationId);
      expect(s.reasons.length).toBeGreaterThan(0);
    }
  });
});

describe('suggestExperts when everyone is booked', () => {
  it('suggests nobody once every expert has as many open proposals as meetings allowed, and an unlimited expert is never booked', () => {
    const a = makeExpert({ id: 'a', maxMeetingsPerEvent: 1 });
    const b = makeExpert({ id: 'b', maxMeetingsPerEvent: 2 });
    expect(ids([a, b], new Map([['a', 1], ['b', 2]]))).toEqual([]);
    expect(ids([a, b], new Map([['a', 1], ['b', 1]]))).toEqual(['b']);
    expect(ids([a, makeExpert({ id: 'c', maxMeetingsPerEvent: 0 })], new Map([['a', 1], ['c', 99]]))).toEqual(['c']);
  });
});

describe('expertCandidates: the pool suggestExperts scores', () => {
  // Every demo pair against every demo expert: an expert left out of a pair's pool must have no
  // field in common (fieldCover 0) and no keyword whose terms all occur in the pair's texts.
  const experts = demoExperts();
  const offers = demoOffers();
  const demands = demoDemands();
  const textsOf = (o: ReturnType<typeof makeOffer>, d: ReturnType<typeof makeDemand>) =>
    new Set([o.title, o.summary, d.title, d.problem].flatMap((l) => [l?.vi, l?.en, l?.ko]).concat(o.keywords, d.keywords).flatMap((s) => (s ? analyze(s).folded : [])));

  it.each(demands.slice(0, 12).map((d) => [d.id, d] as const))('never leaves out an expert who could fit a pair of %s', (_id, d) => {
    let left = 0;
    for (const o of offers) {
      const pool = new Set(expertCandidates(experts, o, d));
      const terms = textsOf(o, d);
      experts.forEach((e, i) => {
        if (pool.has(i)) return;
        left++;
        expect(Math.max(fieldCover(d.fields, e.fields), fieldCover(o.fields, e.fields))).toBe(0);
        for (const k of e.keywords) {
          const ts = analyze(k).folded.filter((t) => !t.startsWith('~'));
          if (ts.length > 0) expect(ts.every((t) => terms.has(t))).toBe(false);
        }
      });
    }
    expect(left).toBeGreaterThan(0);
  });

  it('lists candidates once each, in the experts order', () => {
    const got = expertCandidates(experts, offers[0]!, demands[0]!);
    expect(got).toEqual([...new Set(got)].sort((a, b) => a - b));
  });
});

import { describe, expect, it } from 'vitest';
import { byScoreThenIds, createEngine, type EngineProposal } from '../../../src/modules/matching/engine/engine.js';
import { DEFAULT_PARAMS } from '../../../src/modules/matching/scoring/index.js';
import { demoDemands, demoExperts, demoOffers } from './demo-inputs.js';
import { NOW } from './factories.js';

const params = { ...DEFAULT_PARAMS, now: NOW };
const none = { excluded: [], usedByDemand: [], usedByOffer: [], expertLoad: [] };

/** A warm engine on the demo records, with candidates for everything and the assignment made. */
function assigned() {
  const engine = createEngine();
  engine.sync({ offers: demoOffers(), demands: demoDemands(), experts: demoExperts() });
  engine.candidates({ scope: 'all', params });
  return { engine, result: engine.assign({ params, ...none }) };
}

function allInChunks(engine: ReturnType<typeof createEngine>, selected: number, size: number): EngineProposal[] {
  const out: EngineProposal[] = [];
  for (let from = 0; from < selected; from += size) out.push(...engine.proposals({ from, to: from + size }).proposals);
  return out;
}

describe('engine: proposals handed out in chunks', () => {
  const { engine, result } = assigned();
  const whole = engine.proposals({ from: 0, to: result.selected }).proposals;

  it('selects proposals and lists their keys in write order (best first, ties by ids)', () => {
    expect(result.selected).toBeGreaterThan(30);
    expect(whole).toHaveLength(result.selected);
    expect(whole.map((p) => `${p.offerId}:${p.demandId}`)).toEqual(result.keys);
    expect([...whole].sort(byScoreThenIds)).toEqual(whole);
  });

  it.each([1, 7, 1_000])('gives the same proposals, explained, in chunks of %i', (size) => {
    expect(allInChunks(engine, result.selected, size)).toEqual(whole);
  });

  it('explains every proposal and carries both sides provinces', () => {
    for (const p of whole) {
      expect(p.reasons.length).toBeGreaterThan(0);
      expect(p.breakdown.length).toBeGreaterThan(0);
      expect(p.supplyProvince).toMatch(/^\d+$/);
      expect(p.demandProvince).toMatch(/^\d+$/);
    }
  });

  it('chooses experts over the whole list in write order, whatever chunk is asked first (a restart)', () => {
    const fresh = assigned();
    const tail = fresh.engine.proposals({ from: 10, to: fresh.result.selected }).proposals;
    expect(tail).toEqual(whole.slice(10));
    expect(whole.some((p) => p.experts.length > 0)).toBe(true);
  });

  it('clips ranges to the selection and refuses chunks before an assignment', () => {
    expect(engine.proposals({ from: result.selected, to: result.selected + 5 }).proposals).toEqual([]);
    expect(engine.proposals({ from: -3, to: 2 }).proposals).toEqual(whole.slice(0, 2));
    const cold = createEngine();
    expect(() => cold.proposals({ from: 0, to: 1 })).toThrow(/without an assignment/);
    engine.candidates({ scope: 'all', params });
    expect(() => engine.proposals({ from: 0, to: 1 })).toThrow(/without an assignment/);
  });
});

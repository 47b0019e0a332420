import { describe, expect, it } from 'vitest';
import { assign, type AssignCaps, type AssignEdge } from '../../../src/modules/matching/scoring/assign.js';
import { mulberry32 } from '../../../src/lib/random.js';

const e = (demandId: string, offerId: string, score: number): AssignEdge => ({ demandId, offerId, score });
const total = (edges: readonly AssignEdge[]): number => edges.reduce((s, x) => s + x.score, 0);
const pairs = (edges: readonly AssignEdge[]): string[] => edges.map((x) => `${x.demandId}-${x.offerId}`).sort();


const capOf = (cap: AssignCaps['perDemand'], id: string): number => (typeof cap === 'number' ? cap : cap(id));

function respectsCaps(chosen: readonly AssignEdge[], caps: AssignCaps): boolean {
  const perDemand = new Map<string, number>();
  const perOffer = new Map<string, number>();
  for (const x of chosen) {
    perDemand.set(x.demandId, (perDemand.get(x.demandId) ?? 0) + 1);
    perOffer.set(x.offerId, (perOffer.get(x.offerId) ?? 0) + 1);
  }
  return [...perDemand].every(([id, n]) => n <= capOf(caps.perDemand, id)) && [...perOffer].every(([id, n]) => n <= capOf(caps.perOffer, id));
}

/** The best total over every subset of the edges that respects the caps. */
function bruteForce(edges: readonly AssignEdge[], caps: AssignCaps): number {
  let best = 0;
  for (let mask = 0; mask < 1 << edges.length; mask++) {
    const subset = edges.filter((_, i) => mask & (1 << i));
    if (respectsCaps(subset, caps)) best = Math.max(best, total(subset));
  }
  return best;
}

/** Best edge first, taken when both sides still have room: the baseline the assignment must beat. */
function greedy(edges: readonly AssignEdge[], caps: AssignCaps): AssignEdge[] {
  const chosen: AssignEdge[] = [];
  for (const x of [...edges].sort((a, b) => b.score - a.score)) {
    if (respectsCaps([...chosen, x], caps)) chosen.push(x);
  }
  return chosen;
}

const one: AssignCaps = { perDemand: 1, perOffer: 1 };

describe('assign: hand-computed cases', () => {
  it.each<[string, AssignEdge[], AssignCaps, string[], number]>([
    ['nothing in, nothing out', [], one, [], 0],
    ['a single edge', [e('a', 'x', 0.7)], one, ['a-x'], 0.7],
    ['greedy takes the top edge and blocks two good ones', [e('a', 'x', 0.9), e('a', 'y', 0.8), e('b', 'x', 0.85)], one, ['a-y', 'b-x'], 1.65],
    ['the 2×2 where the diagonal loses', [e('a', 'x', 0.9), e('a', 'y', 0.5), e('b', 'x', 0.8), e('b', 'y', 0.1)], one, ['a-y', 'b-x'], 1.3],
    ['fewer pairs when they score more', [e('a', 'x', 0.9), e('a', 'y', 0.2), e('b', 'x', 0.3)], one, ['a-x'], 0.9],
    ['a demand cap of 2', [e('a', 'x', 0.9), e('a', 'y', 0.8), e('a', 'z', 0.7)], { perDemand: 2, perOffer: 1 }, ['a-x', 'a-y'], 1.7],
    ['an offer cap of 2', [e('a', 'x', 0.9), e('b', 'x', 0.8), e('c', 'x', 0.7)], { perDemand: 1, perOffer: 2 }, ['a-x', 'b-x'], 1.7],
    [
      'per-node cap functions, a cap of 0 shuts a node out',
      [e('a', 'x', 0.9), e('a', 'y', 0.6), e('b', 'x', 0.8), e('b', 'z', 0.5), e('c', 'z', 0.4)],
      { perDemand: (id) => (id === 'a' ? 2 : 1), perOffer: (id) => (id === 'z' ? 0 : 1) },
      ['a-x', 'a-y'],
      1.5,
    ],
    ['duplicates keep their best score', [e('a', 'x', 0.3), e('a', 'x', 0.9), e('b', 'x', 0.5)], one, ['a-x'], 0.9],
    ['zero, negative and non-finite scores are never chosen', [e('a', 'x', 0), e('b', 'y', -1), e('c', 'z', Number.NaN), e('d', 'w', 1e-9)], one, [], 0],
    [
      'offers scarcer than demands (the flow starts from the offers)',
      [e('a', 'x', 0.9), e('a', 'y', 0.6), e('b', 'x', 0.8), e('b', 'y', 0.7), e('c', 'x', 0.75), e('c', 'y', 0.1)],
      { perDemand: 2, perOffer: 1 },
      ['a-x', 'b-y'],
      1.6,
    ],
    ['an infinite cap is no cap', [e('a', 'x', 0.9), e('a', 'y', 0.8), e('b', 'x', 0.7)], { perDemand: Infinity, perOffer: Infinity }, ['a-x', 'a-y', 'b-x'], 2.4],
    ['a NaN or negative cap allows nothing', [e('a', 'x', 0.9), e('b', 'y', 0.8)], { perDemand: (id) => (id === 'a' ? Number.NaN : -1), perOffer: 1 }, [], 0],
    ['a chain of steals', [e('a', 'x', 0.9), e('b', 'x', 0.89), e('b', 'y', 0.88), e('c', 'y', 0.87), e('c', 'z', 0.1), e('a', 'w', 0.05)], one, ['a-x', 'b-y', 'c-z'], 1.88],
  ])('%s', (_name, edges, caps, expected, expectedTotal) => {
    const chosen = assign(edges, caps);
    expect(pairs(chosen)).toEqual(expected);
    expect(total(chosen)).toBeCloseTo(expectedTotal, 9);
  });

  it('returns the input objects, ordered by demand then best score', () => {
    const edges = [{ ...e('b', 'x', 0.5), tag: 1 }, { ...e('a', 'y', 0.4), tag: 2 }, { ...e('a', 'x', 0.6), tag: 3 }];
    const chosen = assign(edges, { perDemand: 2, perOffer: 2 });
    expect(chosen.map((x) => x.tag)).toEqual([3, 2, 1]);
    expect(chosen[0]).toBe(edges[2]);
  });

  it('breaks ties by ids, whatever the input order', () => {
    const edges = [e('a', 'y', 0.5), e('a', 'x', 0.5), e('b', 'x', 0.5), e('b', 'y', 0.5)];
    const expected = pairs(assign(edges, one));
    for (const order of [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]]) {
      expect(pairs(assign(order.map((i) => edges[i]!), one))).toEqual(expected);
    }
    expect(expected).toHaveLength(2);
  });
});

describe('assign against an exhaustive oracle', () => {
  const rand = mulberry32(20261129);
  const graphs = Array.from({ length: 200 }, (_, g) => {
    const nDemands = 1 + Math.floor(rand() * 4);
    const nOffers = 1 + Math.floor(rand() * 4);
    const edges: AssignEdge[] = [];
    const size = 1 + Math.floor(rand() * 12);
    for (let i = 0; i < size; i++) {
      // Scores on a 1e-3 grid so that ties happen and the float totals compare exactly enough.
      edges.push(e(`d${Math.floor(rand() * nDemands)}`, `o${Math.floor(rand() * nOffers)}`, Math.round(rand() * 1000) / 1000));
    }
    const unique = [...new Map(edges.map((x) => [`${x.demandId}-${x.offerId}`, x])).values()];
    const capA = 1 + Math.floor(rand() * 3);
    const capB = 1 + Math.floor(rand() * 3);
    const caps: AssignCaps =
      g % 3 === 0 ? { perDemand: (id) => (id.charCodeAt(1) % 2) + 1, perOffer: (id) => (id.charCodeAt(1) % 3) } : { perDemand: capA, perOffer: capB };
    return { name: `graph ${g}`, edges: unique, caps };
  });

  it.each(graphs)('$name: the total equals the best subset and the caps hold', ({ edges, caps }) => {
    const chosen = assign(edges, caps);
    expect(respectsCaps(chosen, caps)).toBe(true);
    expect(total(chosen)).toBeCloseTo(bruteForce(edges, caps), 9);
  });

  it('never loses to greedy, and beats it on some graphs', () => {
    let better = 0;
    for (const { edges, caps } of graphs) {
      const diff = total(assign(edges, caps)) - total(greedy(edges, caps));
      expect(diff).toBeGreaterThan(-1e-9);
      if (diff > 1e-9) better++;
    }
    expect(better).toBeGreaterThan(0);
  });
});

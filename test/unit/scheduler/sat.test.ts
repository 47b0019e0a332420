import { describe, expect, it } from 'vitest';
import { buildModel } from '../../../src/modules/events/scheduler/model.js';
import { makeRng } from '../../../src/modules/events/scheduler/rng.js';
import { neg, pos, Sat } from '../../../src/modules/events/scheduler/sat.js';
import { SatSearch } from '../../../src/modules/events/scheduler/sat-model.js';
import { State } from '../../../src/modules/events/scheduler/state.js';
import { countGaps, schedule, validateSchedule } from '../../../src/modules/events/scheduler/index.js';
import { makeInput, meeting } from './helpers.js';

const never = Number.POSITIVE_INFINITY;
const clock = (): number => 0;

/** Every assignment of n variables: is some one a model of the clauses? */
function bruteSat(n: number, clauses: number[][]): boolean {
  for (let mask = 0; mask < 1 << n; mask++) {
    const val = (l: number): boolean => (((mask >> (l >> 1)) & 1) === 1) !== ((l & 1) === 1);
    if (clauses.every((c) => c.some(val))) return true;
  }
  return false;
}

describe('CDCL solver', () => {
  it('agrees with brute force on random 3-SAT around the threshold, and its models satisfy every clause', () => {
    let sats = 0;
    let unsats = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const rng = makeRng(seed);
      const n = 8 + (seed % 5);
      const m = Math.round(n * (3.6 + rng() * 1.4));
      const clauses: number[][] = [];
      for (let i = 0; i < m; i++) {
        const c: number[] = [];
        while (c.length < 3) {
          const v = Math.floor(rng() * n);
          if (c.some((l) => l >> 1 === v)) continue;
          c.push(rng() < 0.5 ? pos(v) : neg(v));
        }
        clauses.push(c);
      }
      const sat = new Sat();
      for (let v = 0; v < n; v++) sat.newVar();
      for (const c of clauses) sat.addClause(c);
      const r = sat.solve(never, clock);
      expect(r).toBe(bruteSat(n, clauses));
      if (r) {
        sats++;
        for (const c of clauses) expect(c.some((l) => sat.value(l >> 1) === ((l & 1) === 0))).toBe(true);
      } else unsats++;
    }
    expect(sats).toBeGreaterThan(10);
    expect(unsats).toBeGreaterThan(10);
  });

  it('refutes the pigeonhole principle (6 pigeons, 5 holes)', () => {
    const sat = new Sat();
    const x = (p: number, h: number): number => p * 5 + h;
    for (let i = 0; i < 30; i++) sat.newVar();
    for (let p = 0; p < 6; p++) sat.addClause([0, 1, 2, 3, 4].map((h) => pos(x(p, h))));
    for (let h = 0; h < 5; h++) for (let p = 0; p < 6; p++) for (let q = p + 1; q < 6; q++) sat.addClause([neg(x(p, h)), neg(x(q, h))]);
    expect(sat.solve(never, clock)).toBe(false);
    expect(sat.ok).toBe(false);
  });

  it('keeps native at-most-k constraints, loosens nothing learnt under assumptions, and tightens bounds', () => {
    const sat = new Sat();
    for (let v = 0; v < 6; v++) sat.newVar();
    // At least 3 of the 6 true, at most 3 of the first 4 true, and a bound on all six.
    sat.addAtMost([0, 1, 2, 3, 4, 5].map((v) => neg(v)), 3);
    sat.addAtMost([0, 1, 2, 3].map((v) => pos(v)), 3);
    const all = sat.addAtMost([0, 1, 2, 3, 4, 5].map((v) => pos(v)), 6);
    const count = (): number => [0, 1, 2, 3, 4, 5].filter((v) => sat.value(v)).length;
    // Assume 4 and 5 false: at most 3 of the others, at least 3 of all → exactly 3.
    expect(sat.solve(never, clock, [neg(4), neg(5)])).toBe(true);
    expect(count()).toBe(3);
    expect(sat.value(4) || sat.value(5)).toBe(false);
    // Assume all of the first four: contradicts the at-most-3, but only under the assumption.
    expect(sat.solve(never, clock, [pos(0), pos(1), pos(2), pos(3)])).toBe(false);
    expect(sat.ok).toBe(true);
    expect(sat.setCardBound(all, 3)).toBe(true);
    expect(sat.solve(never, clock)).toBe(true);
    expect(count()).toBe(3);
    sat.setCardBound(all, 2);
    expect(sat.solve(never, clock)).toBe(false);
  });

  it('stops at the deadline with no answer', () => {
    const sat = new Sat();
    const n = 11;
    const x = (p: number, h: number): number => p * (n - 1) + h;
    for (let i = 0; i < n * (n - 1); i++) sat.newVar();
    for (let p = 0; p < n; p++) sat.addClause(Array.from({ length: n - 1 }, (_, h) => pos(x(p, h))));
    for (let h = 0; h < n - 1; h++) for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) sat.addClause([neg(x(p, h)), neg(x(q, h))]);
    let t = 0;
    expect(sat.solve(5, () => t++)).toBeNull();
    expect(sat.conflicts).toBeGreaterThan(0);
  });
});

describe('exact gap search (SatSearch)', () => {
  /** Brute force over every complete schedule: fewest gaps under the fairness bound. */
  function bestGaps(input: ReturnType<typeof makeInput>): number {
    const T = input.slotCount;
    const slot = new Array<number>(input.meetings.length).fill(-1);
    let best = Infinity;
    const visit = (i: number): void => {
      if (i === input.meetings.length) {
        const busy = new Map<string, number[]>(input.participants.map((p) => [p.id, []]));
        const perSlot = new Array<number>(T).fill(0);
        for (let j = 0; j < slot.length; j++) {
          const s = slot[j] as number;
          if (++(perSlot[s] as number) > input.tables.length) return;
          for (const p of input.meetings[j]!.participants) {
            const row = busy.get(p)!;
            if (row.includes(s)) return;
            row.push(s);
          }
        }
        const gaps = [...busy.values()].map((row) => countGaps(row, input.sessionOfSlot, input.options.gapsAcrossSessions));
        const d = input.options.fairness;
        if (d !== null && Math.max(...gaps) - Math.min(...gaps) > d) return;
        best = Math.min(best, gaps.reduce((a, b) => a + b, 0));
        return;
      }
      for (let s = 0; s < T; s++) {
        slot[i] = s;
        visit(i + 1);
      }
    };
    visit(0);
    return best;
  }

  it('finds the fewest gaps from a poor schedule and proves it, on small random events', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const rng = makeRng(seed);
      const ids = ['a', 'b', 'c', 'd', 'e'];
      const meetings = Array.from({ length: 6 }, (_, i) => {
        const a = Math.floor(rng() * 5);
        const b = (a + 1 + Math.floor(rng() * 4)) % 5;
        return meeting(`m${i}`, [ids[a]!, ids[b]!]);
      });
      const input = makeInput({ slots: 5, tableCount: 2, meetings, options: { timeBudgetMs: 0, fairness: 1, gapsAcrossSessions: true, fairnessOverAllParticipants: true } });
      const optimum = bestGaps(input);
      const md = buildModel(input);
      const st = new State(md);
      // A deliberately poor start: meetings spread out, first fitting slot from the end.
      for (let x = 0; x < md.M; x++) for (let s = md.T - 1; s >= 0; s--) if (st.canPlace(x, s)) {
        st.place(x, s);
        break;
      }
      if (st.placedCount < md.M || st.fairExcess() > 0 || st.totalGaps <= optimum) continue;
      const search = SatSearch.create(st, st.totalGaps, 0);
      if (!search) continue;
      let bound = search.provenBelow;
      while (search.provenBelow < st.totalGaps) {
        expect(search.solve(bound, never, clock)).not.toBeNull();
        bound = search.provenBelow;
      }
      expect(st.totalGaps).toBe(optimum);
      expect(search.provenBelow).toBe(optimum);
      checked++;
    }
    expect(checked).toBeGreaterThan(5);
  });

  it('lets schedule() prove an optimum the per-participant bound cannot: a triangle on one table', () => {
    // Any two meetings of a triangle share someone, so whoever is in the first and the last slot
    // waits in between: 1 gap at least, while each participant alone could meet back to back.
    const input = makeInput({ slots: 3, tableCount: 1, meetings: [meeting('ab', ['a', 'b']), meeting('bc', ['b', 'c']), meeting('ac', ['a', 'c'])] });
    const result = schedule(input);
    expect(validateSchedule(input, result)).toEqual([]);
    expect(result.stats.totalGaps).toBe(1);
    expect(result.stats.gapLowerBound).toBe(1);
    expect(result.stats.provenOptimal).toBe(true);
  });
});

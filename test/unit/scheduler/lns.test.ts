import { describe, expect, it } from 'vitest';
import { countGaps } from '../../../src/modules/events/scheduler/index.js';
import { makeLns } from '../../../src/modules/events/scheduler/lns.js';
import { buildModel } from '../../../src/modules/events/scheduler/model.js';
import { makeRng } from '../../../src/modules/events/scheduler/rng.js';
import { State } from '../../../src/modules/events/scheduler/state.js';
import { makeInput, meeting } from './helpers.js';

const meetings = [meeting('m1', ['a', 'b']), meeting('m2', ['a', 'c']), meeting('m3', ['d', 'e'])];

interface Row {
  name: string;
  tables: number;
  /** Starting slot of m1, m2, m3. */
  start: number[];
  freed: number[];
  window: [number, number];
  improved: boolean;
  gaps: number;
  /** Slots nobody freed may end up in, per freed meeting (checked as "not in"). */
  notIn?: number[];
}

const rows: Row[] = [
  { name: 'closes a gap by moving both meetings of a', tables: 2, start: [0, 2, 1], freed: [0, 1], window: [0, 3], improved: true, gaps: 0 },
  { name: 'keeps a schedule with no gap as it is', tables: 2, start: [0, 1, 2], freed: [0, 1], window: [0, 3], improved: false, gaps: 0 },
  { name: 'goes around a full slot (one table, slot 1 taken)', tables: 1, start: [0, 2, 1], freed: [0, 1], window: [0, 3], improved: true, gaps: 0, notIn: [1] },
  { name: 'stays inside its window', tables: 2, start: [0, 3, 1], freed: [0, 1], window: [2, 3], improved: true, gaps: 0, notIn: [0, 1] },
  { name: 'cannot improve when a window has one slot', tables: 2, start: [0, 2, 1], freed: [1], window: [2, 2], improved: false, gaps: 1 },
];

describe('exact neighbourhood re-solve', () => {
  it.each(rows)('$name', (row) => {
    const input = makeInput({ slots: 4, tableCount: row.tables, meetings });
    const md = buildModel(input);
    const st = new State(md);
    st.assign([0, 1, 2], 3, row.start);
    const before = Array.from(st.slotOf);
    const lns = makeLns(st, makeRng(3));
    const improved = lns(row.freed, row.window[0], row.window[1], 10_000);
    expect(improved).toBe(row.improved);
    expect(st.totalGaps).toBe(row.gaps);
    if (!row.improved) expect(Array.from(st.slotOf)).toEqual(before);
    // The state's own count agrees with a recount from scratch, and nobody is double-booked.
    let recount = 0;
    for (let p = 0; p < md.P; p++) {
      const busy = Array.from(md.meetingsOf[p] ?? []).map((x) => st.slotOf[x] as number);
      expect(new Set(busy).size).toBe(busy.length);
      recount += countGaps(busy, input.sessionOfSlot, false);
    }
    expect(recount).toBe(st.totalGaps);
    const perSlot = new Array<number>(4).fill(0);
    for (const s of st.slotOf) perSlot[s] = (perSlot[s] ?? 0) + 1;
    expect(Math.max(...perSlot)).toBeLessThanOrEqual(row.tables);
    for (const x of row.freed) for (const s of row.notIn ?? []) expect(st.slotOf[x]).not.toBe(s);
  });
});

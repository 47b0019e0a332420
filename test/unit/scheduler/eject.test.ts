import { describe, expect, it } from 'vitest';
import { countGaps } from '../../../src/modules/events/scheduler/index.js';
import { makeEject } from '../../../src/modules/events/scheduler/eject.js';
import { makeKempe } from '../../../src/modules/events/scheduler/kempe.js';
import { buildModel } from '../../../src/modules/events/scheduler/model.js';
import { makeRng } from '../../../src/modules/events/scheduler/rng.js';
import { State } from '../../../src/modules/events/scheduler/state.js';
import type { SchedulerMeeting } from '../../../src/modules/events/scheduler/index.js';
import { makeInput, meeting } from './helpers.js';

/**
 * a meets b (m1, locked in slot 0) and c (m2, slot 2): a has a gap. Stepping m2 into slot 1 closes
 * it but opens one for c, who also meets e (m4, slot 3); stepping m4 into slot 2 then closes c's.
 * Only a chain of two steps makes the schedule cheaper.
 */
const base = (m4: Partial<SchedulerMeeting> = {}): SchedulerMeeting[] => [
  meeting('m1', ['a', 'b'], { locked: { slot: 0, tableId: null } }),
  meeting('m2', ['a', 'c']),
  meeting('m4', ['c', 'e'], m4),
];

interface Row {
  name: string;
  meetings: SchedulerMeeting[];
  tables: number;
  depth: number;
  improved: boolean;
  gaps: number;
}

const rows: Row[] = [
  { name: 'one step cannot: closing a’s gap opens c’s', meetings: base(), tables: 3, depth: 1, improved: false, gaps: 1 },
  { name: 'two steps close both', meetings: base(), tables: 3, depth: 2, improved: true, gaps: 0 },
  { name: 'a deeper chain still stops at the first cheaper schedule', meetings: base(), tables: 3, depth: 4, improved: true, gaps: 0 },
  { name: 'the second step is blocked when m4 is locked', meetings: base({ locked: { slot: 3, tableId: null } }), tables: 3, depth: 4, improved: false, gaps: 1 },
  { name: 'the second step is blocked when m4 may not take slot 2', meetings: base({ allowedSlots: [3, 4] }), tables: 3, depth: 4, improved: false, gaps: 1 },
];

describe('gap-closing ejection chain', () => {
  it.each(rows)('$name', (row) => {
    const input = makeInput({ slots: 5, tableCount: row.tables, meetings: row.meetings });
    const md = buildModel(input);
    const st = new State(md);
    st.assign([0, 1, 2], 3, [0, 2, 3]);
    expect(st.totalGaps).toBe(1);
    const before = Array.from(st.slotOf);
    const cost = (): number => st.totalGaps + 0.5 * st.totalIdle;
    const start = cost();
    const eject = makeEject(st, makeKempe(st), makeRng(5), cost, 2, 60);
    const a = md.partIndex.get('a') as number;
    expect(eject(a, row.depth, start)).toBe(row.improved);
    expect(st.totalGaps).toBe(row.gaps);
    if (row.improved) expect(cost()).toBeLessThan(start);
    else expect(Array.from(st.slotOf)).toEqual(before);
    // The state's own count agrees with a recount, nobody is double-booked, locks and windows hold.
    let recount = 0;
    for (let p = 0; p < md.P; p++) {
      const busy = Array.from(md.meetingsOf[p] ?? []).map((x) => st.slotOf[x] as number);
      expect(new Set(busy).size).toBe(busy.length);
      recount += countGaps(busy, input.sessionOfSlot, false);
    }
    expect(recount).toBe(st.totalGaps);
    input.meetings.forEach((m, x) => {
      const s = st.slotOf[x] as number;
      if (m.locked) expect(s).toBe(m.locked.slot);
      if (m.allowedSlots) expect(m.allowedSlots).toContain(s);
    });
  });

  it('never overfills a slot: with one table a full slot is swapped, not doubled', () => {
    // Same chain, one table: slot 1 and slot 2 hold one meeting at most after any step.
    const input = makeInput({ slots: 5, tableCount: 1, meetings: base() });
    const md = buildModel(input);
    const st = new State(md);
    st.assign([0, 1, 2], 3, [0, 2, 3]);
    const cost = (): number => st.totalGaps + 0.5 * st.totalIdle;
    makeEject(st, makeKempe(st), makeRng(1), cost, 2, 60)(md.partIndex.get('a') as number, 4, cost());
    const perSlot = new Array<number>(5).fill(0);
    for (const s of st.slotOf) perSlot[s] = (perSlot[s] ?? 0) + 1;
    expect(Math.max(...perSlot)).toBeLessThanOrEqual(1);
    expect(st.totalGaps).toBe(0);
  });
});

import type { SchedulerInput, SchedulerMeeting } from '../../../src/modules/events/scheduler/index.js';

/** A clock that advances 1 ms per call: budgets become iteration counts, so runs are reproducible. */
export function fakeClock(): () => number {
  let t = 0;
  return () => ++t;
}

export function meeting(id: string, participants: string[], extra: Partial<SchedulerMeeting> = {}): SchedulerMeeting {
  return { id, participants, priority: 1, mode: 'onsite', ...extra };
}

/** One session of `slots` slots, participants a..z as needed, `tables` tables, fake clock. */
export function makeInput(overrides: Partial<SchedulerInput> & { slots?: number; tableCount?: number } = {}): SchedulerInput {
  const { slots = 4, tableCount = 4, ...rest } = overrides;
  const meetings = rest.meetings ?? [];
  const ids = new Set(meetings.flatMap((m) => m.participants));
  return {
    slotCount: slots,
    sessionOfSlot: new Array<number>(slots).fill(0),
    participants: [...ids].sort().map((id) => ({ id, blockedSlots: [] })),
    tables: Array.from({ length: tableCount }, (_, i) => ({ id: `t${i}` })),
    meetings,
    ...rest,
    options: { timeBudgetMs: 200, fairness: null, gapsAcrossSessions: false, seed: 7, now: fakeClock(), ...rest.options },
  };
}

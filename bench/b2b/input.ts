import type { SchedulerInput } from '../../src/modules/events/scheduler/index.js';
import type { B2BInstance } from './dzn.js';

export interface B2BRunOptions {
  timeBudgetMs: number;
  seed?: number;
  fairness?: number;
}

/**
 * The paper's model as a SchedulerInput: L tables, every meeting onsite, d = 2 over all
 * participants, and breaks counted across the morning/afternoon boundary (the paper's break is
 * any idle run between two meetings). Fixed meetings become a one-slot window rather than a lock,
 * since the paper assigns no table.
 */
export function toSchedulerInput(inst: B2BInstance, opts: B2BRunOptions): SchedulerInput {
  const T = inst.nTotalSlots;
  const morning = Array.from({ length: inst.nMorningSlots }, (_, s) => s);
  const afternoon = Array.from({ length: T - inst.nMorningSlots }, (_, i) => inst.nMorningSlots + i);
  return {
    slotCount: T,
    sessionOfSlot: Array.from({ length: T }, (_, s) => (s < inst.nMorningSlots ? 0 : 1)),
    participants: inst.forbidden.map((f, p) => ({ id: String(p + 1), blockedSlots: f.map((s) => s - 1) })),
    tables: Array.from({ length: inst.nTables }, (_, t) => ({ id: `t${t + 1}` })),
    meetings: inst.requested.map(([a, b, session], i) => {
      const fixed = inst.fixed[i] ?? 0;
      let allowed: number[] | undefined = session === 1 ? morning : session === 2 ? afternoon : undefined;
      if (fixed > 0) allowed = (allowed ?? [fixed - 1]).filter((s) => s === fixed - 1);
      const after = (inst.precedences[i] ?? []).filter((m) => m > 0).map(String);
      return {
        id: String(i + 1),
        participants: [String(a), String(b)],
        priority: 1,
        mode: 'onsite' as const,
        ...(allowed ? { allowedSlots: allowed } : {}),
        ...(after.length > 0 ? { after } : {}),
      };
    }),
    options: {
      timeBudgetMs: opts.timeBudgetMs,
      fairness: opts.fairness ?? 2,
      fairnessOverAllParticipants: true,
      gapsAcrossSessions: true,
      seed: opts.seed ?? 1,
    },
  };
}

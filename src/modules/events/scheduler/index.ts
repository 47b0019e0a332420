import { gapLowerBound } from './bounds.js';
import { constructionOrder, greedy, placeLocked } from './construct.js';
import { improve } from './improve.js';
import { buildModel } from './model.js';
import { unplacedReason } from './reasons.js';
import { repair } from './repair.js';
import { makeRng } from './rng.js';
import { State } from './state.js';
import { assignTables } from './tables.js';
import type { SchedulerInput, SchedulerResult } from './types.js';
import { validateSchedule } from './validate.js';

export type * from './types.js';
export { countGaps } from './gaps.js';
export { validateSchedule } from './validate.js';

/** Share of the budget the placement repair may use before gap improvement starts. */
const REPAIR_SHARE = 0.5;

/**
 * Gives each meeting a slot (and onsite ones a table): first as much priority placed as possible,
 * then the fewest gaps under the fairness bound. Pure: the only clock is `options.now`, and a given
 * seed with a given clock gives the same schedule.
 */
export function schedule(input: SchedulerInput): SchedulerResult {
  const now = input.options.now ?? (() => performance.now());
  const start = now();
  const md = buildModel(input);
  const rng = makeRng(input.options.seed ?? 1);
  const st = new State(md);

  placeLocked(md, st);
  greedy(st, constructionOrder(md), rng);
  const firstScheduleMs = now() - start;
  const budgetEnd = now() + Math.max(0, input.options.timeBudgetMs);
  let iterations = 0;
  if (st.placedCount < md.M) {
    const deadline = now() + Math.max(0, input.options.timeBudgetMs) * REPAIR_SHARE;
    iterations += repair(st, rng, { deadline, now, maxIdle: 2000 + 20 * md.M });
  }
  iterations += improve(st, rng, { deadline: budgetEnd, now, lowerBound: gapLowerBound(md, (x) => (st.slotOf[x] as number) >= 0) });
  // The bound holds for one set of placed meetings; improvement may have swapped some in or out.
  const lowerBound = gapLowerBound(md, (x) => (st.slotOf[x] as number) >= 0);

  const tableOf = assignTables(input, md, st.slotOf);
  const assignments: SchedulerResult['assignments'] = [];
  const unplaced: SchedulerResult['unplaced'] = [];
  input.meetings.forEach((m, x) => {
    const s = st.slotOf[x] as number;
    if (s >= 0) {
      const t = tableOf[x];
      assignments.push({ meetingId: m.id, slot: s, tableId: md.onsite[x] && t !== null && t !== undefined ? (input.tables[t]?.id ?? null) : null });
    } else unplaced.push({ meetingId: m.id, reason: unplacedReason(st, x) });
  });
  const fairnessMet = st.fairExcess() === 0;
  const result: SchedulerResult = {
    assignments,
    unplaced,
    stats: {
      placed: st.placedCount,
      placedPriority: st.placedPriority,
      totalGaps: st.totalGaps,
      maxGaps: st.maxGaps(),
      minGaps: st.minGaps(),
      gapLowerBound: lowerBound,
      provenOptimal: unplaced.length === 0 && fairnessMet && st.totalGaps === lowerBound,
      fairnessMet,
      elapsedMs: now() - start,
      firstScheduleMs,
      iterations,
    },
  };
  // A schedule that breaks a hard rule must never leave here, even if the search has a bug.
  const errors = validateSchedule(input, result);
  if (errors.length > 0) throw new Error(`scheduler produced an invalid schedule: ${errors.slice(0, 3).join('; ')}`);
  return result;
}

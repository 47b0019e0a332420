import { gapLowerBound } from './bounds.js';
import { constructionOrder, greedy, placeLocked } from './construct.js';
import { improve } from './improve.js';
import { buildModel } from './model.js';
import { unplacedReason } from './reasons.js';
import { repair } from './repair.js';
import { SatSearch } from './sat-model.js';
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
 * Local search first, for at most this share of what is left, or until it has not improved for
 * STALL_SHARE of the budget (at least MIN_STALL_MS); then the exact search (sat-model.ts) for
 * SAT_SHARE of what is left; then local search again.
 */
const LS_SHARE = 0.3;
const STALL_SHARE = 0.05;
const MIN_STALL_MS = 1000;
const SAT_SHARE = 0.9;
/**
 * First turn of the exact search upwards; the turns double. A turn downwards is this share of the
 * one upwards: on the benchmark the optimum sits at or near the proven bound.
 */
const SAT_SLICE_MS = 4000;
const DOWN_SHARE = 0.25;
/**
 * Each round of the exact search ends with a turn of local search this long (a share of the turn
 * upwards): tic-14crafc, for one, the local search solves sooner.
 */
const LS_TURN_SHARE = 1;

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
  const placedBound = (): number => gapLowerBound(md, (x) => (st.slotOf[x] as number) >= 0);
  const budget = Math.max(0, input.options.timeBudgetMs);
  const stallMs = Math.max(MIN_STALL_MS, budget * STALL_SHARE);
  iterations += improve(st, rng, { deadline: Math.min(budgetEnd, now() + (budgetEnd - now()) * LS_SHARE), now, lowerBound: placedBound(), stallMs });
  // The bound holds for one set of placed meetings; improvement may have swapped some in or out.
  let lowerBound = placedBound();
  const complete = (): boolean => st.placedCount === md.M && st.fairExcess() === 0;
  if (now() < budgetEnd && complete() && st.totalGaps > lowerBound) {
    // Rounds of: exact search upwards from the bound (every bound it refutes raises the proven
    // bound, and the first schedule it finds is optimal), downwards from the schedule in hand, then
    // local search; each round twice as long as the one before.
    const sat = SatSearch.create(st, st.totalGaps, lowerBound);
    if (sat) {
      const satEnd = now() + (budgetEnd - now()) * SAT_SHARE;
      let slice = SAT_SLICE_MS;
      let turn = 0;
      while (sat.provenBelow < st.totalGaps && now() < satEnd) {
        if (turn === 2) {
          // Local search's turn: some instances it solves sooner than the exact search.
          iterations += improve(st, rng, { deadline: Math.min(satEnd, now() + slice * LS_TURN_SHARE), now, lowerBound: Math.max(lowerBound, sat.provenBelow) });
          turn = 0;
          slice *= 2;
          continue;
        }
        const up = turn === 0;
        const bound = up ? sat.provenBelow : st.totalGaps - 1;
        const r = sat.solve(bound, Math.min(satEnd, now() + (up ? slice : slice * DOWN_SHARE)), now);
        if (r === null) turn++;
      }
      iterations += sat.conflicts;
      if (sat.provenBelow !== Infinity) lowerBound = Math.max(lowerBound, sat.provenBelow);
    }
  }
  if (now() < budgetEnd && st.totalGaps > lowerBound) iterations += improve(st, rng, { deadline: budgetEnd, now, lowerBound });

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

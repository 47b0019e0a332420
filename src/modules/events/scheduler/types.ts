/**
 * Contract of the pure meeting scheduler. The HTTP/database layer and the worker code against these
 * names; keep them stable.
 */

export interface SchedulerParticipant {
  id: string;
  /** Slots in which this participant cannot meet. */
  blockedSlots: number[];
  /** Most meetings this participant accepts; absent = no limit. */
  maxMeetings?: number;
}

export interface SchedulerTable {
  id: string;
  /** A supplier who keeps this table: their onsite meetings go here when it is free. */
  fixedParticipant?: string;
}

export interface SchedulerMeeting {
  id: string;
  /** Everyone who must attend: the two sides plus experts or interpreters. All of them are busy in that slot. */
  participants: string[];
  /** Higher = more important (e.g. from the proposal score, must-meet boosted). */
  priority: number;
  mode: 'onsite' | 'online';
  /**
   * Already placed and locked: stays exactly here on re-runs. An onsite meeting locked with
   * `tableId: null` keeps its slot and gets whichever table is free.
   */
  locked?: { slot: number; tableId: string | null };
  /** Allowed slots (e.g. morning/afternoon restriction, session windows); absent = all. */
  allowedSlots?: number[];
  /**
   * Meeting ids that must be in an earlier slot than this one. The rule binds when both meetings are
   * placed: an unplaced predecessor does not keep this meeting out.
   */
  after?: string[];
}

export interface SchedulerOptions {
  /** Wall-clock budget for improvement after the first valid schedule. */
  timeBudgetMs: number;
  /** Fairness: max(gaps) − min(gaps) over participants with meetings must be ≤ fairness; null = no bound. */
  fairness: number | null;
  /**
   * The fairness minimum is taken over every participant, including those with no placed meeting
   * (the B2B paper's definition); default false = only participants with at least one meeting.
   */
  fairnessOverAllParticipants?: boolean;
  /** Count idle runs between two meetings in different sessions as gaps? */
  gapsAcrossSessions: boolean;
  seed?: number;
  now?: () => number;
}

export interface SchedulerInput {
  /** Slots 0..slotCount-1 in time order; sessionOfSlot[s] = session index (consecutive slots of one session share it). */
  slotCount: number;
  sessionOfSlot: number[];
  participants: SchedulerParticipant[];
  /** Tables/booths (onsite). Online meetings need no table, so they are not limited by tables. */
  tables: SchedulerTable[];
  meetings: SchedulerMeeting[];
  options: SchedulerOptions;
}

export type UnplacedReason = 'participant_full' | 'no_common_free_slot' | 'no_table' | 'precedence';

export interface SchedulerAssignment {
  meetingId: string;
  slot: number;
  tableId: string | null;
}

export interface SchedulerStats {
  placed: number;
  placedPriority: number;
  totalGaps: number;
  maxGaps: number;
  minGaps: number;
  /**
   * Proven lower bound on total gaps for the set of meetings that was placed. When every meeting
   * is placed within the fairness bound, it also counts what the exact search refuted (no complete
   * fair schedule has fewer gaps).
   */
  gapLowerBound: number;
  /** True only when everything was placed, fairness holds and totalGaps equals the proven bound. */
  provenOptimal: boolean;
  /** False when the fairness bound could not be met: the schedule is returned, but it breaks the bound. */
  fairnessMet: boolean;
  elapsedMs: number;
  /** Milliseconds until the first schedule (before improvement). */
  firstScheduleMs: number;
  iterations: number;
}

export interface SchedulerResult {
  assignments: SchedulerAssignment[];
  unplaced: { meetingId: string; reason: UnplacedReason }[];
  stats: SchedulerStats;
}

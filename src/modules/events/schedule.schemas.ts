import { z } from 'zod';
import { ATTENDANCE_MODES, MEETING_STATUSES, REQUEST_SOURCES, REQUEST_STATUSES, SCHEDULE_RUN_KINDS, SCHEDULE_RUN_STATUSES, UNPLACED_REASONS } from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';
import { str, uniqueArray } from '../registry/common.schemas.js';

/** Meeting requests, scheduler runs and meetings. */
export const requestCreateSchema = z
  .strictObject({
    requesterId: z.uuid().describe('The participant asking for the meeting.'),
    otherId: z.uuid().describe('The participant asked; it accepts or declines.'),
    expertIds: uniqueArray(z.uuid(), 3).default([]).describe('Expert participants who should join (at most 3).'),
    note: str(500).optional().describe('Why they want to meet.'),
  })
  .meta({ id: 'MeetingRequestCreate', description: 'An ad-hoc meeting request between two participants.' });

export const requestDecisionSchema = z
  .strictObject({
    participantId: z.uuid().describe('The participant deciding (a side of the request).'),
    decision: z
      .enum(['accept', 'decline', 'must_meet', 'no_thanks'])
      .describe('accept or decline an ad-hoc request (the side asked); must_meet (raises its priority) or no_thanks (withdraws it) on an accepted one (either side).'),
  })
  .meta({ id: 'MeetingRequestDecision', description: "One side's decision on a meeting request." });

export const requestSchema = z
  .object({
    id: z.uuid().describe('Request id.'),
    eventId: z.uuid().describe('The event.'),
    source: z.enum(REQUEST_SOURCES).describe('proposal (a mutually accepted proposal) or ad_hoc.'),
    proposalId: z.uuid().nullable().describe('The proposal it comes from.'),
    requesterId: z.uuid().describe('Participant asking (the supply side for proposals).'),
    otherId: z.uuid().describe('Participant asked.'),
    status: z.enum(REQUEST_STATUSES).describe('requested → accepted / declined; cancelled when withdrawn or its meeting was cancelled.'),
    score: z.number().nullable().describe("The proposal's score."),
    priority: z.number().int().describe('Scheduling priority (higher first); must_meet adds 1,000.'),
    preferences: z.record(z.string(), z.enum(['must_meet', 'no_thanks'])).describe('Preference per participant id.'),
    expertIds: z.array(z.uuid()).describe('Expert participants who join.'),
    interpreterIds: z.array(z.uuid()).describe('Interpreter participants who join.'),
    note: z.string().nullable().describe('Note.'),
    createdAt: isoDateTime.describe('Created at.'),
    updatedAt: isoDateTime.describe('Last changed.'),
  })
  .meta({ id: 'MeetingRequest', description: 'A pair that wants to meet at the event.' });

export const pullResultSchema = z
  .object({
    created: z.number().int().describe('New requests.'),
    existing: z.number().int().describe('Pairs that already had a request.'),
    notRegistered: z.number().int().describe('Mutually accepted proposals whose sides are not both registered.'),
  })
  .meta({ id: 'MeetingRequestPull', description: 'What pulling proposals into the event did.' });

export const scheduleBodySchema = z
  .strictObject({
    timeBudgetMs: z.number().int().min(0).max(60_000).default(2_000).describe('Time the scheduler may spend improving the first schedule, 0–60,000 ms.'),
    fairness: z.number().int().min(0).max(40).nullable().default(2).describe('Most difference between any two participants’ gap counts; null: no bound.'),
    seed: z.number().int().min(0).max(2_147_483_647).default(1).describe('Random seed (the same data, seed and budget give a similar schedule).'),
  })
  .meta({ id: 'ScheduleRequest', description: 'Parameters of a scheduler run.' });

export const scheduleRunSchema = z
  .object({
    id: z.uuid().describe('Run id.'),
    eventId: z.uuid().describe('The event.'),
    kind: z.enum(SCHEDULE_RUN_KINDS).describe('full (before publication) or repair (after publication).'),
    status: z.enum(SCHEDULE_RUN_STATUSES).describe('queued, running, succeeded or failed.'),
    trigger: z.string().describe('What started it: request, cancellation, new_request, availability.'),
    params: z.object({ timeBudgetMs: z.number().int().describe('Budget.'), fairness: z.number().int().nullable().describe('Fairness bound.'), seed: z.number().int().describe('Seed.') }).describe('Parameters.'),
    requests: z.number().int().describe('Meetings asked of the scheduler.'),
    placed: z.number().int().describe('Meetings placed.'),
    totalGaps: z.number().int().describe('Idle gaps between meetings, summed over participants.'),
    maxGaps: z.number().int().describe('Most gaps of one participant.'),
    minGaps: z.number().int().describe('Fewest gaps of a participant with meetings.'),
    moved: z.number().int().describe('Repair: confirmed meetings that had to move.'),
    unplaced: z
      .array(z.object({ requestId: z.uuid().describe('The request.'), reason: z.enum(UNPLACED_REASONS).describe('participant_full, no_common_free_slot, no_table or precedence.') }))
      .describe('Requests that got no meeting, with why.'),
    elapsedMs: z.number().int().nullable().describe('Time the scheduler took.'),
    attempts: z.number().int().describe('Times the worker started it.'),
    error: z.string().nullable().describe('Last error, if any.'),
    createdAt: isoDateTime.describe('Queued at.'),
    startedAt: isoDateTime.nullable().describe('Started at.'),
    finishedAt: isoDateTime.nullable().describe('Finished at.'),
  })
  .meta({ id: 'ScheduleRun', description: 'A scheduler run and its result.' });

export const feedbackSchema = z
  .object({
    participantId: z.uuid().describe('Who gave it.'),
    rating: z.number().int().nullable().describe('1–5.'),
    comment: z.string().nullable().describe('Short comment.'),
    at: z.string().describe('When (ISO 8601).'),
  })
  .meta({ id: 'MeetingFeedback', description: "One side's rating of a meeting." });

export const meetingSchema = z
  .object({
    id: z.uuid().describe('Meeting id.'),
    eventId: z.uuid().describe('The event.'),
    requestId: z.uuid().describe('The request it fulfils.'),
    sessionId: z.uuid().describe('Session.'),
    slot: z.number().int().describe('Slot index across the event (from 0, in time order).'),
    slotInSession: z.number().int().describe('Slot index within the session (from 0).'),
    locationId: z.uuid().nullable().describe('Table, booth or online room.'),
    locationLabel: z.string().nullable().describe('Its label (the table number).'),
    startsAt: isoDateTime.describe('Start.'),
    endsAt: isoDateTime.describe('End.'),
    mode: z.enum(ATTENDANCE_MODES).describe('onsite or online.'),
    onlineLink: z.string().nullable().describe('Link of an online meeting.'),
    participantIds: z.array(z.uuid()).describe('Everyone attending: the two sides, then experts and interpreters.'),
    status: z.enum(MEETING_STATUSES).describe('tentative (provisional schedule), confirmed (published), cancelled, held or no_show.'),
    locked: z.boolean().describe('Locked meetings stay where they are when the schedule is re-run.'),
    cancelReason: z.string().nullable().describe('Why it was cancelled.'),
    feedback: z.array(feedbackSchema).describe('Ratings from the sides.'),
    version: z.number().int().describe('Changes with every update.'),
    updatedAt: isoDateTime.describe('Last changed.'),
  })
  .meta({ id: 'Meeting', description: 'A scheduled 1:1 meeting.' });

export const meetingPatchSchema = z
  .strictObject({
    locked: z.boolean().optional().describe('Lock (true) or unlock (false): a locked meeting keeps its slot and table on re-runs.'),
    status: z.literal('cancelled').optional().describe('cancelled: the meeting will not take place (after publication the schedule is repaired).'),
    cancelReason: str(300).optional().describe('Why it is cancelled.'),
  })
  .meta({ id: 'MeetingPatch', description: 'Lock, unlock or cancel a meeting.' });

export const meetingResultSchema = z
  .strictObject({
    outcome: z.enum(['held', 'no_show', 'cancelled']).describe('held, no_show or cancelled.'),
    participantId: z.uuid().optional().describe('The side giving a rating (required with rating or comment).'),
    rating: z.number().int().min(1).max(5).optional().describe('Rating, 1–5.'),
    comment: str(500).optional().describe('Short comment (at most 500 characters).'),
  })
  .meta({ id: 'MeetingResult', description: 'Check-in result and one side’s rating.' });


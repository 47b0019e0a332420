import { z } from 'zod';
import {
  ATTENDANCE_MODES,
  EVENT_KINDS,
  EVENT_MODES,
  EVENT_STATUSES,
  LOCATION_KINDS,
  MEETING_STATUSES,
  PARTICIPANT_SIDES,
  REQUEST_SOURCES,
  REQUEST_STATUSES,
  SCHEDULE_RUN_KINDS,
  SCHEDULE_RUN_STATUSES,
  UNPLACED_REASONS,
} from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';
import { localizedText, provinceCode, str, uniqueArray } from '../registry/common.schemas.js';

const bilingual = (en: string, vi: string) => ({ message: en, params: { vi } });

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const timeZone = z
  .string()
  .max(64)
  .refine(isTimeZone, bilingual('Unknown IANA time zone, e.g. Asia/Ho_Chi_Minh or Asia/Seoul', 'Múi giờ IANA không hợp lệ, ví dụ Asia/Ho_Chi_Minh'))
  .describe('IANA time zone of the event, e.g. Asia/Ho_Chi_Minh (the default) or Asia/Seoul.');
const language = z.enum(['vi', 'en', 'ko']).describe('A language: vi, en or ko.');
const languages = uniqueArray(language, 3).describe('Languages (vi, en, ko).');
const localizedOut = z
  .object({ vi: z.string().optional().describe('Vietnamese.'), en: z.string().optional().describe('English.'), ko: z.string().optional().describe('Korean.') })
  .describe('Text in Vietnamese, English and/or Korean.');

export const eventCreateSchema = z
  .strictObject({
    name: localizedText(300).describe('Name of the event in vi, en and/or ko.'),
    kind: z.enum(EVENT_KINDS).describe('techmart, techconnect, techfest, techdemo, connection_point_session or bilateral_programme.'),
    venue: str(300).optional().describe('Where it takes place.'),
    province: provinceCode,
    mode: z.enum(EVENT_MODES).describe('onsite, online or hybrid.'),
    timeZone: timeZone.default(DEFAULT_TIME_ZONE),
    languages: languages.default(['vi']),
  })
  .meta({ id: 'EventCreate', description: 'A new event; it starts in status planning.' });

export const eventPatchSchema = z
  .strictObject({
    name: localizedText(300).optional().describe('Name of the event.'),
    kind: z.enum(EVENT_KINDS).optional().describe('Kind of event.'),
    venue: str(300).nullable().optional().describe('Where it takes place; null clears it.'),
    mode: z.enum(EVENT_MODES).optional().describe('onsite, online or hybrid.'),
    timeZone: timeZone.optional(),
    languages: languages.optional(),
    status: z
      .enum(EVENT_STATUSES)
      .optional()
      .describe('Next status: planning → registration → scheduling → provisional → final → running → closed (a step back from registration, scheduling or provisional is allowed; final is reached by publishing).'),
  })
  .meta({ id: 'EventPatch', description: 'Fields to change; requires If-Match.' });

export const eventSchema = z
  .object({
    id: z.uuid().describe('Event id.'),
    name: localizedOut,
    kind: z.enum(EVENT_KINDS).describe('Kind of event.'),
    venue: z.string().nullable().describe('Where it takes place.'),
    province: z.string().describe('Owning province as given.'),
    currentProvince: z.string().describe('Owning province rolled up to the current (2025) unit: its portal manages the event.'),
    mode: z.enum(EVENT_MODES).describe('onsite, online or hybrid.'),
    timeZone: z.string().describe('IANA time zone.'),
    languages: z.array(z.string()).describe('Languages of the event.'),
    status: z.enum(EVENT_STATUSES).describe('Lifecycle status.'),
    publishedAt: isoDateTime.nullable().describe('When the schedule was published as final.'),
    version: z.number().int().describe('Changes with every update; the ETag.'),
    createdAt: isoDateTime.describe('Created at.'),
    updatedAt: isoDateTime.describe('Last changed.'),
  })
  .meta({ id: 'Event', description: 'A matchmaking event.' });

export const sessionCreateSchema = z
  .strictObject({
    name: str(200).optional().describe('Label, e.g. "Morning 1".'),
    startsAt: isoDateTime.describe('Start of the first slot, ISO 8601 with offset.'),
    slotMinutes: z.number().int().min(15).max(30).describe('Length of a meeting slot, 15–30 minutes.'),
    bufferMinutes: z.number().int().min(0).max(60).default(0).describe('Pause between two slots, 0–60 minutes.'),
    slotCount: z.number().int().min(1).max(40).describe('Number of slots, 1–40.'),
  })
  .meta({ id: 'EventSessionCreate', description: 'A session of consecutive meeting slots.' });

export const sessionSchema = z
  .object({
    id: z.uuid().describe('Session id.'),
    eventId: z.uuid().describe('The event.'),
    name: z.string().nullable().describe('Label.'),
    startsAt: isoDateTime.describe('Start of the first slot.'),
    slotMinutes: z.number().int().describe('Slot length in minutes.'),
    bufferMinutes: z.number().int().describe('Pause between slots in minutes.'),
    slotCount: z.number().int().describe('Number of slots.'),
  })
  .meta({ id: 'EventSession', description: 'A session of meeting slots.' });

export const locationCreateSchema = z
  .strictObject({
    kind: z.enum(LOCATION_KINDS).describe('table, booth or online_room.'),
    label: str(100).describe('Label shown in agendas, e.g. "Bàn 12" (unique in the event).'),
    onlineLinkTemplate: z
      .string()
      .max(500)
      .regex(/^https:\/\/[^\s]+$/, bilingual('An https URL, e.g. https://meet.example/{event}/{meeting}', 'Một URL https, ví dụ https://meet.example/{event}/{meeting}'))
      .optional()
      .describe('Required for online rooms: an https URL where {event} and {meeting} are replaced by the ids.'),
    fixedOrganizationId: z.uuid().optional().describe('A supplier who keeps this table for its onsite meetings (tables and booths only).'),
  })
  .meta({ id: 'EventLocationCreate', description: 'A table, booth or online room.' });

export const locationSchema = z
  .object({
    id: z.uuid().describe('Location id.'),
    eventId: z.uuid().describe('The event.'),
    kind: z.enum(LOCATION_KINDS).describe('table, booth or online_room.'),
    label: z.string().describe('Label.'),
    onlineLinkTemplate: z.string().nullable().describe('Link template of an online room.'),
    fixedOrganizationId: z.uuid().nullable().describe('Supplier that keeps this table.'),
  })
  .meta({ id: 'EventLocation', description: 'A table, booth or online room.' });

const blockedSchema = z
  .array(
    z.strictObject({
      sessionId: z.uuid().describe('A session of the event.'),
      slots: uniqueArray(z.number().int().min(0).max(39), 40).describe('Slot indexes within the session (from 0) the participant cannot make.'),
    }),
  )
  .max(50)
  .describe('Blocked slots per session.');

export const participantCreateSchema = z
  .strictObject({
    side: z.enum(PARTICIPANT_SIDES).describe('supply, demand or expert.'),
    organizationId: z.uuid().optional().describe('The organisation (required on the supply and demand sides).'),
    expertId: z.uuid().optional().describe('The expert (required on the expert side).'),
    offerIds: uniqueArray(z.uuid(), 100).default([]).describe("Offers the supplier brings (the organisation's own); empty: all of them."),
    demandIds: uniqueArray(z.uuid(), 100).default([]).describe("Demands the enterprise brings (the organisation's own); empty: all of them."),
    attendance: z.enum(ATTENDANCE_MODES).default('onsite').describe('onsite or online.'),
    languages: languages.default([]),
    interpreterNeed: uniqueArray(z.string().regex(/^(vi|en|ko)-(vi|en|ko)$/), 3)
      .default([])
      .describe('Interpretation needed, e.g. ["vi-ko"]: an expert speaking both joins the meeting when one is registered.'),
    maxMeetings: z.number().int().min(1).max(40).optional().describe('Most meetings, 1–40; absent: no limit.'),
    blocked: blockedSchema.default([]),
  })
  .meta({ id: 'EventParticipantCreate', description: 'An organisation or expert registered at the event.' });

export const availabilitySchema = z.strictObject({ blocked: blockedSchema }).meta({ id: 'EventAvailability', description: "A participant's blocked slots (replaces the previous ones)." });

export const participantSchema = z
  .object({
    id: z.uuid().describe('Participant id (used by requests and meetings).'),
    eventId: z.uuid().describe('The event.'),
    side: z.enum(PARTICIPANT_SIDES).describe('supply, demand or expert.'),
    organizationId: z.uuid().nullable().describe('The organisation.'),
    expertId: z.uuid().nullable().describe('The expert.'),
    currentProvince: z.string().nullable().describe("The organisation's or expert's current province."),
    offerIds: z.array(z.uuid()).describe('Offers brought.'),
    demandIds: z.array(z.uuid()).describe('Demands brought.'),
    attendance: z.enum(ATTENDANCE_MODES).describe('onsite or online.'),
    languages: z.array(z.string()).describe('Languages spoken.'),
    interpreterNeed: z.array(z.string()).describe('Interpretation needed.'),
    maxMeetings: z.number().int().nullable().describe('Most meetings.'),
    blocked: z.array(z.object({ sessionId: z.uuid().describe('Session.'), slots: z.array(z.number().int()).describe('Blocked slot indexes.') })).describe('Blocked slots.'),
  })
  .meta({ id: 'EventParticipant', description: 'A registered participant.' });

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

export const idParams = z.object({ id: z.uuid().describe('Event id.') });
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ items: z.array(item).describe('This page.'), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.') })
    .meta({ id, description: 'A page of results.' });

import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { auditTimes, codes, id, localized, timestamptz, version } from '../columns.js';
import { organizations } from './registry.js';

export const EVENT_KINDS = ['techmart', 'techconnect', 'techfest', 'techdemo', 'connection_point_session', 'bilateral_programme'] as const;
export const EVENT_MODES = ['onsite', 'online', 'hybrid'] as const;
export const EVENT_STATUSES = ['planning', 'registration', 'scheduling', 'provisional', 'final', 'running', 'closed'] as const;
export const LOCATION_KINDS = ['table', 'booth', 'online_room'] as const;
export const PARTICIPANT_SIDES = ['supply', 'demand', 'expert'] as const;
export const ATTENDANCE_MODES = ['onsite', 'online'] as const;
export const REQUEST_SOURCES = ['proposal', 'ad_hoc'] as const;
export const REQUEST_STATUSES = ['requested', 'accepted', 'declined', 'cancelled'] as const;
export const PREFERENCES = ['must_meet', 'no_thanks'] as const;
export const MEETING_STATUSES = ['tentative', 'confirmed', 'cancelled', 'held', 'no_show'] as const;
export const SCHEDULE_RUN_KINDS = ['full', 'repair'] as const;
export const SCHEDULE_RUN_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export const UNPLACED_REASONS = ['participant_full', 'no_common_free_slot', 'no_table', 'precedence'] as const;

export type BlockedSlots = { sessionId: string; slots: number[] }[];
export type MeetingFeedback = { participantId: string; rating: number | null; comment: string | null; at: string };
export type ScheduleParams = { timeBudgetMs: number; fairness: number | null; seed: number };
export type UnplacedRow = { requestId: string; reason: (typeof UNPLACED_REASONS)[number] };

/** A matchmaking event, owned by the province of its organiser. */
export const events = pgTable(
  'events',
  {
    id: id(),
    ...auditTimes(),
    version: version(),
    name: localized().notNull(),
    kind: text({ enum: EVENT_KINDS }).notNull(),
    venue: text(),
    province: text().notNull(),
    currentProvince: text().notNull(),
    mode: text({ enum: EVENT_MODES }).notNull(),
    timeZone: text().notNull(),
    languages: codes(),
    status: text({ enum: EVENT_STATUSES }).notNull(),
    publishedAt: timestamptz(),
    createdBy: uuid(),
  },
  (t) => [index('events_province_idx').on(t.currentProvince, t.createdAt), index('events_created_idx').on(t.createdAt, t.id)],
);

export const eventSessions = pgTable(
  'event_sessions',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    name: text(),
    startsAt: timestamptz().notNull(),
    slotMinutes: integer().notNull(),
    bufferMinutes: integer().notNull(),
    slotCount: integer().notNull(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [index('event_sessions_event_idx').on(t.eventId, t.startsAt), check('event_sessions_slot_minutes', sql`${t.slotMinutes} BETWEEN 15 AND 30`), check('event_sessions_slot_count', sql`${t.slotCount} BETWEEN 1 AND 40`)],
);

/** A table, booth or online room; a supplier may keep a table for every onsite meeting. */
export const eventLocations = pgTable(
  'event_locations',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    kind: text({ enum: LOCATION_KINDS }).notNull(),
    label: text().notNull(),
    onlineLinkTemplate: text(),
    fixedOrganizationId: uuid().references(() => organizations.id),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [uniqueIndex('event_locations_label_key').on(t.eventId, t.label)],
);

/** An organisation (or an expert) registered on one side of an event, with its blocked slots. */
export const eventParticipants = pgTable(
  'event_participants',
  {
    id: id(),
    ...auditTimes(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    side: text({ enum: PARTICIPANT_SIDES }).notNull(),
    organizationId: uuid().references(() => organizations.id),
    expertId: uuid(),
    /** The organisation or the expert: one registration per side. */
    subjectId: uuid().notNull(),
    /** Current province of the organisation (or expert): whose portal may act for this participant. */
    currentProvince: text(),
    offerIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    demandIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    attendance: text({ enum: ATTENDANCE_MODES }).notNull(),
    languages: codes(),
    interpreterNeed: codes(),
    maxMeetings: integer(),
    blocked: jsonb().$type<BlockedSlots>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [uniqueIndex('event_participants_subject_key').on(t.eventId, t.side, t.subjectId)],
);

/** A pair that wants to meet at an event: from a mutually accepted proposal or asked for ad hoc. */
export const eventRequests = pgTable(
  'event_requests',
  {
    id: id(),
    ...auditTimes(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    source: text({ enum: REQUEST_SOURCES }).notNull(),
    proposalId: uuid(),
    requesterId: uuid()
      .notNull()
      .references(() => eventParticipants.id),
    otherId: uuid()
      .notNull()
      .references(() => eventParticipants.id),
    /** The two participant ids in sorted order: a pair meets at most once per event. */
    pairKey: text().notNull(),
    status: text({ enum: REQUEST_STATUSES }).notNull(),
    score: doublePrecision(),
    priority: integer().notNull(),
    preferences: jsonb().$type<Record<string, (typeof PREFERENCES)[number]>>().notNull().default(sql`'{}'::jsonb`),
    /** Expert and interpreter participants who attend the meeting too. */
    expertIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    interpreterIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    note: text(),
  },
  (t) => [uniqueIndex('event_requests_pair_key').on(t.eventId, t.pairKey), index('event_requests_event_idx').on(t.eventId, t.status)],
);

/** One request's meeting: where and when, its status, and afterwards how it went. */
export const eventMeetings = pgTable(
  'event_meetings',
  {
    id: id(),
    ...auditTimes(),
    version: version(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    requestId: uuid()
      .notNull()
      .references(() => eventRequests.id),
    sessionId: uuid()
      .notNull()
      .references(() => eventSessions.id),
    /** Index across the event's slots in time order; slotInSession counts from 0 within the session. */
    slot: integer().notNull(),
    slotInSession: integer().notNull(),
    locationId: uuid().references(() => eventLocations.id),
    startsAt: timestamptz().notNull(),
    endsAt: timestamptz().notNull(),
    mode: text({ enum: ATTENDANCE_MODES }).notNull(),
    onlineLink: text(),
    participantIds: uuid().array().notNull(),
    status: text({ enum: MEETING_STATUSES }).notNull(),
    locked: boolean().notNull().default(false),
    cancelReason: text(),
    feedback: jsonb().$type<MeetingFeedback[]>().notNull().default(sql`'[]'::jsonb`),
    runId: uuid(),
  },
  (t) => [
    uniqueIndex('event_meetings_request_key').on(t.requestId),
    index('event_meetings_event_idx').on(t.eventId, t.slot, t.id),
    index('event_meetings_participants_idx').using('gin', t.participantIds),
  ],
);

/** One scheduler run over an event (full, or a local repair after publication). */
export const scheduleRuns = pgTable(
  'schedule_runs',
  {
    id: id(),
    eventId: uuid()
      .notNull()
      .references(() => events.id),
    kind: text({ enum: SCHEDULE_RUN_KINDS }).notNull(),
    status: text({ enum: SCHEDULE_RUN_STATUSES }).notNull(),
    trigger: text().notNull(),
    params: jsonb().$type<ScheduleParams>().notNull(),
    requests: integer().notNull().default(0),
    placed: integer().notNull().default(0),
    totalGaps: integer().notNull().default(0),
    maxGaps: integer().notNull().default(0),
    minGaps: integer().notNull().default(0),
    moved: integer().notNull().default(0),
    unplaced: jsonb().$type<UnplacedRow[]>().notNull().default(sql`'[]'::jsonb`),
    elapsedMs: integer(),
    attempts: integer().notNull().default(0),
    error: text(),
    clientId: uuid(),
    clientName: text().notNull(),
    createdAt: timestamp3(),
    startedAt: timestamptz(),
    finishedAt: timestamptz(),
  },
  (t) => [index('schedule_runs_event_idx').on(t.eventId, t.createdAt)],
);

function timestamp3() {
  return auditTimes().createdAt;
}

import { z } from 'zod';
import {
  ATTENDANCE_MODES,
  EVENT_KINDS,
  EVENT_MODES,
  EVENT_STATUSES,
  LOCATION_KINDS,
  PARTICIPANT_SIDES,
} from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';
import { localizedText, provinceCode, str, uniqueArray } from '../registry/common.schemas.js';

const bilingual = (en: string, vi: string) => ({ message: en, params: { vi } });

export const DEFAULT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

export function isTimeZone(zone: string): boolean {
  // Intl quietly takes an empty string (the host's zone): a name is required.
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(zone)) return false;
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
    maxMeetings: z.number().int().min(1).max(40).optional().describe('Most meetings, 1–40; absent: no limit (an expert: the maximum in their profile).'),
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

export const idParams = z.object({ id: z.uuid().describe('Event id.') });
export const page = <T extends z.ZodType>(item: T, id: string) =>
  z
    .object({ items: z.array(item).describe('This page.'), nextCursor: z.string().nullable().describe('Pass as cursor for the next page; null on the last.') })
    .meta({ id, description: 'A page of results.' });

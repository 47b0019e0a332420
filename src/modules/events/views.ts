import type { EventRow } from './access.js';
import type { MeetingView } from './meetings.service.js';
import type { RequestRow } from './requests.service.js';
import type { ScheduleRunRow } from './schedule.service.js';
import type { LocationRow, ParticipantRow, SessionRow } from './setup.service.js';

/** Responses are allow-lists: each view names what leaves the API. */
export const eventView = (r: EventRow) => ({
  id: r.id,
  name: r.name,
  kind: r.kind,
  venue: r.venue,
  province: r.province,
  currentProvince: r.currentProvince,
  mode: r.mode,
  timeZone: r.timeZone,
  languages: r.languages,
  status: r.status,
  publishedAt: r.publishedAt,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const sessionView = (r: SessionRow) => ({ id: r.id, eventId: r.eventId, name: r.name, startsAt: r.startsAt, slotMinutes: r.slotMinutes, bufferMinutes: r.bufferMinutes, slotCount: r.slotCount });

export const locationView = (r: LocationRow) => ({ id: r.id, eventId: r.eventId, kind: r.kind, label: r.label, onlineLinkTemplate: r.onlineLinkTemplate, fixedOrganizationId: r.fixedOrganizationId });

export const participantView = (r: ParticipantRow) => ({
  id: r.id,
  eventId: r.eventId,
  side: r.side,
  organizationId: r.organizationId,
  expertId: r.expertId,
  currentProvince: r.currentProvince,
  offerIds: r.offerIds,
  demandIds: r.demandIds,
  attendance: r.attendance,
  languages: r.languages,
  interpreterNeed: r.interpreterNeed,
  maxMeetings: r.maxMeetings,
  blocked: r.blocked,
});

export const requestView = (r: RequestRow) => ({
  id: r.id,
  eventId: r.eventId,
  source: r.source,
  proposalId: r.proposalId,
  requesterId: r.requesterId,
  otherId: r.otherId,
  status: r.status,
  score: r.score,
  priority: r.priority,
  preferences: r.preferences,
  expertIds: r.expertIds,
  interpreterIds: r.interpreterIds,
  note: r.note,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

export const meetingView = (r: MeetingView) => ({
  id: r.id,
  eventId: r.eventId,
  requestId: r.requestId,
  sessionId: r.sessionId,
  slot: r.slot,
  slotInSession: r.slotInSession,
  locationId: r.locationId,
  locationLabel: r.locationLabel,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  mode: r.mode,
  onlineLink: r.onlineLink,
  participantIds: r.participantIds,
  status: r.status,
  locked: r.locked,
  cancelReason: r.cancelReason,
  feedback: r.feedback,
  version: r.version,
  updatedAt: r.updatedAt,
});

export const runView = (r: ScheduleRunRow) => ({
  id: r.id,
  eventId: r.eventId,
  kind: r.kind,
  status: r.status,
  trigger: r.trigger,
  params: r.params,
  requests: r.requests,
  placed: r.placed,
  totalGaps: r.totalGaps,
  maxGaps: r.maxGaps,
  minGaps: r.minGaps,
  moved: r.moved,
  unplaced: r.unplaced,
  elapsedMs: r.elapsedMs,
  attempts: r.attempts,
  error: r.error,
  createdAt: r.createdAt,
  startedAt: r.startedAt,
  finishedAt: r.finishedAt,
});

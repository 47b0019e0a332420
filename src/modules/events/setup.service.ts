import { and, asc, eq, inArray } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { demands, eventLocations, eventParticipants, eventSessions, experts, offers, organizations, type BlockedSlots } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';
import type { ActionContext, Caller } from '../access/caller.js';
import { assertNotClosed, assertSetupOpen, audit, conflict, loadEvent, mayActFor, PUBLISHED, validation, type EventRow } from './access.js';
import type { locationCreateSchema, participantCreateSchema, sessionCreateSchema } from './events.schemas.js';

export type SessionRow = typeof eventSessions.$inferSelect;
export type LocationRow = typeof eventLocations.$inferSelect;
export type ParticipantRow = typeof eventParticipants.$inferSelect;
const PARTICIPANT = { en: 'Participant', vi: 'người tham dự' };

const txOf = (t: unknown) => t as Db;

/** Checks blocked slots against the event's sessions; paths name the offending entry. */
async function checkBlocked(db: Db, eventId: string, blocked: BlockedSlots, path: string) {
  if (blocked.length === 0) return;
  const sessions = await db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId));
  const byId = new Map(sessions.map((s) => [s.id, s]));
  blocked.forEach((b, i) => {
    const session = byId.get(b.sessionId);
    if (!session) throw validation(`${path}.${i}.sessionId`, `Session ${b.sessionId} is not a session of this event`, `Phiên ${b.sessionId} không thuộc sự kiện này`);
    const bad = b.slots.find((s) => s >= session.slotCount);
    if (bad !== undefined) throw validation(`${path}.${i}.slots`, `Slot ${bad} is beyond the session's ${session.slotCount} slots`, `Khung ${bad} vượt quá ${session.slotCount} khung của phiên`);
  });
}

export function createSetupService(deps: { db: Db; onAvailabilityChange?: (event: EventRow, ctx: ActionContext) => Promise<void> }) {
  const { db } = deps;

  return {
    async addSession(eventId: string, input: z.output<typeof sessionCreateSchema>, ctx: ActionContext): Promise<SessionRow> {
      return db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        assertSetupOpen(event);
        const [row] = await tx
          .insert(eventSessions)
          .values({ eventId, name: input.name ?? null, startsAt: input.startsAt, slotMinutes: input.slotMinutes, bufferMinutes: input.bufferMinutes, slotCount: input.slotCount })
          .returning();
        await audit(tx, ctx, { action: 'create', entity: 'event_session', entityId: (row as SessionRow).id, changedFields: Object.keys(input) });
        return row as SessionRow;
      });
    },

    async sessions(eventId: string, caller: Caller): Promise<SessionRow[]> {
      await loadEvent(db, eventId, caller, 'read');
      return db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)).orderBy(asc(eventSessions.startsAt), asc(eventSessions.id));
    },

    async addLocation(eventId: string, input: z.output<typeof locationCreateSchema>, ctx: ActionContext): Promise<LocationRow> {
      if (input.kind === 'online_room' && !input.onlineLinkTemplate) throw validation('body.onlineLinkTemplate', 'An online room needs an onlineLinkTemplate', 'Phòng trực tuyến cần onlineLinkTemplate');
      if (input.kind === 'online_room' && input.fixedOrganizationId) throw validation('body.fixedOrganizationId', 'Only tables and booths can be kept by a supplier', 'Chỉ bàn và gian hàng mới được giữ cố định');
      return db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        assertSetupOpen(event);
        if (input.fixedOrganizationId) {
          const [org] = await tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, input.fixedOrganizationId));
          if (!org) throw validation('body.fixedOrganizationId', `Organisation ${input.fixedOrganizationId} not found`, `Không tìm thấy tổ chức ${input.fixedOrganizationId}`);
        }
        const [taken] = await tx.select({ id: eventLocations.id }).from(eventLocations).where(and(eq(eventLocations.eventId, eventId), eq(eventLocations.label, input.label)));
        if (taken) throw conflict('LOCATION_LABEL_TAKEN', `The event already has a location labelled ${input.label}`, `Sự kiện đã có địa điểm ${input.label}`);
        const [row] = await tx
          .insert(eventLocations)
          .values({ eventId, kind: input.kind, label: input.label, onlineLinkTemplate: input.onlineLinkTemplate ?? null, fixedOrganizationId: input.fixedOrganizationId ?? null })
          .returning();
        await audit(tx, ctx, { action: 'create', entity: 'event_location', entityId: (row as LocationRow).id, changedFields: Object.keys(input) });
        return row as LocationRow;
      });
    },

    async locations(eventId: string, caller: Caller): Promise<LocationRow[]> {
      await loadEvent(db, eventId, caller, 'read');
      return db.select().from(eventLocations).where(eq(eventLocations.eventId, eventId)).orderBy(asc(eventLocations.label));
    },

    async addParticipant(eventId: string, input: z.output<typeof participantCreateSchema>, ctx: ActionContext): Promise<ParticipantRow> {
      if (input.side === 'expert' && !input.expertId) throw validation('body.expertId', 'An expert participant needs expertId', 'Người tham dự là chuyên gia cần expertId');
      if (input.side !== 'expert' && !input.organizationId) throw validation('body.organizationId', `A ${input.side} participant needs organizationId`, 'Cần organizationId');
      if (input.side !== 'supply' && input.offerIds.length > 0) throw validation('body.offerIds', 'Only the supply side brings offers', 'Chỉ bên cung mang chào bán');
      if (input.side !== 'demand' && input.demandIds.length > 0) throw validation('body.demandIds', 'Only the demand side brings demands', 'Chỉ bên cầu mang nhu cầu');
      return db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        assertNotClosed(event);
        let province: string | null = null;
        let organizationId: string | null = null;
        // An expert's profile says how many meetings they take at one event.
        let expertLimit: number | null = null;
        if (input.organizationId) {
          const [org] = await tx.select({ id: organizations.id, currentProvince: organizations.currentProvince }).from(organizations).where(eq(organizations.id, input.organizationId));
          if (!org) throw validation('body.organizationId', `Organisation ${input.organizationId} not found`, `Không tìm thấy tổ chức ${input.organizationId}`);
          province = org.currentProvince;
          organizationId = org.id;
        }
        if (input.expertId) {
          const [expert] = await tx
            .select({ id: experts.id, currentProvince: experts.currentProvince, affiliationId: experts.affiliationId, maxMeetings: experts.maxMeetingsPerEvent })
            .from(experts)
            .where(eq(experts.id, input.expertId));
          if (!expert) throw validation('body.expertId', `Expert ${input.expertId} not found`, `Không tìm thấy chuyên gia ${input.expertId}`);
          province ??= expert.currentProvince;
          organizationId ??= expert.affiliationId;
          expertLimit = expert.maxMeetings;
        }
        for (const [key, table, ids] of [['offerIds', offers, input.offerIds], ['demandIds', demands, input.demandIds]] as const) {
          if (ids.length === 0) continue;
          const found = await tx.select({ id: table.id, organizationId: table.organizationId }).from(table).where(inArray(table.id, [...ids]));
          const own = new Set(found.filter((r) => r.organizationId === input.organizationId).map((r) => r.id));
          const i = ids.findIndex((id) => !own.has(id));
          if (i >= 0) throw validation(`body.${key}.${i}`, `${ids[i]} is not one of the organisation's ${key === 'offerIds' ? 'offers' : 'demands'}`, `${ids[i]} không thuộc tổ chức này`);
        }
        await checkBlocked(tx, eventId, input.blocked, 'body.blocked');
        const subjectId = (input.side === 'expert' ? input.expertId : input.organizationId) as string;
        const [taken] = await tx
          .select({ id: eventParticipants.id })
          .from(eventParticipants)
          .where(and(eq(eventParticipants.eventId, eventId), eq(eventParticipants.side, input.side), eq(eventParticipants.subjectId, subjectId)));
        if (taken) throw conflict('PARTICIPANT_EXISTS', `Already registered on the ${input.side} side (participant ${taken.id})`, `Đã đăng ký ở bên ${input.side} (${taken.id})`);
        const [row] = await tx
          .insert(eventParticipants)
          .values({
            eventId,
            side: input.side,
            organizationId: input.side === 'expert' ? organizationId : input.organizationId,
            expertId: input.expertId ?? null,
            subjectId,
            currentProvince: province,
            offerIds: input.offerIds,
            demandIds: input.demandIds,
            attendance: input.attendance,
            languages: input.languages,
            interpreterNeed: input.interpreterNeed,
            maxMeetings: input.maxMeetings ?? expertLimit,
            blocked: input.blocked,
          })
          .returning();
        await audit(tx, ctx, { action: 'create', entity: 'event_participant', entityId: (row as ParticipantRow).id, changedFields: Object.keys(input) });
        return row as ParticipantRow;
      });
    },

    async participants(eventId: string, caller: Caller): Promise<ParticipantRow[]> {
      await loadEvent(db, eventId, caller, 'read');
      return db.select().from(eventParticipants).where(eq(eventParticipants.eventId, eventId)).orderBy(asc(eventParticipants.createdAt), asc(eventParticipants.id));
    },

    /** Replaces a participant's blocked slots; after publication the schedule is repaired around them. */
    async setAvailability(eventId: string, participantId: string, blocked: BlockedSlots, ctx: ActionContext): Promise<ParticipantRow> {
      const { row, event } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'read', true);
        const [participant] = await tx.select().from(eventParticipants).where(and(eq(eventParticipants.id, participantId), eq(eventParticipants.eventId, eventId)));
        if (!participant || !mayActFor(ctx.caller, event, participant)) throw notFound(PARTICIPANT, participantId, 'PARTICIPANT_NOT_FOUND');
        assertNotClosed(event);
        await checkBlocked(tx, eventId, blocked, 'body.blocked');
        const [updated] = await tx.update(eventParticipants).set({ blocked, updatedAt: new Date() }).where(eq(eventParticipants.id, participantId)).returning();
        await audit(tx, ctx, { action: 'availability', entity: 'event_participant', entityId: participantId, changedFields: ['blocked'] });
        return { row: updated as ParticipantRow, event };
      });
      if (PUBLISHED.includes(event.status)) await deps.onAvailabilityChange?.(event, ctx);
      return row;
    },
  };
}

export type SetupService = ReturnType<typeof createSetupService>;

import { and, arrayContains, asc, eq, gt, inArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { eventLocations, eventMeetings, eventParticipants, eventRequests, experts, organizations, type MEETING_STATUSES, type MeetingFeedback } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';
import type { ActionContext, Caller } from '../access/caller.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../registry/cursor.js';
import { assertNotClosed, audit, conflict, loadEvent, manages, mayActFor, PUBLISHED, validation, type EventRow } from './access.js';
import type { ScheduleHooks } from './hooks.js';

export type MeetingRow = typeof eventMeetings.$inferSelect;
export type MeetingView = MeetingRow & { locationLabel: string | null };
type MeetingStatus = (typeof MEETING_STATUSES)[number];
const MEETING = { en: 'Meeting', vi: 'cuộc gặp' };
const txOf = (t: unknown) => t as Db;

export interface MeetingQuery {
  participantId?: string;
  sessionId?: string;
  status?: MeetingStatus;
  locationId?: string;
  limit: number;
  cursor?: string;
}

/** Who is who at an event: participants with their organisation's or expert's display name. */
export async function participantNames(db: Db, eventId: string) {
  const rows = await db
    .select({ id: eventParticipants.id, side: eventParticipants.side, organizationId: eventParticipants.organizationId, expertId: eventParticipants.expertId, org: organizations.name, orgShort: organizations.shortName, expert: experts.fullName })
    .from(eventParticipants)
    .leftJoin(organizations, eq(organizations.id, eventParticipants.organizationId))
    .leftJoin(experts, eq(experts.id, eventParticipants.expertId))
    .where(eq(eventParticipants.eventId, eventId));
  return new Map(
    rows.map((r) => {
      const name = r.side === 'expert' ? (r.expert ?? '') : (r.org?.vi ?? r.org?.en ?? r.org?.ko ?? r.orgShort ?? '');
      return [r.id, { id: r.id, side: r.side, organizationId: r.organizationId, expertId: r.expertId, name }];
    }),
  );
}

export function createMeetingService(deps: { db: Db; hooks?: ScheduleHooks }) {
  const { db } = deps;

  async function withLabels(rows: MeetingRow[]): Promise<MeetingView[]> {
    const ids = [...new Set(rows.map((r) => r.locationId).filter((x): x is string => x !== null))];
    const labels = ids.length === 0 ? new Map<string, string>() : new Map((await db.select({ id: eventLocations.id, label: eventLocations.label }).from(eventLocations).where(inArray(eventLocations.id, ids))).map((l) => [l.id, l.label]));
    return rows.map((r) => ({ ...r, locationLabel: r.locationId ? (labels.get(r.locationId) ?? null) : null }));
  }

  async function loadMeeting(tx: Db, event: EventRow, id: string, lock = false): Promise<MeetingRow> {
    const query = tx.select().from(eventMeetings).where(and(eq(eventMeetings.id, id), eq(eventMeetings.eventId, event.id)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound(MEETING, id, 'MEETING_NOT_FOUND');
    return row;
  }

  return {
    withLabels,

    /** In time order (slot, then id), with a keyset cursor bound to the filters. */
    async list(eventId: string, query: MeetingQuery, caller: Caller): Promise<{ items: MeetingView[]; nextCursor: string | null }> {
      await loadEvent(db, eventId, caller, 'read');
      const { cursor, limit, ...filters } = query;
      const fingerprint = filterFingerprint({ ...filters, eventId, list: 'meetings' });
      const after = cursor ? decodeCursor(cursor, fingerprint) : undefined;
      const rows = await db
        .select()
        .from(eventMeetings)
        .where(
          and(
            eq(eventMeetings.eventId, eventId),
            query.participantId ? arrayContains(eventMeetings.participantIds, [query.participantId]) : undefined,
            query.sessionId ? eq(eventMeetings.sessionId, query.sessionId) : undefined,
            query.status ? eq(eventMeetings.status, query.status) : undefined,
            query.locationId ? eq(eventMeetings.locationId, query.locationId) : undefined,
            after ? or(gt(eventMeetings.slot, Number(after.value)), and(eq(eventMeetings.slot, Number(after.value)), gt(eventMeetings.id, after.id))) : undefined,
          ),
        )
        .orderBy(asc(eventMeetings.slot), asc(eventMeetings.id))
        .limit(limit + 1);
      const items = rows.slice(0, limit);
      const last = items[items.length - 1];
      return { items: await withLabels(items), nextCursor: rows.length > limit && last ? encodeCursor({ value: last.slot, id: last.id }, fingerprint) : null };
    },

    async get(eventId: string, id: string, caller: Caller): Promise<MeetingView> {
      const event = await loadEvent(db, eventId, caller, 'read');
      return (await withLabels([await loadMeeting(db, event, id)]))[0] as MeetingView;
    },

    /** Every live or finished meeting of the event (exports, agendas), in time order. */
    async all(eventId: string, participantId?: string): Promise<MeetingView[]> {
      const rows = await db
        .select()
        .from(eventMeetings)
        .where(and(eq(eventMeetings.eventId, eventId), participantId ? arrayContains(eventMeetings.participantIds, [participantId]) : undefined))
        .orderBy(asc(eventMeetings.slot), asc(eventMeetings.id));
      return withLabels(rows);
    },

    /** Lock, unlock or cancel. Cancelling a published meeting tells both sides and repairs the schedule. */
    async patch(eventId: string, id: string, input: { locked?: boolean; status?: 'cancelled'; cancelReason?: string }, ctx: ActionContext): Promise<MeetingView> {
      if (input.locked === undefined && input.status === undefined) throw validation('body', 'Send locked or status', 'Cần gửi locked hoặc status');
      if (input.cancelReason !== undefined && input.status !== 'cancelled') throw validation('body.cancelReason', 'cancelReason goes with status cancelled', 'cancelReason chỉ đi kèm status cancelled');
      const { row, event, cancelled } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        assertNotClosed(event);
        const meeting = await loadMeeting(tx, event, id, true);
        if (meeting.status !== 'tentative' && meeting.status !== 'confirmed') throw conflict('MEETING_OVER', `The meeting is ${meeting.status}; it can no longer be changed`, `Cuộc gặp đã ở trạng thái ${meeting.status}`);
        const cancelled = input.status === 'cancelled';
        const [updated] = await tx
          .update(eventMeetings)
          .set({
            ...(input.locked !== undefined && { locked: input.locked }),
            ...(cancelled && { status: 'cancelled' as const, locked: false, cancelReason: input.cancelReason ?? 'cancelled by the organiser' }),
            version: sql`${eventMeetings.version} + 1`,
            updatedAt: new Date(),
          })
          .where(eq(eventMeetings.id, id))
          .returning();
        // A cancelled pair is not scheduled again at this event.
        if (cancelled) await tx.update(eventRequests).set({ status: 'cancelled', updatedAt: new Date() }).where(eq(eventRequests.id, meeting.requestId));
        await audit(tx, ctx, { action: cancelled ? 'cancel' : input.locked ? 'lock' : 'unlock', entity: 'event_meeting', entityId: id, changedFields: Object.keys(input) });
        return { row: updated as MeetingRow, event, cancelled: cancelled && meeting.status === 'confirmed' };
      });
      if (cancelled && PUBLISHED.includes(event.status)) {
        await deps.hooks?.notify(eventId, [id], 'meeting.changed', 'cancelled');
        await deps.hooks?.repair(event, 'cancellation', ctx);
      }
      return (await withLabels([row]))[0] as MeetingView;
    },

    /** Check-in: how it went, and (optionally) one side's rating and comment. */
    async result(eventId: string, id: string, input: { outcome: 'held' | 'no_show' | 'cancelled'; participantId?: string; rating?: number; comment?: string }, ctx: ActionContext): Promise<MeetingView> {
      if ((input.rating !== undefined || input.comment !== undefined) && !input.participantId) throw validation('body.participantId', 'A rating or comment needs the participant giving it', 'Đánh giá cần participantId của bên đánh giá');
      const row = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'read', true);
        const meeting = await loadMeeting(tx, event, id, true);
        const side = input.participantId;
        if (side !== undefined && !meeting.participantIds.slice(0, 2).includes(side)) throw validation('body.participantId', 'Only one of the two sides rates a meeting', 'Chỉ một trong hai bên được đánh giá');
        const parts = await tx.select().from(eventParticipants).where(inArray(eventParticipants.id, meeting.participantIds.slice(0, 2)));
        const allowed = manages(ctx.caller, event) || parts.some((p) => (side === undefined || p.id === side) && mayActFor(ctx.caller, event, p));
        if (!allowed) throw notFound(MEETING, id, 'MEETING_NOT_FOUND');
        if (!PUBLISHED.includes(event.status) && event.status !== 'closed') throw conflict('NOT_PUBLISHED', 'Results are recorded once the schedule is published', 'Chỉ ghi kết quả khi lịch đã công bố');
        if (meeting.status === 'tentative' || (meeting.status === 'cancelled' && input.outcome !== 'cancelled')) throw conflict('MEETING_NOT_CONFIRMED', `The meeting is ${meeting.status}`, `Cuộc gặp đang ở trạng thái ${meeting.status}`);
        const feedback: MeetingFeedback[] = meeting.feedback.filter((f) => f.participantId !== side);
        if (side !== undefined) feedback.push({ participantId: side, rating: input.rating ?? null, comment: input.comment ?? null, at: new Date().toISOString() });
        const status = input.outcome === 'no_show' ? 'no_show' : input.outcome;
        const [updated] = await tx
          .update(eventMeetings)
          .set({ status, feedback, ...(status === 'cancelled' && { cancelReason: meeting.cancelReason ?? 'cancelled at check-in' }), version: sql`${eventMeetings.version} + 1`, updatedAt: new Date() })
          .where(eq(eventMeetings.id, id))
          .returning();
        await audit(tx, ctx, { action: `result.${input.outcome}`, entity: 'event_meeting', entityId: id, changedFields: ['status', ...(side ? ['feedback'] : [])] });
        return updated as MeetingRow;
      });
      return (await withLabels([row]))[0] as MeetingView;
    },
  };
}

export type MeetingService = ReturnType<typeof createMeetingService>;

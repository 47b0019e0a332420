import { and, asc, desc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { demands, eventMeetings, eventParticipants, eventRequests, offers, proposals, type REQUEST_STATUSES } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';
import type { ActionContext, Caller } from '../access/caller.js';
import { assertNotClosed, audit, conflict, loadEvent, manages, mayActFor, PUBLISHED, validation, type EventRow } from './access.js';
import type { requestCreateSchema } from './schedule.schemas.js';
import type { ScheduleHooks } from './hooks.js';
import type { ParticipantRow } from './setup.service.js';

export type RequestRow = typeof eventRequests.$inferSelect;
const REQUEST = { en: 'Meeting request', vi: 'yêu cầu gặp' };
export const MUST_MEET_BONUS = 1_000;
const AD_HOC_PRIORITY = 50;

export const pairKeyOf = (a: string, b: string) => (a < b ? `${a}:${b}` : `${b}:${a}`);
const txOf = (t: unknown) => t as Db;

/** Interpreters: for each "a-b" need of either side, the least-loaded expert participant speaking both. */
export function pickInterpreters(parts: readonly ParticipantRow[], pair: readonly ParticipantRow[], load: Map<string, number>): string[] {
  const chosen: string[] = [];
  const needs = new Set(pair.flatMap((p) => p.interpreterNeed));
  for (const need of [...needs].sort()) {
    const [a, b] = need.split('-') as [string, string];
    // Nobody needs an interpreter when both sides share a language of the pair.
    if (pair.every((p) => p.languages.includes(a)) || pair.every((p) => p.languages.includes(b))) continue;
    const candidates = parts
      .filter((p) => p.side === 'expert' && p.languages.includes(a) && p.languages.includes(b) && !chosen.includes(p.id))
      .sort((x, y) => (load.get(x.id) ?? 0) - (load.get(y.id) ?? 0) || x.id.localeCompare(y.id));
    const pick = candidates[0];
    if (pick) {
      chosen.push(pick.id);
      load.set(pick.id, (load.get(pick.id) ?? 0) + 1);
    }
  }
  return chosen;
}

export function createRequestService(deps: { db: Db; hooks?: ScheduleHooks }) {
  const { db } = deps;

  async function loadRequest(tx: Db, event: EventRow, id: string, lock = false): Promise<RequestRow> {
    const query = tx.select().from(eventRequests).where(and(eq(eventRequests.id, id), eq(eventRequests.eventId, event.id)));
    const [row] = lock ? await query.for('update') : await query;
    if (!row) throw notFound(REQUEST, id, 'REQUEST_NOT_FOUND');
    return row;
  }

  async function interpreterLoad(tx: Db, eventId: string): Promise<Map<string, number>> {
    const rows = await tx.select({ ids: eventRequests.interpreterIds }).from(eventRequests).where(and(eq(eventRequests.eventId, eventId), ne(eventRequests.status, 'cancelled')));
    const load = new Map<string, number>();
    for (const r of rows) for (const id of r.ids) load.set(id, (load.get(id) ?? 0) + 1);
    return load;
  }

  return {
    /** Every mutually accepted proposal whose two organisations are registered becomes an accepted request (once per pair). */
    async pullFromProposals(eventId: string, ctx: ActionContext) {
      const { result, event } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        assertNotClosed(event);
        const parts = await tx.select().from(eventParticipants).where(eq(eventParticipants.eventId, eventId));
        const existing = new Set((await tx.select({ k: eventRequests.pairKey }).from(eventRequests).where(eq(eventRequests.eventId, eventId))).map((r) => r.k));
        const agreed = await tx
          .select({ id: proposals.id, offerId: proposals.offerId, demandId: proposals.demandId, score: proposals.score, experts: proposals.experts, supplyOrg: offers.organizationId, demandOrg: demands.organizationId })
          .from(proposals)
          .innerJoin(offers, eq(offers.id, proposals.offerId))
          .innerJoin(demands, eq(demands.id, proposals.demandId))
          .where(eq(proposals.status, 'mutually_accepted'))
          .orderBy(desc(proposals.score), asc(proposals.id));
        const load = await interpreterLoad(tx, eventId);
        const result = { created: 0, existing: 0, notRegistered: 0 };
        for (const p of agreed) {
          const supply = parts.find((x) => x.side === 'supply' && x.organizationId === p.supplyOrg && (x.offerIds.length === 0 || x.offerIds.includes(p.offerId)));
          const demand = parts.find((x) => x.side === 'demand' && x.organizationId === p.demandOrg && (x.demandIds.length === 0 || x.demandIds.includes(p.demandId)));
          if (!supply || !demand) {
            if (parts.some((x) => x.organizationId === p.supplyOrg) || parts.some((x) => x.organizationId === p.demandOrg)) result.notRegistered++;
            continue;
          }
          const key = pairKeyOf(supply.id, demand.id);
          if (existing.has(key)) {
            result.existing++;
            continue;
          }
          existing.add(key);
          const suggested = new Set(p.experts.map((e) => e.expertId));
          const expert = parts.find((x) => x.side === 'expert' && x.expertId !== null && suggested.has(x.expertId));
          const [row] = await tx
            .insert(eventRequests)
            .values({
              eventId,
              source: 'proposal',
              proposalId: p.id,
              requesterId: supply.id,
              otherId: demand.id,
              pairKey: key,
              status: 'accepted',
              score: p.score,
              priority: Math.round(p.score * 100),
              expertIds: expert ? [expert.id] : [],
              interpreterIds: pickInterpreters(parts, [supply, demand], load),
            })
            .onConflictDoNothing()
            .returning({ id: eventRequests.id });
          if (!row) continue;
          result.created++;
          await audit(tx, ctx, { action: 'pull', entity: 'event_request', entityId: row.id, changedFields: ['proposalId'] });
        }
        return { result, event };
      });
      if (result.created > 0 && PUBLISHED.includes(event.status)) await deps.hooks?.repair(event, 'new_request', ctx);
      return result;
    },

    async create(eventId: string, input: z.output<typeof requestCreateSchema>, ctx: ActionContext): Promise<RequestRow> {
      if (input.requesterId === input.otherId) throw validation('body.otherId', 'A participant cannot meet itself', 'Người tham dự không thể tự gặp chính mình');
      return db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'read', true);
        const parts = await tx.select().from(eventParticipants).where(eq(eventParticipants.eventId, eventId));
        const requester = parts.find((p) => p.id === input.requesterId);
        if (!requester || !mayActFor(ctx.caller, event, requester)) {
          if (!manages(ctx.caller, event)) throw notFound({ en: 'Event', vi: 'sự kiện' }, eventId, 'EVENT_NOT_FOUND');
          throw validation('body.requesterId', `${input.requesterId} is not a participant of this event`, `${input.requesterId} không tham dự sự kiện này`);
        }
        assertNotClosed(event);
        const other = parts.find((p) => p.id === input.otherId);
        if (!other) throw validation('body.otherId', `${input.otherId} is not a participant of this event`, `${input.otherId} không tham dự sự kiện này`);
        if (requester.side === 'expert' || other.side === 'expert') throw validation('body.otherId', 'Experts join meetings; they are not a side of one', 'Chuyên gia tham gia cuộc gặp, không phải một bên');
        input.expertIds.forEach((id, i) => {
          if (!parts.some((p) => p.id === id && p.side === 'expert')) throw validation(`body.expertIds.${i}`, `${id} is not an expert participant of this event`, `${id} không phải chuyên gia tham dự`);
        });
        const key = pairKeyOf(requester.id, other.id);
        const [taken] = await tx.select({ id: eventRequests.id }).from(eventRequests).where(and(eq(eventRequests.eventId, eventId), eq(eventRequests.pairKey, key)));
        if (taken) throw conflict('PAIR_EXISTS', `These two already have a request at this event (${taken.id}); a pair meets at most once`, `Hai bên đã có yêu cầu gặp tại sự kiện này (${taken.id})`);
        const [row] = await tx
          .insert(eventRequests)
          .values({
            eventId,
            source: 'ad_hoc',
            requesterId: requester.id,
            otherId: other.id,
            pairKey: key,
            status: 'requested',
            priority: AD_HOC_PRIORITY,
            expertIds: input.expertIds,
            interpreterIds: pickInterpreters(parts, [requester, other], await interpreterLoad(tx, eventId)),
            note: input.note ?? null,
          })
          .returning();
        await audit(tx, ctx, { action: 'create', entity: 'event_request', entityId: (row as RequestRow).id, changedFields: Object.keys(input) });
        return row as RequestRow;
      });
    },

    async list(eventId: string, query: { status?: (typeof REQUEST_STATUSES)[number]; participantId?: string }, caller: Caller): Promise<RequestRow[]> {
      await loadEvent(db, eventId, caller, 'read');
      return db
        .select()
        .from(eventRequests)
        .where(
          and(
            eq(eventRequests.eventId, eventId),
            query.status ? eq(eventRequests.status, query.status) : undefined,
            query.participantId ? sql`${query.participantId} IN (${eventRequests.requesterId}, ${eventRequests.otherId})` : undefined,
          ),
        )
        .orderBy(desc(eventRequests.priority), asc(eventRequests.id))
        .limit(5_000);
    },

    async decide(eventId: string, requestId: string, input: { participantId: string; decision: 'accept' | 'decline' | 'must_meet' | 'no_thanks' }, ctx: ActionContext): Promise<RequestRow> {
      const { row, event, trigger, cancelled } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'read', true);
        const request = await loadRequest(tx, event, requestId, true);
        if (input.participantId !== request.requesterId && input.participantId !== request.otherId) {
          throw validation('body.participantId', 'Only one of the two sides decides on a request', 'Chỉ một trong hai bên được quyết định');
        }
        const [participant] = await tx.select().from(eventParticipants).where(eq(eventParticipants.id, input.participantId));
        if (!participant || !mayActFor(ctx.caller, event, participant)) throw notFound(REQUEST, requestId, 'REQUEST_NOT_FOUND');
        assertNotClosed(event);
        let set: Partial<RequestRow> = {};
        let trigger: string | undefined;
        if (input.decision === 'accept' || input.decision === 'decline') {
          const target = input.decision === 'accept' ? 'accepted' : 'declined';
          if (request.status === target) return { row: request, event, trigger: undefined, cancelled: [] };
          if (request.status !== 'requested') throw conflict('REQUEST_DECIDED', `The request is ${request.status}; it takes no more accept or decline`, `Yêu cầu đã ở trạng thái ${request.status}`);
          if (input.participantId !== request.otherId) throw conflict('NOT_ASKED_SIDE', 'Only the side that was asked accepts or declines', 'Chỉ bên được mời mới chấp nhận hoặc từ chối');
          set = { status: target };
          if (target === 'accepted') trigger = 'new_request';
        } else {
          if (request.status !== 'accepted') throw conflict('REQUEST_NOT_ACCEPTED', `Preferences apply to accepted requests; this one is ${request.status}`, `Chỉ yêu cầu đã chấp nhận mới nhận ưu tiên`);
          const previous = request.preferences[input.participantId];
          if (previous === input.decision) return { row: request, event, trigger: undefined, cancelled: [] };
          const preferences = { ...request.preferences, [input.participantId]: input.decision };
          const hadMust = Object.values(request.preferences).includes('must_meet');
          const hasMust = Object.values(preferences).includes('must_meet');
          set = { preferences, priority: request.priority + (hasMust && !hadMust ? MUST_MEET_BONUS : !hasMust && hadMust ? -MUST_MEET_BONUS : 0) };
          if (input.decision === 'no_thanks') set.status = 'cancelled';
        }
        const [updated] = await tx.update(eventRequests).set({ ...set, updatedAt: new Date() }).where(eq(eventRequests.id, requestId)).returning();
        let cancelled: string[] = [];
        if (set.status === 'cancelled') {
          const rows = await tx
            .update(eventMeetings)
            .set({ status: 'cancelled', cancelReason: 'no_thanks', locked: false, version: sql`${eventMeetings.version} + 1`, updatedAt: new Date() })
            .where(and(eq(eventMeetings.requestId, requestId), inArray(eventMeetings.status, ['tentative', 'confirmed'])))
            .returning({ id: eventMeetings.id, status: eventMeetings.status });
          cancelled = rows.map((r) => r.id);
          if (cancelled.length > 0) trigger = 'cancellation';
        }
        await audit(tx, ctx, { action: `decision.${input.decision}`, entity: 'event_request', entityId: requestId, changedFields: Object.keys(set) });
        return { row: updated as RequestRow, event, trigger, cancelled };
      });
      if (PUBLISHED.includes(event.status)) {
        if (cancelled.length > 0) await deps.hooks?.notify(event.id, cancelled, 'meeting.changed', 'cancelled');
        if (trigger) await deps.hooks?.repair(event, trigger, ctx);
      }
      return row;
    },
  };
}

export type RequestService = ReturnType<typeof createRequestService>;

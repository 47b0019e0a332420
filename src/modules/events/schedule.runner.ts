import { and, desc, eq, inArray, notInArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, Db } from '../../db/client.js';
import { eventLocations, eventMeetings, eventParticipants, eventRequests, events, eventSessions, scheduleRuns, type UnplacedRow } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { SchedulerInput, SchedulerResult } from './scheduler/index.js';
import { SYSTEM } from '../access/caller.js';
import { audit } from './access.js';
import { notifyMeetings } from './hooks.js';
import { attendeesOf, buildSchedulerInput, placementsOf, slotsOf, type Kept, type Placement } from './schedule.mapping.js';
import type { ScheduleRunRow } from './schedule.service.js';

/** One lock for every scheduler run in the deployment: two runs never write one event's meetings at once. */
export const SCHEDULE_LOCK = 0x6b6e_6576;
/** Kept meetings outrank anything new, so a repair never drops a confirmed meeting to fit a new one. */
const KEEP_BONUS = 100_000;

export type SchedulerCall = (input: SchedulerInput) => Promise<SchedulerResult>;
type MeetingRow = typeof eventMeetings.$inferSelect;

async function load(db: Db, eventId: string) {
  const [event] = await db.select().from(events).where(eq(events.id, eventId));
  if (!event) throw new AppError('NOT_FOUND', { en: `Event ${eventId} not found`, vi: `Không tìm thấy sự kiện ${eventId}` });
  const [sessions, locations, participants, requests, meetings] = await Promise.all([
    db.select().from(eventSessions).where(eq(eventSessions.eventId, eventId)),
    db.select().from(eventLocations).where(eq(eventLocations.eventId, eventId)),
    db.select().from(eventParticipants).where(eq(eventParticipants.eventId, eventId)),
    db.select().from(eventRequests).where(and(eq(eventRequests.eventId, eventId), eq(eventRequests.status, 'accepted'))),
    db.select().from(eventMeetings).where(eq(eventMeetings.eventId, eventId)),
  ]);
  return { event, sessions, locations, participants, requests, meetings };
}

/**
 * Executes scheduler runs in the worker. A full run rebuilds the provisional schedule around the
 * locked meetings; a repair keeps every confirmed meeting where it is, moving one only when it must
 * (a participant is now blocked there) or when nothing else places what is new, and tells those
 * affected. Results are written in one transaction with the run's status, so a run retried after a
 * crash either finds itself done or starts clean.
 */
export function createScheduleRunner(deps: { database: Database; queue?: JobQueue; scheduler: SchedulerCall }) {
  const { db } = deps.database;

  async function run(row: ScheduleRunRow, log: Logger) {
    const data = await load(db, row.eventId);
    const slots = slotsOf(data.sessions);
    const slotAt = new Map(slots.map((s) => [`${s.sessionId}:${s.slotInSession}`, s.index]));
    const live = data.meetings.filter((m) => m.status === 'tentative' || m.status === 'confirmed');
    const meetingOf = new Map(data.meetings.map((m) => [m.requestId, m]));
    // A meeting that was held, missed or cancelled is over: its request is not scheduled again.
    const requests = data.requests.filter((r) => {
      const m = meetingOf.get(r.id);
      return !m || m.status === 'tentative' || m.status === 'confirmed';
    });
    const currentSlot = (m: MeetingRow) => slotAt.get(`${m.sessionId}:${m.slotInSession}`);
    const blocked = new Set(data.participants.flatMap((p) => p.blocked.flatMap((b) => b.slots.map((s) => `${p.id}@${slotAt.get(`${b.sessionId}:${s}`)}`))));
    const blockedAt = (pid: string, slot: number) => blocked.has(`${pid}@${slot}`);
    const keep = (m: MeetingRow): Kept | undefined => {
      const slot = currentSlot(m);
      return slot === undefined ? undefined : { slot, locationId: m.locationId };
    };
    const options = { timeBudgetMs: row.params.timeBudgetMs, fairness: row.params.fairness, gapsAcrossSessions: false, seed: row.params.seed };
    const solve = async (kept: Map<string, Kept>, keepBonus: Map<string, number>) => {
      const built = buildSchedulerInput({ event: data.event, sessions: data.sessions, locations: data.locations, participants: data.participants, requests, kept, keepBonus, options });
      return { ...built, result: await deps.scheduler(built.input) };
    };

    let solved: Awaited<ReturnType<typeof solve>>;
    let mustMove = new Set<string>();
    if (row.kind === 'full') {
      const kept = new Map<string, Kept>();
      for (const m of live) if (m.locked) {
        const k = keep(m);
        if (k) kept.set(m.requestId, k);
      }
      solved = await solve(kept, new Map());
    } else {
      const confirmed = live.filter((m) => m.status === 'confirmed');
      mustMove = new Set(confirmed.filter((m) => {
        const slot = currentSlot(m);
        return slot === undefined || m.participantIds.some((p) => blockedAt(p, slot));
      }).map((m) => m.requestId));
      const kept = new Map<string, Kept>();
      for (const m of confirmed) if (!mustMove.has(m.requestId)) kept.set(m.requestId, keep(m) as Kept);
      const bonus = new Map([...mustMove].map((id) => [id, KEEP_BONUS]));
      solved = await solve(kept, bonus);
      // Nothing else placed what is new or displaced: free the unlocked meetings of the people concerned, and only those.
      // New: accepted since the last finished run; older unplaced requests do not move anyone either.
      const [last] = await db
        .select({ at: scheduleRuns.finishedAt })
        .from(scheduleRuns)
        .where(and(eq(scheduleRuns.eventId, row.eventId), eq(scheduleRuns.status, 'succeeded')))
        .orderBy(desc(scheduleRuns.finishedAt))
        .limit(1);
      const isNew = (requestId: string) => {
        const r = requests.find((x) => x.id === requestId);
        return !meetingOf.has(requestId) && !!r && (!last?.at || r.updatedAt > last.at);
      };
      const stuck = solved.result.unplaced.filter((u) => mustMove.has(u.meetingId) || isNew(u.meetingId));
      if (stuck.length > 0) {
        const people = new Set(stuck.flatMap((u) => attendeesOf(requests.find((r) => r.id === u.meetingId) as never)));
        const freed = confirmed.filter((m) => !m.locked && kept.has(m.requestId) && m.participantIds.some((p) => people.has(p)));
        if (freed.length > 0) {
          const kept2 = new Map(kept);
          const bonus2 = new Map(bonus);
          for (const m of freed) {
            kept2.delete(m.requestId);
            bonus2.set(m.requestId, KEEP_BONUS);
          }
          const second = await solve(kept2, bonus2);
          if (second.result.stats.placedPriority > solved.result.stats.placedPriority) solved = second;
        }
      }
    }

    const { input, slots: slotList, result } = solved;
    const placements = placementsOf({ eventId: row.eventId, result, input, slots: slotList, locations: data.locations, meetingIdOf: new Map([...meetingOf].map(([k, m]) => [k, m.id])) });
    const status = row.kind === 'full' ? ('tentative' as const) : ('confirmed' as const);
    const notices = { scheduled: [] as string[], changed: [] as string[] };
    let moved = 0;
    const unplaced: UnplacedRow[] = result.unplaced.map((u) => ({ requestId: u.meetingId, reason: u.reason }));

    await db.transaction(async (t) => {
      const tx = t as unknown as Db;
      const inserts: (typeof eventMeetings.$inferInsert)[] = [];
      for (const p of placements) {
        const before = meetingOf.get(p.requestId);
        // An online meeting that stays in its slot keeps its room and link.
        if (before && p.mode === 'online' && before.mode === 'online' && before.sessionId === p.slot.sessionId && before.slotInSession === p.slot.slotInSession) {
          p.locationId = before.locationId;
          p.onlineLink = before.onlineLink;
        }
        const values = placementValues(p, row);
        if (!before) {
          inserts.push({ id: p.meetingId, eventId: row.eventId, requestId: p.requestId, status, ...values });
          notices.scheduled.push(p.meetingId);
          continue;
        }
        const same = before.sessionId === values.sessionId && before.slotInSession === values.slotInSession && before.locationId === values.locationId && before.mode === values.mode && (before.status === 'tentative' || before.status === 'confirmed');
        if (same) continue;
        const keepStatus = before.status === 'confirmed' ? 'confirmed' : status;
        await tx
          .update(eventMeetings)
          .set({ ...values, status: keepStatus, cancelReason: null, version: sql`${eventMeetings.version} + 1`, updatedAt: new Date() })
          .where(eq(eventMeetings.id, before.id));
        if (before.status === 'confirmed') {
          moved++;
          notices.changed.push(before.id);
        } else if (row.kind === 'repair') notices.scheduled.push(before.id);
      }
      for (let i = 0; i < inserts.length; i += 500) await tx.insert(eventMeetings).values(inserts.slice(i, i + 500));
      const placedRequests = placements.map((p) => p.requestId);
      if (row.kind === 'full') {
        // Unplaced tentative meetings of the previous provisional schedule go; confirmed and finished ones stay.
        await tx
          .delete(eventMeetings)
          .where(and(eq(eventMeetings.eventId, row.eventId), eq(eventMeetings.status, 'tentative'), placedRequests.length > 0 ? notInArray(eventMeetings.requestId, placedRequests) : undefined));
      } else {
        const lost = live.filter((m) => m.status === 'confirmed' && !placedRequests.includes(m.requestId) && requests.some((r) => r.id === m.requestId));
        if (lost.length > 0) {
          await tx
            .update(eventMeetings)
            .set({ status: 'cancelled', cancelReason: 'no_slot_after_change', locked: false, version: sql`${eventMeetings.version} + 1`, updatedAt: new Date() })
            .where(inArray(eventMeetings.id, lost.map((m) => m.id)));
          notices.changed.push(...lost.map((m) => m.id));
        }
      }
      await tx
        .update(scheduleRuns)
        .set({
          status: 'succeeded',
          requests: input.meetings.length,
          placed: result.stats.placed,
          totalGaps: result.stats.totalGaps,
          maxGaps: result.stats.maxGaps,
          minGaps: result.stats.minGaps,
          moved,
          unplaced,
          elapsedMs: Math.round(result.stats.elapsedMs),
          finishedAt: new Date(),
        })
        .where(eq(scheduleRuns.id, row.id));
      await audit(tx, { caller: SYSTEM }, { action: `schedule.${row.kind}.applied`, entity: 'schedule_run', entityId: row.id, changedFields: ['meetings'] });
      if (row.kind === 'full') {
        await tx.update(events).set({ status: 'provisional', version: sql`${events.version} + 1`, updatedAt: new Date() }).where(and(eq(events.id, row.eventId), eq(events.status, 'scheduling')));
      }
    });
    log.info({ runId: row.id, eventId: row.eventId, kind: row.kind, placed: result.stats.placed, unplaced: unplaced.length, totalGaps: result.stats.totalGaps, moved, mustMove: mustMove.size }, 'schedule run finished');
    if (row.kind === 'repair') {
      await notifyMeetings(db, deps.queue, row.eventId, notices.scheduled, 'meeting.scheduled', 'repair', log);
      await notifyMeetings(db, deps.queue, row.eventId, notices.changed, 'meeting.changed', 'repair', log);
    }
  }

  return {
    async execute(runId: string, log: Logger): Promise<ScheduleRunRow> {
      return deps.database.withAdvisoryLock(SCHEDULE_LOCK, async () => {
        const [row] = await db.select().from(scheduleRuns).where(eq(scheduleRuns.id, runId));
        if (!row) throw new AppError('NOT_FOUND', { en: `Schedule run ${runId} not found`, vi: `Không tìm thấy lượt xếp lịch ${runId}` });
        // At-least-once delivery: a finished run is not run again.
        if (row.status === 'succeeded' || row.status === 'failed') return row;
        await db.update(scheduleRuns).set({ status: 'running', attempts: row.attempts + 1, startedAt: row.startedAt ?? new Date(), error: null }).where(eq(scheduleRuns.id, runId));
        try {
          await run(row, log);
        } catch (err) {
          await db.update(scheduleRuns).set({ error: (err as Error).message.slice(0, 500) }).where(eq(scheduleRuns.id, runId)).catch(() => {});
          throw err;
        }
        const [done] = await db.select().from(scheduleRuns).where(eq(scheduleRuns.id, runId));
        return done as ScheduleRunRow;
      });
    },
  };
}

function placementValues(p: Placement, row: ScheduleRunRow) {
  return {
    sessionId: p.slot.sessionId,
    slot: p.slot.index,
    slotInSession: p.slot.slotInSession,
    locationId: p.locationId,
    startsAt: p.slot.startsAt,
    endsAt: p.slot.endsAt,
    mode: p.mode,
    onlineLink: p.onlineLink,
    participantIds: p.participantIds,
    runId: row.id,
  };
}

export type ScheduleRunner = ReturnType<typeof createScheduleRunner>;

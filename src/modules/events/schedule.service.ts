import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { eventMeetings, events, eventSessions, scheduleRuns, type ScheduleParams } from '../../db/schema/index.js';
import { notFound } from '../../http/errors.js';
import type { JobQueue } from '../../jobs/queue.js';
import { SYSTEM, type ActionContext, type Caller } from '../access/caller.js';
import { audit, conflict, loadEvent, type EventRow } from './access.js';
import { notifyMeetings, type ScheduleHooks } from './hooks.js';

export type ScheduleRunRow = typeof scheduleRuns.$inferSelect;
const RUN = { en: 'Schedule run', vi: 'lượt xếp lịch' };
/** Repairs are small: a short budget keeps the published schedule's changes quick. */
export const REPAIR_PARAMS: ScheduleParams = { timeBudgetMs: 1_000, fairness: null, seed: 1 };
const txOf = (t: unknown) => t as Db;

export function createScheduleService(deps: { db: Db; queue?: JobQueue; log?: Pick<Logger, 'error'> }) {
  const { db } = deps;

  async function enqueue(tx: Db, event: EventRow, kind: 'full' | 'repair', trigger: string, params: ScheduleParams, ctx: ActionContext): Promise<ScheduleRunRow> {
    const [row] = await tx
      .insert(scheduleRuns)
      .values({ eventId: event.id, kind, status: 'queued', trigger, params, clientId: ctx.caller.clientId, clientName: ctx.caller.name })
      .returning();
    const run = row as ScheduleRunRow;
    await audit(tx, ctx, { action: `schedule.${kind}`, entity: 'schedule_run', entityId: run.id, changedFields: [trigger] });
    return run;
  }

  async function submit(run: ScheduleRunRow): Promise<void> {
    try {
      await deps.queue?.add('events.schedule', { runId: run.id }, { jobId: `schedule-run-${run.id}` });
    } catch (err) {
      await db.update(scheduleRuns).set({ status: 'failed', error: 'the queue did not take the run', finishedAt: new Date() }).where(eq(scheduleRuns.id, run.id));
      throw err;
    }
  }

  const hooks: ScheduleHooks = {
    async repair(event, trigger, ctx) {
      const run = await db.transaction(async (t) => enqueue(txOf(t), event, 'repair', trigger, REPAIR_PARAMS, ctx));
      // The change that set the repair off is committed: a queue failure is logged, the run stays failed and visible.
      await submit(run).catch((err: unknown) => deps.log?.error({ err: { message: (err as Error).message }, runId: run.id }, 'schedule repair not queued'));
    },
    async notify(eventId, meetingIds, type, action) {
      await notifyMeetings(db, deps.queue, eventId, meetingIds, type, action, deps.log);
    },
  };

  return {
    hooks,

    /** Queues a full run (202); the event moves to scheduling. A published schedule is repaired instead, never rebuilt. */
    async schedule(eventId: string, params: ScheduleParams, ctx: ActionContext): Promise<ScheduleRunRow> {
      const run = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        if (!['registration', 'scheduling', 'provisional'].includes(event.status)) {
          throw conflict('EVENT_NOT_SCHEDULING', `A schedule is built in registration, scheduling or provisional; the event is ${event.status}${event.status === 'final' || event.status === 'running' ? ' (changes now repair the published schedule)' : ''}`, `Chỉ xếp lịch khi sự kiện ở trạng thái registration, scheduling hoặc provisional; hiện là ${event.status}`);
        }
        const [session] = await tx.select({ id: eventSessions.id }).from(eventSessions).where(eq(eventSessions.eventId, eventId)).limit(1);
        if (!session) throw conflict('NO_SESSIONS', 'The event has no sessions yet', 'Sự kiện chưa có phiên nào');
        if (event.status !== 'scheduling') await tx.update(events).set({ status: 'scheduling', version: sql`${events.version} + 1`, updatedAt: new Date() }).where(eq(events.id, eventId));
        return enqueue(tx, event, 'full', 'request', params, ctx);
      });
      await submit(run);
      return run;
    },

    async latest(eventId: string, caller: Caller): Promise<ScheduleRunRow> {
      await loadEvent(db, eventId, caller, 'read');
      const [row] = await db.select().from(scheduleRuns).where(eq(scheduleRuns.eventId, eventId)).orderBy(desc(scheduleRuns.createdAt), desc(scheduleRuns.id)).limit(1);
      if (!row) throw notFound(RUN, eventId, 'SCHEDULE_NOT_FOUND');
      return row;
    },

    /** Makes the provisional schedule final: tentative meetings are confirmed and their participants told. */
    async publish(eventId: string, ctx: ActionContext): Promise<EventRow> {
      const { event, confirmed } = await db.transaction(async (t) => {
        const tx = txOf(t);
        const event = await loadEvent(tx, eventId, ctx.caller, 'manage', true);
        if (event.status !== 'provisional') throw conflict('EVENT_NOT_PROVISIONAL', `Only a provisional schedule is published; the event is ${event.status}`, `Chỉ công bố lịch tạm thời; sự kiện đang ở trạng thái ${event.status}`);
        const [pending] = await tx.select({ id: scheduleRuns.id }).from(scheduleRuns).where(and(eq(scheduleRuns.eventId, eventId), inArray(scheduleRuns.status, ['queued', 'running']))).limit(1);
        if (pending) {
          // A run whose enqueue was lost to a crash would block publication for good: offer it to the
          // queue again (the job id de-duplicates one that is in fact waiting).
          await deps.queue?.add('events.schedule', { runId: pending.id }, { jobId: `schedule-run-${pending.id}` }).catch(() => {});
          throw conflict('SCHEDULE_RUNNING', `Schedule run ${pending.id} has not finished; try again shortly`, `Lượt xếp lịch ${pending.id} chưa xong; hãy thử lại sau`);
        }
        const confirmed = await tx
          .update(eventMeetings)
          .set({ status: 'confirmed', version: sql`${eventMeetings.version} + 1`, updatedAt: new Date() })
          .where(and(eq(eventMeetings.eventId, eventId), eq(eventMeetings.status, 'tentative')))
          .returning({ id: eventMeetings.id });
        const [row] = await tx.update(events).set({ status: 'final', publishedAt: new Date(), version: sql`${events.version} + 1`, updatedAt: new Date() }).where(eq(events.id, eventId)).returning();
        await audit(tx, ctx, { action: 'publish', entity: 'event', entityId: eventId, changedFields: ['status', 'publishedAt'] });
        return { event: row as EventRow, confirmed: confirmed.map((c) => c.id) };
      });
      await notifyMeetings(db, deps.queue, eventId, confirmed, 'meeting.scheduled', 'published', deps.log);
      return event;
    },
  };
}

/** Marks a run failed for good (the queue gave up on it). */
export async function failScheduleRun(db: Db, runId: string, message: string) {
  await db
    .update(scheduleRuns)
    .set({ status: 'failed', error: message.slice(0, 500), finishedAt: new Date() })
    .where(and(eq(scheduleRuns.id, runId), inArray(scheduleRuns.status, ['queued', 'running'])));
}

export const systemContext: ActionContext = { caller: SYSTEM };
export type ScheduleService = ReturnType<typeof createScheduleService>;

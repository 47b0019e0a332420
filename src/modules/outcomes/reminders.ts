import { and, eq, inArray, isNull, lte, sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { eventMeetings, eventParticipants, outcomeReminders, outcomes } from '../../db/schema/index.js';
import type { JobQueue } from '../../jobs/queue.js';

/** How long after a held meeting its sides are asked what came of it. */
export const FOLLOW_UP_MONTHS = 6;
/** Meetings handled per pass; the next pass takes the rest. */
const BATCH = 500;

export function followUpCutoff(now: Date): Date {
  const d = new Date(now);
  d.setUTCMonth(d.getUTCMonth() - FOLLOW_UP_MONTHS);
  return d;
}

/**
 * The follow-up reminder: every held meeting that started at least six months ago, has no outcome
 * and was not reminded of yet gets one `outcome.follow_up_due` webhook event, to both sides'
 * provinces. The event id is the meeting's, so a rerun after a crash between queuing the event
 * and recording the reminder delivers nothing twice (deliveries are unique per subscription and
 * event id); the reminder row makes it once per meeting for good.
 */
export async function sendFollowUpReminders(deps: { db: Db; queue: JobQueue; now?: Date; log?: Pick<Logger, 'error' | 'info'> }): Promise<{ reminded: number }> {
  const now = deps.now ?? new Date();
  const cutoff = followUpCutoff(now);
  let reminded = 0;
  for (;;) {
    const due = await deps.db
      .select({ id: eventMeetings.id, eventId: eventMeetings.eventId, startsAt: eventMeetings.startsAt, participantIds: eventMeetings.participantIds })
      .from(eventMeetings)
      .leftJoin(outcomeReminders, eq(outcomeReminders.meetingId, eventMeetings.id))
      .where(
        and(
          eq(eventMeetings.status, 'held'),
          lte(eventMeetings.startsAt, cutoff),
          isNull(outcomeReminders.meetingId),
          sql`NOT EXISTS (SELECT 1 FROM ${outcomes} WHERE ${outcomes.meetingId} = ${eventMeetings.id} AND ${outcomes.archivedAt} IS NULL)`,
        ),
      )
      .orderBy(eventMeetings.startsAt, eventMeetings.id)
      .limit(BATCH);
    if (due.length === 0) break;
    const sides = due.flatMap((m) => m.participantIds.slice(0, 2));
    const parts = new Map(
      (await deps.db.select({ id: eventParticipants.id, side: eventParticipants.side, province: eventParticipants.currentProvince }).from(eventParticipants).where(inArray(eventParticipants.id, [...new Set(sides)]))).map((p) => [p.id, p]),
    );
    for (const m of due) {
      const two = m.participantIds.slice(0, 2).map((id) => parts.get(id));
      const provinceOn = (side: 'supply' | 'demand') => two.find((p) => p?.side === side)?.province ?? null;
      const provinces = [...new Set(two.map((p) => p?.province).filter((p): p is string => typeof p === 'string'))].sort();
      const dueAt = new Date(m.startsAt);
      dueAt.setUTCMonth(dueAt.getUTCMonth() + FOLLOW_UP_MONTHS);
      await deps.queue.add(
        'webhooks.dispatch',
        {
          eventId: `evt_outcome_follow_up_due_${m.id}`,
          type: 'outcome.follow_up_due',
          occurredAt: now.toISOString(),
          resource: 'meetings',
          recordId: m.id,
          data: {
            resource: 'meetings',
            id: m.id,
            eventId: m.eventId,
            startsAt: m.startsAt.toISOString(),
            dueAt: dueAt.toISOString(),
            participantIds: m.participantIds.slice(0, 2),
            url: `/v1/events/${m.eventId}/meetings/${m.id}`,
            report: { method: 'POST', url: '/v1/outcomes', body: { meetingId: m.id } },
          },
          visibility: { currentProvince: provinces[0] ?? null, provinces: provinces.slice(1), public: false, clientId: null },
        },
        { jobId: `follow-up-${m.id}` },
      );
      await deps.db
        .insert(outcomeReminders)
        .values({ meetingId: m.id, eventId: m.eventId, supplyProvince: provinceOn('supply'), demandProvince: provinceOn('demand'), dueAt, sentAt: now })
        .onConflictDoNothing();
      reminded++;
    }
    if (due.length < BATCH) break;
  }
  if (reminded > 0) deps.log?.info({ reminded }, 'follow-up reminders sent');
  return { reminded };
}

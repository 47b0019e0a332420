import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Db } from '../../db/client.js';
import { eventMeetings, eventParticipants } from '../../db/schema/index.js';
import type { JobQueue } from '../../jobs/queue.js';
import type { ActionContext } from '../access/caller.js';
import type { Event } from '../webhooks/webhooks.service.js';
import type { EventRow } from './access.js';

export type MeetingEventType = 'meeting.scheduled' | 'meeting.changed';

/** What a committed change to a published schedule sets off: a local repair, and webhooks to those affected. */
export interface ScheduleHooks {
  repair(event: EventRow, trigger: string, ctx: ActionContext): Promise<void>;
  notify(eventId: string, meetingIds: readonly string[], type: MeetingEventType, action: string): Promise<void>;
}

/**
 * One webhook event per meeting and affected province (each participant's portal hears about its
 * own meetings; the ministry sees every province's). Never fails the committed change: a queue
 * that does not answer is logged, as for record events.
 */
export async function notifyMeetings(db: Db, queue: JobQueue | undefined, eventId: string, meetingIds: readonly string[], type: MeetingEventType, action: string, log?: Pick<Logger, 'error'>): Promise<number> {
  if (!queue || meetingIds.length === 0) return 0;
  const meetings = await db.select().from(eventMeetings).where(and(eq(eventMeetings.eventId, eventId), inArray(eventMeetings.id, [...meetingIds])));
  const partIds = [...new Set(meetings.flatMap((m) => m.participantIds))];
  const parts = partIds.length === 0 ? [] : await db.select({ id: eventParticipants.id, currentProvince: eventParticipants.currentProvince }).from(eventParticipants).where(inArray(eventParticipants.id, partIds));
  const provinceOf = new Map(parts.map((p) => [p.id, p.currentProvince]));
  let sent = 0;
  for (const m of meetings) {
    const provinces = [...new Set(m.participantIds.map((id) => provinceOf.get(id)).filter((p): p is string => typeof p === 'string'))].sort();
    for (const province of provinces) {
      const event: Event = {
        eventId: `evt_${randomUUID()}`,
        type,
        occurredAt: new Date().toISOString(),
        resource: 'meetings',
        recordId: m.id,
        data: {
          resource: 'meetings',
          id: m.id,
          eventId,
          action,
          status: m.status,
          slot: m.slot,
          startsAt: m.startsAt.toISOString(),
          endsAt: m.endsAt.toISOString(),
          participantIds: m.participantIds,
          url: `/v1/events/${eventId}/meetings/${m.id}`,
        },
        visibility: { currentProvince: province, public: false, clientId: null },
      };
      try {
        await queue.add('webhooks.dispatch', event);
        sent++;
      } catch (err) {
        log?.error({ err: { message: (err as Error).message }, meetingId: m.id }, 'webhook event lost: the queue did not take it');
      }
    }
  }
  return sent;
}

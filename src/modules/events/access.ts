import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { events, type EVENT_STATUSES } from '../../db/schema/index.js';
import { AppError, notFound } from '../../http/errors.js';
import { writeAudit } from '../access/access.repository.js';
import { owns, type ActionContext, type Caller } from '../access/caller.js';

export type EventRow = typeof events.$inferSelect;
export type EventStatus = (typeof EVENT_STATUSES)[number];
export const EVENT = { en: 'Event', vi: 'sự kiện' };

/**
 * Reads are open to the ministry and every portal (participants come from many provinces and their
 * portals pull agendas); changes belong to the organiser: the ministry or the portal of the event's
 * province. Anyone else gets 404 on a change, as for any foreign record.
 */
export const manages = (caller: Caller, event: Pick<EventRow, 'currentProvince'>) => owns(caller, event.currentProvince);

export async function loadEvent(db: Db, id: string, caller: Caller, purpose: 'read' | 'manage', lock = false): Promise<EventRow> {
  const query = db.select().from(events).where(eq(events.id, id));
  const [row] = lock ? await query.for('update') : await query;
  if (!row || (purpose === 'manage' && !manages(caller, row))) throw notFound(EVENT, id, 'EVENT_NOT_FOUND');
  return row;
}

/** A participant's own portal may act for it (decisions, requests, ratings) even at a foreign event. */
export function mayActFor(caller: Caller, event: EventRow, participant: { currentProvince: string | null }): boolean {
  return manages(caller, event) || (participant.currentProvince !== null && owns(caller, participant.currentProvince));
}

/** Status transitions a PATCH may make; final is reached by publishing the schedule only. */
export const TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  planning: ['registration'],
  registration: ['planning', 'scheduling'],
  scheduling: ['registration', 'provisional'],
  provisional: ['scheduling', 'registration'],
  final: ['running'],
  running: ['closed'],
  closed: [],
};

export const PUBLISHED: readonly EventStatus[] = ['final', 'running'];

export function conflict(code: string, en: string, vi: string): AppError {
  return new AppError('CONFLICT', { en, vi }, { code });
}

/** The event's setup (sessions, locations) is fixed once its schedule is published. */
export function assertSetupOpen(event: EventRow): void {
  if (PUBLISHED.includes(event.status) || event.status === 'closed') {
    throw conflict('EVENT_PUBLISHED', `The event is ${event.status}; its sessions and locations can no longer change`, `Sự kiện đang ở trạng thái ${event.status}; không thể thay đổi phiên và địa điểm`);
  }
}

export function assertNotClosed(event: EventRow): void {
  if (event.status === 'closed') throw conflict('EVENT_CLOSED', 'The event is closed', 'Sự kiện đã kết thúc');
}

export async function audit(tx: Db, ctx: ActionContext, entry: { action: string; entity: string; entityId: string; changedFields?: string[] }): Promise<void> {
  await writeAudit(tx, {
    clientId: ctx.caller.clientId,
    clientName: ctx.caller.name,
    role: ctx.caller.role,
    provinces: [...ctx.caller.provinces],
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId,
    changedFields: entry.changedFields ?? [],
    requestId: ctx.requestId ?? null,
  });
}

export const validation = (path: string, en: string, vi: string) =>
  new AppError('VALIDATION_FAILED', { en, vi }, { fields: [{ path, code: 'invalid', message: { en, vi } }] });

import { and, desc, eq, lt, or, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { events } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';
import { owns, type ActionContext, type Caller } from '../access/caller.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import { decodeCursor, encodeCursor, filterFingerprint } from '../registry/cursor.js';
import { preconditionRequired } from '../registry/registry.service.js';
import { audit, conflict, loadEvent, TRANSITIONS, type EventRow } from './access.js';
import type { eventCreateSchema, eventPatchSchema } from './events.schemas.js';

export type EventCreate = z.output<typeof eventCreateSchema>;
export type EventPatch = z.output<typeof eventPatchSchema>;

export const etagOf = (row: { version: number }) => `"${row.version}"`;

function checkIfMatch(ifMatch: string | undefined, row: EventRow) {
  if (ifMatch === undefined) throw preconditionRequired();
  if (ifMatch.trim() === '*') return;
  const tags = ifMatch.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etagOf(row))) {
    throw new AppError('PRECONDITION_FAILED', { en: `The event has changed (now version ${row.version}); read it again`, vi: `Sự kiện đã thay đổi (phiên bản ${row.version}); hãy đọc lại` }, { code: 'STALE_VERSION' });
  }
}

export function createEventService(deps: { db: Db }) {
  const { db } = deps;

  return {
    async create(input: EventCreate, ctx: ActionContext): Promise<EventRow> {
      const current = currentProvinceOf(input.province) ?? input.province;
      if (!owns(ctx.caller, current)) {
        throw new AppError('FORBIDDEN', { en: `Province ${input.province} is not yours`, vi: `Tỉnh ${input.province} không thuộc phạm vi của bạn` }, {
          fields: [{ path: 'body.province', code: 'forbidden', message: { en: 'Not one of your provinces', vi: 'Không thuộc tỉnh của bạn' } }],
        });
      }
      return db.transaction(async (t) => {
        const tx = t as unknown as Db;
        const [row] = await tx
          .insert(events)
          .values({ ...input, venue: input.venue ?? null, currentProvince: current, status: 'planning', createdBy: ctx.caller.clientId })
          .returning();
        const event = row as EventRow;
        await audit(tx, ctx, { action: 'create', entity: 'event', entityId: event.id, changedFields: Object.keys(input) });
        return event;
      });
    },

    get: (id: string, caller: Caller) => loadEvent(db, id, caller, 'read'),

    /** Newest first; a portal may filter to its own events with province. */
    async list(query: { province?: string; status?: EventRow['status']; limit: number; cursor?: string }): Promise<{ items: EventRow[]; nextCursor: string | null }> {
      const province = query.province ? (currentProvinceOf(query.province) ?? query.province) : undefined;
      const fingerprint = filterFingerprint({ province, status: query.status, list: 'events' });
      const after = query.cursor ? decodeCursor(query.cursor, fingerprint) : undefined;
      const at = after ? new Date(String(after.value)) : undefined;
      const rows = await db
        .select()
        .from(events)
        .where(
          and(
            province ? eq(events.currentProvince, province) : undefined,
            query.status ? eq(events.status, query.status) : undefined,
            at && after ? or(lt(events.createdAt, at), and(eq(events.createdAt, at), lt(events.id, after.id))) : undefined,
          ),
        )
        .orderBy(desc(events.createdAt), desc(events.id))
        .limit(query.limit + 1);
      const items = rows.slice(0, query.limit);
      const last = items[items.length - 1];
      return { items, nextCursor: rows.length > query.limit && last ? encodeCursor({ value: last.createdAt.toISOString(), id: last.id }, fingerprint) : null };
    },

    async patch(id: string, changes: EventPatch, ifMatch: string | undefined, ctx: ActionContext): Promise<EventRow> {
      return db.transaction(async (t) => {
        const tx = t as unknown as Db;
        const current = await loadEvent(tx, id, ctx.caller, 'manage', true);
        checkIfMatch(ifMatch, current);
        if (changes.status !== undefined && changes.status !== current.status && !TRANSITIONS[current.status].includes(changes.status)) {
          throw conflict(
            'INVALID_TRANSITION',
            `An event cannot go from ${current.status} to ${changes.status} (allowed: ${TRANSITIONS[current.status].join(', ') || 'none'}${current.status === 'provisional' ? '; publish the schedule to make it final' : ''})`,
            `Sự kiện không thể chuyển từ ${current.status} sang ${changes.status}`,
          );
        }
        if (current.status === 'closed') throw conflict('EVENT_CLOSED', 'The event is closed', 'Sự kiện đã kết thúc');
        const fields = Object.keys(changes).filter((k) => changes[k as keyof EventPatch] !== undefined);
        const [row] = await tx
          .update(events)
          .set({ ...changes, version: sql`${events.version} + 1`, updatedAt: new Date() })
          .where(eq(events.id, id))
          .returning();
        await audit(tx, ctx, { action: changes.status && changes.status !== current.status ? `status.${changes.status}` : 'update', entity: 'event', entityId: id, changedFields: fields });
        return row as EventRow;
      });
    },
  };
}

export type EventService = ReturnType<typeof createEventService>;

import { and, desc, eq, gte, lt, lte, type SQL } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditLog } from '../../db/schema/index.js';
import { AppError } from '../../http/errors.js';
import { isoDateTime } from '../../http/schemas.js';

const entrySchema = z
  .object({
    id: z.number().int().describe('Sequence number (increasing).'),
    at: isoDateTime.describe('When the change was committed.'),
    clientId: z.uuid().nullable().describe('The API client; null for the system (demo data, CLI).'),
    clientName: z.string().nullable().describe('Its name at the time.'),
    role: z.string().describe('Its role at the time.'),
    provinces: z.array(z.string()).describe("A portal's provinces at the time."),
    action: z.string().describe('create, update, replace (PUT by-ref) or archive; for proposals supply.accept, supply.decline, demand.accept or demand.decline.'),
    entity: z.string().describe('organization, offer, demand, expert or proposal.'),
    entityId: z.uuid().describe('The record changed.'),
    changedFields: z.array(z.string()).describe('Fields whose value changed.'),
    requestId: z.string().nullable().describe('x-request-id of the request that made the change.'),
  })
  .meta({ id: 'AuditEntry', description: 'One change, written in the same transaction as the change.' });

/** GET /v1/admin/audit: the ministry reads the audit log, newest first, with a keyset cursor. */
const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/',
    {
      config: { access: { roles: ['ministry'] } },
      schema: {
        operationId: 'listAuditEntries',
        tags: ['admin'],
        summary: 'Read the audit log (ministry only)',
        querystring: z.strictObject({
          entity: z.enum(['organization', 'offer', 'demand', 'expert', 'proposal']).optional().describe('Only this kind of record.'),
          entityId: z.uuid().optional().describe('Only this record.'),
          clientId: z.uuid().optional().describe('Only changes by this client.'),
          since: z.iso.datetime({ offset: true }).optional().describe('Only changes at or after this time.'),
          until: z.iso.datetime({ offset: true }).optional().describe('Only changes at or before this time.'),
          limit: z.coerce.number().int().min(1).max(100).default(50).describe('Page size, 1–100.'),
          cursor: z.string().regex(/^\d{1,18}$/).optional().describe('nextCursor of the previous page.'),
        }),
        response: {
          200: z.object({ items: z.array(entrySchema).describe('Newest first.'), nextCursor: z.string().nullable().describe('For the next page; null on the last.') }),
        },
      },
    },
    async (request) => {
      const q = request.query;
      const conditions: (SQL | undefined)[] = [
        q.entity ? eq(auditLog.entity, q.entity) : undefined,
        q.entityId ? eq(auditLog.entityId, q.entityId) : undefined,
        q.clientId ? eq(auditLog.clientId, q.clientId) : undefined,
        q.since ? gte(auditLog.at, new Date(q.since)) : undefined,
        q.until ? lte(auditLog.at, new Date(q.until)) : undefined,
        q.cursor ? lt(auditLog.id, Number(q.cursor)) : undefined,
      ];
      if (q.since && q.until && q.since > q.until) {
        throw new AppError('VALIDATION_FAILED', { en: 'since is after until', vi: 'since sau until' }, { fields: [{ path: 'query.until', code: 'invalid_range', message: { en: 'Must not be before since', vi: 'Không được trước since' } }] });
      }
      const rows = await app.database.db
        .select()
        .from(auditLog)
        .where(and(...conditions.filter((c): c is SQL => c !== undefined)))
        .orderBy(desc(auditLog.id))
        .limit(q.limit + 1);
      const items = rows.slice(0, q.limit);
      return { items, nextCursor: rows.length > q.limit ? String(items.at(-1)?.id) : null };
    },
  );
};

export default auditRoutes;

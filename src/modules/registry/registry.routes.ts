import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { serializerCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { problemSchema } from '../../http/problem.js';
import { callerOf } from '../../plugins/auth.js';
import { owns, type ActionContext, type Caller } from '../access/caller.js';
import { sourceRefSchema, sourceSystemSchema } from './common.schemas.js';
import type { ListQuery } from './list.js';
import { listQuerySchema } from './list.js';
import { columnsOf, toCsv, toXlsx } from './export.js';
import { recordChangeHooks } from '../webhooks/events.js';
import { AppError } from '../../http/errors.js';
import { canSee, createRegistryService, etagOf, type Row } from './registry.service.js';
import { createSchema, pascal, patchSchema, replaceSchema, responseSchema, type ResourceDefinition } from './resource.js';
import type { ReadCache } from './read-cache.js';

const JSON_TYPE = 'application/json; charset=utf-8';
const ITEMS_OPEN = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');

const ifMatchHeaders = z.object({
  'if-match': z.string().max(500).optional().describe('The ETag you read (required when changing an existing record); * replaces whatever is stored.'),
});

export const EXPORT_MAX_ROWS = 20_000;

const contextOf = (request: FastifyRequest): ActionContext => ({ caller: callerOf(request), requestId: request.id });

/** The same CRUD, by-ref sync and list routes for every registry resource. */
export function registryRoutes(def: ResourceDefinition, options: { matchDebounceMs: number; readCache?: ReadCache }): FastifyPluginAsyncZod {
  return async (app) => {
    const { readCache } = options;
    const hooks = recordChangeHooks(app.queue, def, options.matchDebounceMs, app.log);
    const service = createRegistryService(def, {
      db: app.database.db,
      // This process's cached copy goes at once; other processes hear it from the database.
      onChange: async (row, action) => {
        readCache?.invalidate(def.name, row.id);
        await hooks(row, action);
      },
    });
    const record = responseSchema(def);
    // The route's own serialiser (zod, as for every route), called here so a read can be cached as sent.
    const serializeRecord = serializerCompiler({ schema: record, method: 'GET', url: `/v1/${def.name}/:id`, httpStatus: '200' } as never) as (data: unknown) => string;
    const page = z
      .object({
        items: z.array(record).describe('This page of records.'),
        nextCursor: z.string().nullable().describe('Pass as cursor to get the next page; null on the last page.'),
      })
      .meta({ id: `${pascal(def.singular)}Page`, description: `A page of ${def.name}.` });
    const idParams = z.object({ id: z.uuid().describe(`The ${def.singular}'s id.`) });
    const Name = pascal(def.singular);
    const tags = [def.tag.name];

    /** Allow-listed by the response schema; private fields only for the record's own province. */
    const toResponse = (row: Row, caller: Caller) => {
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(row)) if (value !== null && value !== undefined) out[key] = value;
      if (!owns(caller, row.currentProvince as string)) for (const key of def.privateFields ?? []) delete out[key];
      for (const key of ['sourceSystem', 'sourceRef', 'archivedAt', 'publishedAt']) out[key] = row[key] ?? null;
      if (def.lifecycle) out.effectiveStatus = service.effectiveStatus(row);
      return out as z.output<typeof record>;
    };

    /** GET by id without the cache: read, serialise, cache for this scope, send. */
    const readOne = async (reply: FastifyReply, id: string, caller: Caller) => {
      const token = readCache?.token() ?? 0;
      const row = await service.get(id, caller);
      const cached = { body: Buffer.from(serializeRecord(toResponse(row, caller))), etag: etagOf(row) };
      readCache?.set(def.name, id, caller, cached, token);
      // A Buffer is sent as it is: the bytes the serialiser made, cached or not.
      return reply.header('etag', cached.etag).type(JSON_TYPE).send(cached.body as never);
    };

    app.post(
      '/',
      {
        schema: {
          operationId: `create${Name}`,
          tags,
          summary: `Create a ${def.singular}`,
          body: createSchema(def),
          response: { 201: record },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const row = await service.create(request.body as Record<string, unknown>, ctx);
        return reply.code(201).header('location', `/v1/${def.name}/${row.id}`).header('etag', etagOf(row)).send(toResponse(row, ctx.caller));
      },
    );

    app.get(
      '/:id',
      {
        schema: {
          operationId: `get${Name}`,
          tags,
          summary: `Read a ${def.singular}`,
          description: 'Archived records are still readable (with archivedAt). Sends an ETag; If-None-Match with it answers 304.',
          params: idParams,
          response: { 200: record },
        },
      },
      (request, reply) => {
        const caller = callerOf(request);
        const { id } = request.params;
        // The etag plugin answers If-None-Match with 304, cached or not.
        const hit = readCache?.get(def.name, id, caller);
        // A hit is sent at once, without a promise (the handler is not async for that reason).
        if (hit) {
          reply.header('etag', hit.etag).type(JSON_TYPE).send(hit.body as never);
          return;
        }
        return readOne(reply, id, caller);
      },
    );

    app.patch(
      '/:id',
      {
        schema: {
          operationId: `update${Name}`,
          tags,
          summary: `Change some fields of a ${def.singular}`,
          description: 'Only the fields sent change; null clears an optional field. The merged record is validated whole. Requires If-Match.',
          params: idParams,
          headers: ifMatchHeaders,
          body: patchSchema(def),
          response: { 200: record, 412: problemSchema, 428: problemSchema },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const row = await service.patch(request.params.id, request.body as Record<string, unknown>, request.headers['if-match'], ctx);
        return reply.header('etag', etagOf(row)).send(toResponse(row, ctx.caller));
      },
    );

    app.delete(
      '/:id',
      {
        schema: {
          operationId: `archive${Name}`,
          tags,
          summary: `Archive a ${def.singular}`,
          description: 'The record leaves lists and matching but stays readable for history and statistics. Requires If-Match.',
          params: idParams,
          headers: ifMatchHeaders,
          response: { 204: z.null().describe('Archived'), 412: problemSchema, 428: problemSchema },
        },
      },
      async (request, reply) => {
        await service.archive(request.params.id, request.headers['if-match'], contextOf(request));
        return reply.code(204).send(null);
      },
    );

    app.put(
      '/by-ref/:sourceSystem/:sourceRef',
      {
        schema: {
          operationId: `put${Name}ByRef`,
          tags,
          summary: `Create or replace a ${def.singular} by the portal's own id`,
          description: 'Creates (201) or replaces (200) the record known by (sourceSystem, sourceRef). Replacing needs If-Match (or *). Sending the same body again changes nothing.',
          params: z.object({ sourceSystem: sourceSystemSchema, sourceRef: sourceRefSchema }),
          headers: ifMatchHeaders,
          body: replaceSchema(def),
          response: { 200: record, 201: record, 412: problemSchema, 428: problemSchema },
        },
      },
      async (request, reply) => {
        const ctx = contextOf(request);
        const { row, created } = await service.putByRef(
          request.params.sourceSystem,
          request.params.sourceRef,
          request.body as Record<string, unknown>,
          request.headers['if-match'],
          ctx,
        );
        reply.header('etag', etagOf(row));
        if (created) reply.code(201).header('location', `/v1/${def.name}/${row.id}`);
        return toResponse(row, ctx.caller);
      },
    );

    app.get(
      '/export',
      {
        schema: {
          operationId: `export${pascal(def.name)}`,
          tags,
          summary: `Export ${def.name} as CSV or XLSX`,
          description: `The same filters as the list, every matching record the caller may see (at most ${EXPORT_MAX_ROWS.toLocaleString('en')}), one column per field (texts one per language). Cells that could run as spreadsheet formulas are neutralised with a leading apostrophe.`,
          querystring: listQuerySchema(def).omit({ limit: true, cursor: true }).extend({
            format: z.enum(['csv', 'xlsx']).default('csv').describe('csv (UTF-8 with BOM) or xlsx.'),
          }),
          response: { 200: z.string().describe('The file.'), 422: problemSchema },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const { format, ...filters } = request.query as ListQuery & { format: 'csv' | 'xlsx' };
        const rows: Record<string, unknown>[] = [];
        let cursor: string | undefined;
        do {
          const page = await service.list({ ...filters, limit: 1000, ...(cursor && { cursor }) } as ListQuery, caller);
          rows.push(...page.items.map((r) => ({ ...toResponse(r as Row, caller) })));
          cursor = page.nextCursor ?? undefined;
          if (rows.length > EXPORT_MAX_ROWS) {
            throw new AppError('UNPROCESSABLE', {
              en: `More than ${EXPORT_MAX_ROWS} records match; narrow the filters`,
              vi: `Có hơn ${EXPORT_MAX_ROWS} bản ghi phù hợp; hãy thu hẹp bộ lọc`,
            }, { code: 'EXPORT_TOO_LARGE' });
          }
        } while (cursor);
        const columns = columnsOf(def);
        const stamp = new Date().toISOString().slice(0, 10);
        if (format === 'xlsx') {
          return reply
            .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
            .header('content-disposition', `attachment; filename="ketnoi-${def.name}-${stamp}.xlsx"`)
            // A Buffer is sent as it is (no serialiser); the declared 200 schema only documents it.
            .send((await toXlsx(def.name, columns, rows)) as unknown as string);
        }
        return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="ketnoi-${def.name}-${stamp}.csv"`).send(toCsv(columns, rows));
      },
    );

    app.get(
      '/',
      {
        schema: {
          operationId: `list${pascal(def.name)}`,
          tags,
          summary: `List and search ${def.name}`,
          description: 'Filters, whitelisted sort and cursor pagination. Archived records are left out unless includeArchived=true.',
          querystring: listQuerySchema(def),
          response: { 200: page },
        },
      },
      async (request, reply) => {
        const caller = callerOf(request);
        const page = await service.listKeys(request.query as ListQuery, caller);
        // Each record as GET /{id} sends it (the same zod serialiser), so a page is those bodies
        // joined: from the read cache when it holds them for this scope, else read and serialised
        // here (and cached for the next read). Bytes identical to zod-encoding the whole page.
        const bodies: (Buffer | undefined)[] = page.ids.map((id) => (page.rows ? undefined : readCache?.get(def.name, id, caller)?.body));
        const missing = page.ids.filter((_, i) => bodies[i] === undefined);
        if (missing.length > 0) {
          const token = readCache?.token() ?? 0;
          const rows = page.rows ? (page.rows as Row[]) : await service.records(missing);
          const byId = new Map(rows.map((row) => [row.id, row]));
          page.ids.forEach((id, i) => {
            if (bodies[i]) return;
            const row = byId.get(id);
            if (!row) return;
            const body = Buffer.from(serializeRecord(toResponse(row, caller)));
            bodies[i] = body;
            // Only what a read by id would also show this caller goes into the cache.
            if (!page.rows && canSee(def, caller, row)) readCache?.set(def.name, id, caller, { body, etag: etagOf(row) }, token);
          });
        }
        const parts: Buffer[] = [ITEMS_OPEN];
        for (const body of bodies) {
          if (!body) continue;
          if (parts.length > 1) parts.push(COMMA);
          parts.push(body);
        }
        parts.push(Buffer.from(`],"nextCursor":${JSON.stringify(page.nextCursor)}}`));
        const payload = Buffer.concat(parts);
        // The weak ETag the etag plugin gives any list, from these same bytes.
        const etag = `W/"${createHash('sha1').update(payload).digest('base64url')}"`;
        return reply.header('etag', etag).type(JSON_TYPE).send(payload as never);
      },
    );
  };
}

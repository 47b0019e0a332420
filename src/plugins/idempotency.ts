import { createHash } from 'node:crypto';
import { and, eq, lt, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Db } from '../db/client.js';
import { problemSchema } from '../http/problem.js';
import { idempotencyKeys } from '../db/schema/index.js';

/** How long a key is remembered, and after how long a request still "running" counts as abandoned. */
export const IDEMPOTENCY_TTL_MS = 24 * 3600 * 1000;
const ABANDONED_MS = 5 * 60 * 1000;
const KEY = /^[\x21-\x7e]{1,255}$/;
const REPLAYED_HEADERS = ['location', 'etag', 'content-type'];

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { key: string } | null;
  }
}

function requestHash(request: FastifyRequest): string {
  const canonical = (v: unknown): unknown =>
    Array.isArray(v) ? v.map(canonical) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])])) : v;
  const hash = createHash('sha256').update(`${request.method} ${request.url}\n`);
  // A file upload is hashed as bytes; walking a Buffer as an object would take seconds per megabyte.
  if (Buffer.isBuffer(request.body)) hash.update(request.body);
  else hash.update(JSON.stringify(canonical(request.body) ?? null));
  return hash.digest('base64url');
}

/**
 * Idempotency-Key on POST (Stripe's design, IETF draft): the same key and body replay the first
 * response; the same key with another body is 422; a duplicate while the first runs is 409. Keys
 * belong to the API client and are kept 24 hours. A 5xx frees the key so the client can retry.
 */
export default fp<{ db: Db; now?: () => Date }>(
  async (app, { db, now = () => new Date() }) => {
    app.decorateRequest('idempotency', null);

    // Only POST routes carry the hooks, so other requests do not pay for them.
    app.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      if (methods.includes('POST')) {
        route.preHandler = [...hooksOf(route.preHandler), claim] as typeof route.preHandler;
        route.onSend = [...hooksOf(route.onSend), record] as typeof route.onSend;
      }
      const schema = route.schema as { hide?: boolean; headers?: unknown; response?: Record<string, unknown> } | undefined;
      if (!methods.includes('POST') || !schema || schema.hide || !route.url.startsWith('/v1')) return;
      route.schema = { ...schema, response: { ...schema.response, 422: problemSchema }, description: `${(route.schema as { description?: string }).description ?? ''}\n\nSend an Idempotency-Key header to make retries safe: the same key and body replay the first response (Idempotent-Replayed: true); another body with the same key is 422; a duplicate while the first is running is 409.`.trim() };
    });

    const claim = async (request: FastifyRequest, reply: FastifyReply) => {
      const header = request.headers['idempotency-key'];
      if (request.method !== 'POST' || header === undefined || !request.caller?.clientId) return;
      const key = Array.isArray(header) ? header[0] : header;
      if (!key || !KEY.test(key)) {
        return reply.problem('VALIDATION_FAILED', {
          detail: { en: 'Invalid Idempotency-Key', vi: 'Idempotency-Key không hợp lệ' },
          errors: [{ path: 'header.idempotency-key', code: 'invalid_string', message: { en: '1–255 visible ASCII characters', vi: '1–255 ký tự ASCII hiển thị được' } }],
        });
      }
      const clientId = request.caller.clientId;
      const hash = requestHash(request);
      const t = now();
      // Forget keys past their time (and requests abandoned mid-way) before claiming this one.
      await db
        .delete(idempotencyKeys)
        .where(
          and(
            eq(idempotencyKeys.clientId, clientId),
            eq(idempotencyKeys.key, key),
            sql`(${idempotencyKeys.createdAt} < ${new Date(t.getTime() - IDEMPOTENCY_TTL_MS)} OR (${idempotencyKeys.state} = 'running' AND ${idempotencyKeys.createdAt} < ${new Date(t.getTime() - ABANDONED_MS)}))`,
          ),
        );
      const claimed = await db.insert(idempotencyKeys).values({ clientId, key, requestHash: hash, state: 'running', createdAt: t }).onConflictDoNothing().returning({ key: idempotencyKeys.key });
      if (claimed.length > 0) {
        request.idempotency = { key };
        return;
      }
      const [existing] = await db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.clientId, clientId), eq(idempotencyKeys.key, key)));
      if (!existing) return reply.problem('CONFLICT', { specificCode: 'IDEMPOTENCY_IN_PROGRESS', detail: { en: 'Retry in a moment', vi: 'Vui lòng thử lại sau giây lát' } });
      if (existing.requestHash !== hash) {
        return reply.problem('UNPROCESSABLE', {
          specificCode: 'IDEMPOTENCY_KEY_REUSED',
          detail: { en: 'This Idempotency-Key was used with another request', vi: 'Idempotency-Key này đã dùng cho một yêu cầu khác' },
        });
      }
      if (existing.state === 'running') {
        return reply.problem('CONFLICT', {
          specificCode: 'IDEMPOTENCY_IN_PROGRESS',
          detail: { en: 'The first request with this Idempotency-Key is still running', vi: 'Yêu cầu đầu tiên với Idempotency-Key này vẫn đang xử lý' },
          headers: { 'retry-after': '1' },
        });
      }
      return replay(reply, existing);
    };

    const record = async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
      const state = request.idempotency;
      if (!state || !request.caller?.clientId) return payload;
      const where = and(eq(idempotencyKeys.clientId, request.caller.clientId), eq(idempotencyKeys.key, state.key));
      if (reply.statusCode >= 500) {
        await db.delete(idempotencyKeys).where(where);
        return payload;
      }
      const headers: Record<string, string> = {};
      for (const name of REPLAYED_HEADERS) {
        const value = reply.getHeader(name);
        if (value !== undefined) headers[name] = String(value);
      }
      await db
        .update(idempotencyKeys)
        .set({ state: 'done', responseStatus: reply.statusCode, responseHeaders: headers, responseBody: typeof payload === 'string' ? payload : '' })
        .where(where);
      return payload;
    };
  },
  { name: 'idempotency', dependencies: ['errors', 'auth'] },
);

const hooksOf = (hooks: unknown): unknown[] => (hooks === undefined ? [] : Array.isArray(hooks) ? hooks : [hooks]);

function replay(reply: FastifyReply, stored: typeof idempotencyKeys.$inferSelect) {
  for (const [name, value] of Object.entries(stored.responseHeaders ?? {})) reply.header(name, value);
  reply.header('idempotent-replayed', 'true');
  // Sent as stored: the serializer must not run again on an already serialised body.
  // A string body is sent as it is: the stored response is not serialised again.
  return reply.code(stored.responseStatus ?? 200).send(stored.responseBody ?? '');
}

/** Deletes keys past their time; run by the system.cleanup job. */
export async function pruneIdempotencyKeys(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(idempotencyKeys).where(lt(idempotencyKeys.createdAt, new Date(now.getTime() - IDEMPOTENCY_TTL_MS))).returning({ key: idempotencyKeys.key });
  return rows.length;
}

import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import pino from 'pino';
import type { App } from '../../src/app.js';
import { buildApp } from '../../src/app.js';
import { workerHeartbeats } from '../../src/db/schema/index.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { loggerOptions } from '../../src/logger.js';
import { createTestApp, testConfig, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';

const PROBLEM = /^application\/problem\+json/;

// The foundation has no write routes yet; these exercise the conventions every later route inherits.
const echoBody = z.strictObject({
  title: z.string().min(1).max(50),
  trl: z.number().int().min(1).max(9),
  tags: z.array(z.string().max(20)).max(5).optional(),
});

describe('HTTP conventions', () => {
  let db: TestDatabase;
  let queue: QueueBackend;
  let app: App;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createPostgresDatabase();
    queue = createBullmqBackend({ url: redisUrl(), prefix, log: testLogger });
    app = await createTestApp({
      database: db.database,
      queue,
      config: { BODY_LIMIT: '2048' },
      extend: (a) => {
        a.post('/v1/echo', { schema: { operationId: 'echo', tags: ['test'], summary: 'echo', body: echoBody, response: { 200: echoBody } } }, async (req) => req.body);
        a.get('/v1/boom', { schema: { operationId: 'boom', tags: ['test'], summary: 'boom' } }, async () => {
          throw new Error('secret internal detail: password=hunter2');
        });
        a.post('/v1/duplicate', { schema: { operationId: 'dup', tags: ['test'], summary: 'dup' } }, async () => {
          const row = { workerId: 'dup', hostname: 'h', pid: 1, queueDriver: 'bullmq' as const, queues: ['system'], startedAt: new Date(), lastSeenAt: new Date() };
          await a.database.db.insert(workerHeartbeats).values(row);
          await a.database.db.insert(workerHeartbeats).values(row);
          return {};
        });
      },
    });
  });

  afterAll(async () => {
    await app?.close();
    await queue?.close();
    await db?.drop();
    await dropQueuePrefix(prefix);
  });

  const post = (payload: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({ method: 'POST', url: '/v1/echo', payload, headers });

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ title: 'Xử lý nước thải', trl: 7 }));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ title: 'Xử lý nước thải', trl: 7 });
  });

  it.each([
    ['malformed JSON', () => post('{"title": "x",'), 400, 'FST_ERR_CTP_INVALID_JSON_BODY'],
    ['an empty JSON body', () => post(''), 400, 'FST_ERR_CTP_EMPTY_JSON_BODY'],
    ['text/plain', () => post('hello', { 'content-type': 'text/plain' }), 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'],
    ['an unknown content type', () => post('<a/>', { 'content-type': 'application/xml' }), 415, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'],
    ['a body over the limit', () => post(JSON.stringify({ title: 'x'.repeat(5000), trl: 1 })), 413, 'FST_ERR_CTP_BODY_TOO_LARGE'],
    ['an unknown route', () => app.inject({ method: 'GET', url: '/v1/nothing-here' }), 404, 'ROUTE_NOT_FOUND'],
    ['an unsupported method', () => app.inject({ method: 'DELETE', url: '/v1/echo' }), 405, 'METHOD_NOT_ALLOWED'],
    ['an over-long path parameter', () => app.inject({ method: 'GET', url: `/v1/offers/${'x'.repeat(300)}` }), 414, 'FST_ERR_MAX_PARAM_LENGTH'],
    ['an undecodable URL', () => app.inject({ method: 'GET', url: '/v1/offers/%ED%A0%80' }), 400, 'FST_ERR_BAD_URL'],
    ['a unique violation in PostgreSQL', () => app.inject({ method: 'POST', url: '/v1/duplicate' }), 409, 'CONFLICT_WORKER_HEARTBEATS_PKEY'],
  ])('answers %s with a problem', async (_name, send, status, code) => {
    const res = await send();
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    const body = res.json();
    expect(body).toMatchObject({ status, code, requestId: res.headers['x-request-id'] });
    expect(body.type).toMatch(/^https:\/\/ketnoi\.example\/problems\//);
    expect(typeof body.title).toBe('string');
  });

  it('gives 400 with one error per bad field, unknown fields included', async () => {
    const res = await post(JSON.stringify({ title: '', trl: 12, extra: 1, tags: ['ok', 5] }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    const paths = body.errors.map((e: { path: string }) => e.path).sort();
    expect(paths).toEqual(['body.extra', 'body.tags.1', 'body.title', 'body.trl']);
    expect(body.detail).toContain('body.trl');
  });

  it('names a missing field as required', async () => {
    const res = await post(JSON.stringify({ title: 'x' }));
    expect(res.json().errors).toEqual([{ path: 'body.trl', code: 'invalid_type', message: 'Required' }]);
  });

  it('speaks Vietnamese when asked', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/echo',
      payload: { title: 'x', trl: 12, extra: true },
      headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' },
    });
    const body = res.json();
    expect(body.title).toBe('Yêu cầu không hợp lệ');
    expect(body.errors.find((e: { path: string }) => e.path === 'body.extra').message).toBe('Trường "extra" không được phép');
    expect(body.errors.find((e: { path: string }) => e.path === 'body.trl').message).toContain('Quá lớn');
  });

  it('lists the allowed methods on 405', async () => {
    const res = await app.inject({ method: 'PUT', url: '/health/ready' });
    expect(res.statusCode).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });

  it('hides internals of unexpected errors', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(res.body).not.toContain('hunter2');
    expect(res.body).not.toContain('secret');
    expect(res.json().code).toBe('INTERNAL');
  });

  it.each([
    ['deep nesting', '['.repeat(20_000) + ']'.repeat(20_000)],
    ['__proto__ pollution', '{"title":"x","trl":1,"__proto__":{"admin":true}}'],
    ['constructor pollution', '{"title":"x","trl":1,"constructor":{"prototype":{"admin":true}}}'],
    ['NUL bytes', JSON.stringify({ title: 'a\u0000b', trl: 1 })],
    ['a number where an object is expected', '42'],
    ['null', 'null'],
    ['a float TRL', '{"title":"x","trl":7.5}'],
    ['a huge number', '{"title":"x","trl":1e400}'],
    ['invalid UTF-8 escapes', '{"title":"\\ud800","trl":1}'],
  ])('never answers 5xx to hostile input: %s', async (_name, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBeLessThan(500);
    if (res.statusCode >= 400) expect(res.headers['content-type']).toMatch(PROBLEM);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
  });

  describe('x-request-id', () => {
    it('echoes a well-formed id', async () => {
      const res = await app.inject({ method: 'GET', url: '/health/live', headers: { 'x-request-id': 'portal-hn-42:abc' } });
      expect(res.headers['x-request-id']).toBe('portal-hn-42:abc');
    });

    it.each([undefined, 'has spaces in it', 'x'.repeat(200), '<script>'])('generates one for %j', async (given) => {
      const res = await app.inject({ method: 'GET', url: '/health/live', headers: given === undefined ? {} : { 'x-request-id': given } });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('carries it into problems', async () => {
      const res = await app.inject({ method: 'GET', url: '/nope', headers: { 'x-request-id': 'trace-1' } });
      expect(res.json().requestId).toBe('trace-1');
    });
  });

  it('logs requests as JSON with the request id and the authorization header redacted', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    const logger = pino(loggerOptions('info', false), sink);
    const logged = await buildApp({ config: testConfig(), database: db.database, queue, logger });
    try {
      await logged.inject({ method: 'GET', url: '/health/live', headers: { authorization: 'Bearer sk_live_topsecret', 'x-request-id': 'log-check-1' } });
    } finally {
      await logged.close();
    }
    const records = lines.map((l) => JSON.parse(l));
    const incoming = records.find((r) => r.msg === 'incoming request');
    expect(incoming.requestId).toBe('log-check-1');
    expect(incoming.req.headers.authorization).toBe('[redacted]');
    expect(lines.join('')).not.toContain('topsecret');
  });
});

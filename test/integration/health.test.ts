import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { openDatabase, type Database } from '../../src/db/client.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';

// Nothing listens on port 1 on loopback: a real driver pointed at a dependency that is down.
const DOWN_PG = 'postgres://postgres@127.0.0.1:1/postgres';
const DOWN_REDIS = 'redis://127.0.0.1:1';

describe('health', () => {
  let db: TestDatabase;
  const prefix = testQueuePrefix();
  const opened: { close(): Promise<void> }[] = [];

  const appWith = async (database: Database, queue: QueueBackend, key?: string | null): Promise<App> => {
    const app = await createTestApp({ database, queue, key });
    opened.unshift(app);
    return app;
  };
  const bullmq = (url: string) => {
    const backend = createBullmqBackend({ url, prefix, log: testLogger, pingTimeoutMs: 1000 });
    opened.push(backend);
    return backend;
  };

  beforeAll(async () => {
    db = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const o of opened) await o.close().catch(() => {});
    await db?.drop();
    await dropQueuePrefix(prefix);
  });

  it('is ready when PostgreSQL and Redis answer', async () => {
    const app = await appWith(db.database, bullmq(redisUrl()));
    const live = await app.inject({ method: 'GET', url: '/health/live' });
    expect(live.json()).toEqual({ status: 'ok' });
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      checks: { database: { status: 'up', driver: 'postgres' }, queue: { status: 'up', driver: 'bullmq' } },
    });
  });

  it('answers 503 naming the database when PostgreSQL is down', async () => {
    const down = await openDatabase({ driver: 'postgres', url: DOWN_PG, poolMax: 1 });
    opened.push(down);
    const app = await appWith(down, bullmq(redisUrl()), null);
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.headers['retry-after']).toBe('5');
    const body = res.json();
    expect(body).toMatchObject({ code: 'NOT_READY', checks: { database: { status: 'down' }, queue: { status: 'up' } } });
    expect(body.detail).toContain('database');
    expect(JSON.stringify(body)).not.toContain('ECONNREFUSED');
  });

  it('answers 503 naming the queue when Redis is down', async () => {
    const app = await appWith(db.database, bullmq(DOWN_REDIS));
    const res = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ checks: { database: { status: 'up' }, queue: { status: 'down', driver: 'bullmq' } } });
  });

  it('answers 503 to database-backed routes while PostgreSQL is down, without hanging', async () => {
    const down = await openDatabase({ driver: 'postgres', url: DOWN_PG, poolMax: 1 });
    opened.push(down);
    // Even authentication needs the database: the caller gets a quick 503, not a hang or a 500.
    const app = await appWith(down, bullmq(redisUrl()), null);
    const res = await app.inject({ method: 'GET', url: '/v1/system/status', headers: { authorization: `Bearer kn_0123abcd_${'a'.repeat(43)}` } });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('SERVICE_UNAVAILABLE');
  });

  it('drains: readiness and new requests get 503 with Connection: close, liveness stays up', async () => {
    const app = await appWith(db.database, bullmq(redisUrl()));
    app.lifecycle.draining = true;
    const ready = await app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    const other = await app.inject({ method: 'GET', url: '/v1/system/status' });
    expect(other.statusCode).toBe(503);
    expect(other.headers.connection).toBe('close');
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });
});

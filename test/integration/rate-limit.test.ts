import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { retryIn } from '../../src/plugins/rate-limit.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, redisUrl, type TestDatabase } from '../helpers/context.js';

const LIMITS = { RATE_LIMIT_READER: '3', RATE_LIMIT_PORTAL: '5', RATE_LIMIT_MINISTRY: '100', RATE_LIMIT_ANONYMOUS: '2' };

describe('rate limits', () => {
  let db: TestDatabase;
  const queue = createInProcessBackend({ log: testLogger });
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const apps: App[] = [];

  beforeAll(async () => {
    db = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await queue.close();
    redis.disconnect();
    await db?.drop();
  });

  const appWith = async (shared?: Redis) => {
    const app = await createTestApp({ database: db.database, queue, config: LIMITS, ...(shared && { redis: shared }) });
    apps.push(app);
    return app;
  };
  const get = (app: App, key: string | undefined, url = '/v1/offers') => app.inject({ method: 'GET', url, headers: { authorization: key ? `Bearer ${key}` : '' } });

  it('limits each client by its role, with a 429 problem and Retry-After', async () => {
    const app = await appWith();
    const reader = await createKey(db.database, 'reader');
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(app, reader)).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get(app, reader);
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json().code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    // Another client of the same role has its own budget; the probes are never limited.
    expect((await get(app, await createKey(db.database, 'reader'))).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
  });

  it('tells every limited response its budget, and the 429 when to retry', async () => {
    const app = await appWith();
    const portal = await createKey(db.database, 'portal', ['79']);
    const first = await get(app, portal);
    expect(first.headers['x-ratelimit-limit']).toBe('5');
    expect(first.headers['x-ratelimit-remaining']).toBe('4');
    expect(Number(first.headers['x-ratelimit-reset'])).toBeGreaterThan(55);
    expect(Number(first.headers['x-ratelimit-reset'])).toBeLessThanOrEqual(60);
    for (let i = 0; i < 4; i++) await get(app, portal);
    const limited = await get(app, portal);
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['retry-after']).toBe(limited.headers['x-ratelimit-reset']);
    expect(limited.json().detail).toMatch(/^More than 5 requests a minute; retry in (1 minute|\d+ seconds)$/);
    expect(limited.json().requestId).toBe(limited.headers['x-request-id']);
    // Routes outside /v1 are neither counted nor labelled.
    expect((await app.inject({ method: 'GET', url: '/health/live' })).headers['x-ratelimit-limit']).toBeUndefined();
    // Its read cache's listening connection goes back to the file's small pool.
    apps.splice(apps.indexOf(app), 1);
    await app.close();
  });

  it('says how long to wait in words (as @fastify/rate-limit did)', () => {
    expect([0, 999, 1_000, 1_499, 1_500, 59_000, 59_600, 60_000, 120_000].map(retryIn)).toEqual([
      '0 ms', '999 ms', '1 second', '1 second', '2 seconds', '59 seconds', '60 seconds', '1 minute', '2 minutes',
    ]);
  });

  it('limits calls without a key per address', async () => {
    const app = await appWith();
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await get(app, undefined, '/v1/reference/fields')).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('shares the counters between API processes through Redis', async () => {
    const a = await appWith(redis);
    const b = await appWith(redis);
    const portal = await createKey(db.database, 'portal', ['79']);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await get(a, portal)).statusCode);
      statuses.push((await get(b, portal)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { BatchedRedisStore } from '../../src/plugins/rate-limit-store.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, redisUrl, type TestDatabase } from '../helpers/context.js';

const incr = (store: BatchedRedisStore, key: string, max: number) =>
  new Promise<{ current: number; ttl: number }>((resolve, reject) => store.incr(key, (err, res) => (err || !res ? reject(err) : resolve(res)), 60_000, max));

describe('rate limits counted in Redis in batches', () => {
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  const prefix = `test-rl-${randomBytes(4).toString('hex')}:`;
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('far from the limit, counts reach Redis in one flush; near it, every request goes to Redis', async () => {
    const a = new BatchedRedisStore(redis, prefix, { flushMs: 10_000 });
    const b = new BatchedRedisStore(redis, prefix, { flushMs: 10_000 });
    const max = 1_000; // slack 100: batched up to 900
    const seen: number[] = [];
    for (let i = 0; i < 300; i++) seen.push((await incr(a, 'k', max)).current);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(300);
    // Only the first request went to Redis so far.
    expect(Number(await redis.get(`${prefix}k`))).toBe(1);
    await a.flush();
    expect(Number(await redis.get(`${prefix}k`))).toBe(300);
    expect(await redis.pttl(`${prefix}k`)).toBeGreaterThan(50_000);
    // Another process learns the shared count on its first request.
    expect((await incr(b, 'k', max)).current).toBe(301);
    for (let i = 0; i < 598; i++) await incr(b, 'k', max);
    await b.flush();
    expect(Number(await redis.get(`${prefix}k`))).toBe(899);
    // A learns what B counted with its next flush, at most flushMs late.
    expect((await incr(a, 'k', max)).current).toBe(301);
    await a.flush();
    expect(Number(await redis.get(`${prefix}k`))).toBe(900);
    // Within the slack every request is counted in Redis at once, from either process, together
    // with whatever that process had not sent yet.
    expect((await incr(a, 'k', max)).current).toBe(901);
    expect((await incr(b, 'k', max)).current).toBe(900); // B still believes 899: one more batched
    expect((await incr(b, 'k', max)).current).toBe(903);
    expect(Number(await redis.get(`${prefix}k`))).toBe(903);
    await a.close();
    await b.close();
  });

  it('a request while Redis cannot be reached reports the error, which the plugin lets through', async () => {
    const broken = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true });
    broken.on('error', () => {});
    const store = new BatchedRedisStore(broken, prefix, { flushMs: 10_000 });
    await expect(incr(store, 'x', 1_000)).rejects.toBeTruthy();
    await store.close();
    broken.disconnect();
  });
});

describe('rate limits across two API processes with batching', () => {
  let db: TestDatabase;
  const apps: App[] = [];
  const queue = createInProcessBackend({ log: testLogger });
  const redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });

  beforeAll(async () => {
    db = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
    await queue.close();
    redis.disconnect();
    await db?.drop();
  });

  it('still refuses exactly the request over the limit', async () => {
    // 120 a minute: slack 50, so the first 70 are batched and the rest counted one by one.
    for (let i = 0; i < 2; i++) apps.push(await createTestApp({ database: db.database, queue, config: { RATE_LIMIT_PORTAL: '120' }, redis }));
    const [a, b] = apps as [App, App];
    const key = await createKey(db.database, 'portal', ['79']);
    const get = (app: App) => app.inject({ method: 'GET', url: '/v1/reference/fields', headers: { authorization: `Bearer ${key}` } });
    const statuses: number[] = [];
    for (let i = 0; i < 61; i++) {
      statuses.push((await get(a)).statusCode);
      statuses.push((await get(b)).statusCode);
    }
    expect(statuses.slice(0, 120).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(120)).toEqual([429, 429]);
  });
});

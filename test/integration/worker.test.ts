import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidJobPayloadError } from '../../src/jobs/definitions.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { listHeartbeats } from '../../src/modules/system/system.repository.js';
import { idempotencyKeys } from '../../src/db/schema/index.js';
import { createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, eventually, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';


describe.each([
  { driver: 'bullmq', make: (prefix: string) => createBullmqBackend({ url: redisUrl(), prefix, log: testLogger }) },
  { driver: 'in-process', make: () => createInProcessBackend({ log: testLogger }) },
])('worker on the $driver queue', ({ driver, make }) => {
  let db: TestDatabase;
  let backend: QueueBackend;
  let worker: RunningWorker | undefined;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createPostgresDatabase();
    backend = make(prefix);
  });
  afterAll(async () => {
    await worker?.close();
    await backend?.close();
    await db?.drop();
    await dropQueuePrefix(prefix);
  });

  it('writes its heartbeat and reports itself alive over HTTP', async () => {
    worker = await startWorker({ database: db.database, backend, log: testLogger, concurrency: 2, heartbeatMs: 60_000 });
    const row = await eventually(async () => (await listHeartbeats(db.database.db)).find((r) => r.workerId === worker?.workerId));
    expect(row.queueDriver).toBe(driver);
    expect(row.queues).toEqual(['system', 'imports', 'webhooks', 'matching', 'events']);

    const app = await createTestApp({ database: db.database, queue: backend });
    try {
      const res = await app.inject({ method: 'GET', url: '/v1/system/status' });
      expect(res.statusCode).toBe(200);
      const status = res.json();
      expect(status.queue.driver).toBe(driver);
      expect(status.workers).toContainEqual(expect.objectContaining({ workerId: worker.workerId, alive: true, queueDriver: driver }));
      expect(new Date(status.workers[0].lastSeenAt).toISOString()).toBe(status.workers[0].lastSeenAt);
    } finally {
      await app.close();
    }
  });

  it('processes jobs the API produces', async () => {
    const old = new Date(Date.now() - 25 * 3600_000);
    await db.database.db.insert(idempotencyKeys).values({ clientId: '7c1e0000-0000-4000-8000-000000000000', key: `old-${driver}`, requestHash: 'h', state: 'done', createdAt: old });
    await backend.add('system.cleanup', {});
    await eventually(async () => ((await db.database.db.select().from(idempotencyKeys)).length === 0 ? true : undefined));
  });

  it('refuses an invalid payload at the producer', async () => {
    await expect(backend.add('imports.run', { importId: 'not-a-uuid' })).rejects.toBeInstanceOf(InvalidJobPayloadError);
    await expect(backend.add('system.cleanup', { extra: 1 } as never)).rejects.toBeInstanceOf(InvalidJobPayloadError);
  });

  it('adds a job only once per jobId while it is pending', async () => {
    const a = await backend.add('system.cleanup', {}, { jobId: 'same-id', delayMs: 60_000 });
    const b = await backend.add('system.cleanup', {}, { jobId: 'same-id', delayMs: 60_000 });
    expect(a.id).toBe('same-id');
    expect(b.id).toBe('same-id');
  });

  it('removes its heartbeat on a graceful close', async () => {
    const id = worker?.workerId;
    await worker?.close();
    worker = undefined;
    expect((await listHeartbeats(db.database.db)).map((r) => r.workerId)).not.toContain(id);
  });
});

describe('BullMQ processors', () => {
  let db: TestDatabase;
  let backend: QueueBackend;
  let worker: RunningWorker;
  const prefix = testQueuePrefix();

  beforeAll(async () => {
    db = await createPostgresDatabase();
    backend = createBullmqBackend({ url: redisUrl(), prefix, log: testLogger });
    worker = await startWorker({ database: db.database, backend, log: testLogger, concurrency: 1, heartbeatMs: 60_000 });
  });
  afterAll(async () => {
    await worker?.close();
    await backend?.close();
    await db?.drop();
    await dropQueuePrefix(prefix);
  });

  it.each([
    ['a bad payload', 'imports.run', { importId: '' }, /Invalid payload/],
    ['an unknown job name', 'system.nothing', {}, /Unknown job/],
  ])('fails %s at once, without retries', async (_name, jobName, data, reason) => {
    // A job written by something other than ketnoi's producer (an old release, a person in redis-cli).
    const raw = new Queue('system', { connection: { url: redisUrl() }, prefix });
    const events = new QueueEvents('system', { connection: { url: redisUrl() }, prefix });
    try {
      await events.waitUntilReady();
      const job = await raw.add(jobName, data, { attempts: 5 });
      await expect(job.waitUntilFinished(events, 10_000)).rejects.toThrow(reason);
      const failed = await raw.getJob(String(job.id));
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      await events.close();
      await raw.close();
    }
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { listHeartbeats, upsertHeartbeat } from '../../src/modules/system/system.repository.js';
import { createPostgresDatabase, dropQueuePrefix, eventually, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';
import { freePort, startEntrypoint, waitFor, type Service } from '../helpers/process.js';
import { createKey } from '../helpers/app.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are checked by the assertions
const getJson = async (url: string, key?: string): Promise<any> => (await fetch(url, { headers: key ? { authorization: `Bearer ${key}` } : {} })).json();
const KEY = /kn_[0-9a-f]{8}_[A-Za-z0-9_-]{43}/;

// These run ketnoi as a user does: real processes, real ports, signals.
describe('entrypoints', () => {
  const running: Service[] = [];
  const start = (...args: Parameters<typeof startEntrypoint>) => {
    const service = startEntrypoint(...args);
    running.push(service);
    return service;
  };
  afterAll(async () => {
    await Promise.all(running.map((s) => s.stop('SIGKILL')));
  });

  describe('the embedded default (no DATABASE_URL, no REDIS_URL)', () => {
    let dataDir: string;
    let firstKey: string;
    beforeAll(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-embedded-'));
    });
    afterAll(async () => {
      await rm(dataDir, { recursive: true, force: true });
    });

    it('serves /docs, /openapi.json and /health/ready, runs its worker, and stops cleanly on SIGTERM', async () => {
      const port = await freePort();
      const service = start('main', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
      const base = `http://127.0.0.1:${port}`;
      const ready = await waitFor(`${base}/health/ready`, service);
      expect(await ready.json() as unknown).toMatchObject({ checks: { database: { driver: 'embedded' }, queue: { driver: 'in-process' } } });
      expect((await fetch(`${base}/docs/`)).status).toBe(200);
      const doc = await getJson(`${base}/openapi.json`);
      expect(doc.openapi).toBe('3.1.0');
      // The first start prints a local ministry key for Swagger UI's Authorize button.
      const key = KEY.exec(service.output())?.[0] as string;
      expect(key).toBeDefined();
      expect((await fetch(`${base}/v1/offers`)).status).toBe(401);
      const status = await eventually(async () => {
        const body = await getJson(`${base}/v1/system/status`, key);
        return body.workers.length > 0 ? body : undefined;
      });
      expect(status.workers[0]).toMatchObject({ queueDriver: 'in-process', alive: true });
      // A first start on the embedded default loads the demo data set.
      const offers = await getJson(`${base}/v1/offers?limit=5`, key);
      expect(offers.items.length).toBe(5);
      expect(service.output()).toContain('first start: demo data loaded');

      const stopped = await service.stop('SIGTERM');
      expect(stopped.code).toBe(0);
      expect(stopped.ms).toBeLessThan(10_000);
      expect(service.output()).toContain('shutdown complete');
    });

    it('keeps its data in DATA_DIR across restarts', async () => {
      // Written while the service is stopped, straight into the folder it left behind.
      const embedded = await openDatabase({ driver: 'embedded', dataDir: join(dataDir, 'pglite') });
      firstKey = await createKey(embedded);
      await upsertHeartbeat(embedded.db, {
        workerId: 'earlier-run',
        hostname: 'h',
        pid: 1,
        queueDriver: 'in-process',
        queues: ['system'],
        startedAt: new Date('2026-01-01T00:00:00Z'),
        lastSeenAt: new Date('2026-01-01T00:00:00Z'),
      });
      await embedded.close();

      const port = await freePort();
      const service = start('main', { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir });
      await waitFor(`http://127.0.0.1:${port}/health/ready`, service);
      // Not a first start any more: no new key is printed.
      expect(KEY.test(service.output())).toBe(false);
      const body = await getJson(`http://127.0.0.1:${port}/v1/system/status`, firstKey);
      expect(body.workers).toContainEqual(expect.objectContaining({ workerId: 'earlier-run', alive: false }));
      expect((await service.stop()).code).toBe(0);
    });
  });

  describe('with DATABASE_URL and REDIS_URL', () => {
    let db: TestDatabase;
    const prefix = testQueuePrefix();
    beforeAll(async () => {
      db = await createPostgresDatabase();
    });
    afterAll(async () => {
      await db?.drop();
      await dropQueuePrefix(prefix);
    });

    it('runs the API and a separate worker that consumes jobs from Redis', async () => {
      const env = { DATABASE_URL: db.url as string, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, HOST: '127.0.0.1', WORKER_HEARTBEAT_MS: '1000' };
      const port = await freePort();
      const api = start('server', { ...env, PORT: String(port) });
      const worker = start('worker', env);
      const base = `http://127.0.0.1:${port}`;
      const key = await createKey(db.database);
      const ready = await waitFor(`${base}/health/ready`, api);
      expect(await ready.json() as unknown).toMatchObject({ checks: { database: { driver: 'postgres' }, queue: { driver: 'bullmq' } } });
      const status = await eventually(async () => {
        const body = await getJson(`${base}/v1/system/status`, key);
        return body.workers.some((w: { queueDriver: string; alive: boolean }) => w.queueDriver === 'bullmq' && w.alive) ? body : undefined;
      }, 30_000);
      expect(status.queue.driver).toBe('bullmq');

      // A job the API queues in Redis is consumed by the separate worker process.
      const upload = await fetch(`${base}/v1/imports?resource=organizations&sourceSystem=e2e`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'text/csv' },
        body: 'sourceRef,kind,name.vi,province,language\ne2e-1,enterprise,Công ty E2E,31,vi\n',
      });
      expect(upload.status).toBe(202);
      const { id } = (await upload.json()) as { id: string };
      const done = await eventually(async () => {
        const state = await getJson(`${base}/v1/imports/${id}`, key);
        return state.status === 'succeeded' ? state : undefined;
      }, 30_000);
      expect(done.created).toBe(1);

      const [apiStop, workerStop] = await Promise.all([api.stop(), worker.stop()]);
      expect(apiStop.code).toBe(0);
      expect(workerStop.code).toBe(0);
      expect(workerStop.ms).toBeLessThan(10_000);
      expect(await listHeartbeats(db.database.db)).toEqual([]);
    });

    it('stops reporting a worker killed with SIGKILL as alive once its heartbeats stop', async () => {
      const env = { DATABASE_URL: db.url as string, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, HOST: '127.0.0.1', WORKER_HEARTBEAT_MS: '1000' };
      const port = await freePort();
      const api = start('server', { ...env, PORT: String(port) });
      const worker = start('worker', env);
      const key = await createKey(db.database);
      const base = `http://127.0.0.1:${port}`;
      await waitFor(`${base}/health/ready`, api);
      await eventually(async () => ((await getJson(`${base}/v1/system/status`, key)).workers.some((w: { alive: boolean }) => w.alive) ? true : undefined), 30_000);
      await worker.stop('SIGKILL');
      const dead = await eventually(async () => {
        const workers = (await getJson(`${base}/v1/system/status`, key)).workers as { alive: boolean }[];
        return workers.length === 1 && !workers[0]?.alive ? workers : undefined;
      }, 15_000);
      expect(dead).toHaveLength(1);
      expect((await api.stop()).code).toBe(0);
    });
  });

  describe('configuration errors', () => {
    it.each([
      ['main', { PORT: 'abc' }, 'PORT'],
      ['main', { DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
      ['server', {}, 'REDIS_URL'],
      ['worker', { REDIS_URL: 'redis://127.0.0.1:6379' }, 'DATABASE_URL'],
    ] as const)('%s with %j exits 1 naming %s', async (entry, env, variable) => {
      const service = start(entry, env);
      expect(await service.exited).toBe(1);
      expect(service.output()).toContain(`${variable}:`);
      expect(service.output()).toContain('Invalid configuration');
    });
  });
});

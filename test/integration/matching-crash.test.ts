import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { inject } from 'vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, queryRows, type Database } from '../../src/db/client.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { createEngine } from '../../src/modules/matching/engine/engine.js';
import { inlineEngine } from '../../src/modules/matching/engine/host.js';
import { matchingSettings } from '../../src/modules/matching/params.js';
import { createRunExecutor, createRunService } from '../../src/modules/matching/runs.service.js';
import { testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, eventually, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';
import { startEntrypoint, type Service } from '../helpers/process.js';
import { adminQuery, withDatabase } from '../helpers/services.js';

/**
 * Jobs survive crashes: a worker process is killed with SIGKILL at seeded random points of a
 * national matching run and started again; the run ends with exactly the proposals that an
 * undisturbed run computes on an identical copy of the data.
 */
const settings = matchingSettings();
const seed = Number(process.env.CRASH_SEED ?? 7);
let state = seed;
const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

type Row = { offer_id: string; demand_id: string; status: string; score: number; experts: unknown; reasons: unknown };
const proposalsOf = (database: Database) =>
  queryRows<Row>(database.db, sql`SELECT offer_id, demand_id, status, score, experts, reasons FROM proposals ORDER BY offer_id, demand_id, status`);

describe('a matching run killed with SIGKILL and restarted', () => {
  let crashed: TestDatabase;
  let clean: { database: Database; drop(): Promise<void> };
  const prefix = testQueuePrefix();
  const workers: Service[] = [];

  beforeAll(async () => {
    crashed = await createPostgresDatabase();
    await loadDemoData(crashed.database.db, await readDemoData());
    // An identical copy (same ids) for the undisturbed run: PostgreSQL clones it from the first.
    await crashed.database.close();
    const admin = inject('adminDatabaseUrl');
    const name = `ketnoi_t_${inject('runId')}_${randomBytes(4).toString('hex')}`;
    const source = new URL(crashed.url as string).pathname.slice(1);
    await adminQuery(admin, `CREATE DATABASE ${name} TEMPLATE ${source}`);
    const copy = await openDatabase({ driver: 'postgres', url: withDatabase(admin, name), poolMax: 3 });
    clean = { database: copy, drop: async () => (await copy.close(), await adminQuery(admin, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
    const reopened = await openDatabase({ driver: 'postgres', url: crashed.url as string, poolMax: 3 });
    crashed = { url: crashed.url, database: reopened, drop: async () => (await reopened.close(), await adminQuery(admin, `DROP DATABASE IF EXISTS ${source} WITH (FORCE)`)) };
  }, 120_000);

  afterAll(async () => {
    for (const w of workers) await w.stop('SIGKILL');
    await clean?.drop();
    await crashed?.drop();
    await dropQueuePrefix(prefix);
  });

  it('ends with exactly the proposals of an undisturbed run', async () => {
    const backend = createBullmqBackend({ url: redisUrl(), prefix, log: testLogger });
    const service = createRunService({ database: crashed.database, queue: backend, params: settings.params, proposalTtlDays: settings.proposalTtlDays });
    const env = { DATABASE_URL: crashed.url as string, REDIS_URL: redisUrl(), QUEUE_PREFIX: prefix, WORKER_LOCK_MS: '2000', WORKER_HEARTBEAT_MS: '60000', LOG_LEVEL: 'warn' };
    try {
      const run = await service.enqueue({ kind: 'on_demand', scope: { kind: 'all' } });
      const status = async () => (await queryRows<{ status: string; attempts: number }>(crashed.database.db, sql`SELECT status, attempts FROM match_runs WHERE id = ${run.id}`))[0]!;
      for (let kill = 1; kill <= 2; kill++) {
        const worker = startEntrypoint('worker', env);
        workers.push(worker);
        // Wait for this worker to take the run up (attempts counts each start), then kill it at a random point.
        await eventually(async () => ((await status()).attempts >= kill ? true : undefined), 60_000, 20);
        await new Promise((r) => setTimeout(r, Math.floor(random() * 400)));
        await worker.stop('SIGKILL');
      }
      const last = startEntrypoint('worker', env);
      workers.push(last);
      const final = await eventually(async () => {
        const s = await status();
        return s.status === 'succeeded' || s.status === 'failed' ? s : undefined;
      }, 90_000, 100);
      expect(final.status, last.output()).toBe('succeeded');
      expect(final.attempts).toBeGreaterThanOrEqual(2);

      // The same run, undisturbed, on the copy: same clock, same parameters.
      const [row] = await queryRows<{ as_of: Date }>(crashed.database.db, sql`SELECT as_of FROM match_runs WHERE id = ${run.id}`);
      const asOf = new Date(row!.as_of);
      const deps = { database: clean.database, params: settings.params, proposalTtlDays: settings.proposalTtlDays, now: () => asOf };
      const reference = await createRunService(deps).create({ kind: 'on_demand', scope: { kind: 'all' } });
      await createRunExecutor({ ...deps, engine: inlineEngine(createEngine()) }).execute(reference.id, testLogger);

      const got = await proposalsOf(crashed.database);
      const want = await proposalsOf(clean.database);
      expect(got.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    } finally {
      await backend.close();
    }
  }, 240_000);
});

import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { deleteHeartbeat, upsertHeartbeat } from '../modules/system/system.repository.js';
import { queueNames } from './definitions.js';
import { createProcessors } from './processors/index.js';
import { createThreadEngine } from '../modules/matching/engine/host.js';
import { createRunExecutor, createRunService } from '../modules/matching/runs.service.js';
import { matchingSettings, type MatchingSettings } from '../modules/matching/params.js';
import type { JobWorkers, QueueBackend } from './queue.js';

export interface RunningWorker {
  readonly workerId: string;
  readonly workers: JobWorkers;
  close(): Promise<void>;
}

/** Starts consumers for every queue and this worker's repeatable jobs. */
export async function startWorker(deps: {
  database: Database;
  backend: QueueBackend;
  log: Logger;
  concurrency: number;
  heartbeatMs: number;
  /** Tests only: webhooks may go to plain http on loopback. */
  allowLoopbackWebhooks?: boolean;
  /** How long a job lock lasts without renewal (a killed worker's jobs are retried after it). */
  lockMs?: number;
  /** Matching settings; the configuration's defaults when absent. */
  matching?: MatchingSettings;
}): Promise<RunningWorker> {
  const { database, backend, log } = deps;
  const matching = deps.matching ?? matchingSettings();
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const startedAt = new Date();
  // Each process writes its own heartbeat: when it dies, the heartbeat stops with it (a job
  // scheduler would outlive a killed worker in Redis and be run by the others).
  const beat = () =>
    upsertHeartbeat(database.db, { workerId, hostname: hostname(), pid: process.pid, queueDriver: backend.driver, queues: [...queueNames], startedAt, lastSeenAt: new Date() }).catch((err: unknown) =>
      log.warn({ err: { message: (err as Error).message } }, 'heartbeat not written'),
    );
  // The matcher's index lives in a worker thread of this process, warm between runs.
  const runDeps = { database, queue: backend, params: matching.params, proposalTtlDays: matching.proposalTtlDays };
  const executor = createRunExecutor({ ...runDeps, engine: createThreadEngine({ heapMb: matching.engineHeapMb, threads: matching.engineThreads }) });
  const processors = createProcessors({
    db: database.db,
    database,
    queue: backend,
    allowLoopback: deps.allowLoopbackWebhooks ?? false,
    matching: { runs: createRunService(runDeps), executor, debounceMs: matching.debounceMs },
  });
  const workers = await backend.startWorkers(processors, {
    concurrency: deps.concurrency,
    log: log.child({ workerId }),
    ...(deps.lockMs !== undefined && { lockMs: deps.lockMs }),
  });
  await beat();
  const timer = setInterval(() => void beat(), deps.heartbeatMs);
  timer.unref();
  // One scheduler id shared by every worker: BullMQ keeps a single schedule however many start.
  await workers.upsertScheduler('system.cleanup', { everyMs: 3600_000 }, 'system.cleanup', {});
  await workers.upsertScheduler('matching.nightly', { cron: matching.nightlyCron, timeZone: matching.timeZone }, 'matching.nightly', {});
  await workers.upsertScheduler('outcomes.follow_up', { everyMs: 3600_000 }, 'outcomes.follow_up', {});
  log.info({ workerId, queues: workers.queues, driver: backend.driver }, 'worker started');
  return {
    workerId,
    workers,
    async close() {
      clearInterval(timer);
      await workers.close();
      await executor.close();
      await deleteHeartbeat(database.db, workerId).catch((err: unknown) =>
        log.warn({ err }, 'could not remove heartbeat row'),
      );
      log.info({ workerId }, 'worker stopped');
    },
  };
}

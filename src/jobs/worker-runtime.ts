import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import type { Database } from '../db/client.js';
import { deleteHeartbeat } from '../modules/system/system.repository.js';
import { createProcessors } from './processors/index.js';
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
}): Promise<RunningWorker> {
  const { database, backend, log } = deps;
  const workerId = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const workers = await backend.startWorkers(createProcessors({ db: database.db, queue: backend, allowLoopback: deps.allowLoopbackWebhooks ?? false }), {
    concurrency: deps.concurrency,
    log: log.child({ workerId }),
  });
  await workers.upsertScheduler(`heartbeat:${workerId}`, { everyMs: deps.heartbeatMs }, 'system.heartbeat', {
    workerId,
    hostname: hostname(),
    pid: process.pid,
    queueDriver: backend.driver,
    queues: [...workers.queues],
    startedAt: new Date().toISOString(),
  });
  // One scheduler id shared by every worker: BullMQ keeps a single schedule however many start.
  await workers.upsertScheduler('system.cleanup', { everyMs: 3600_000 }, 'system.cleanup', {});
  log.info({ workerId, queues: workers.queues, driver: backend.driver }, 'worker started');
  return {
    workerId,
    workers,
    async close() {
      await workers
        .removeScheduler(`heartbeat:${workerId}`)
        .catch((err: unknown) => log.warn({ err }, 'could not remove heartbeat scheduler'));
      await workers.close();
      await deleteHeartbeat(database.db, workerId).catch((err: unknown) =>
        log.warn({ err }, 'could not remove heartbeat row'),
      );
      log.info({ workerId }, 'worker stopped');
    },
  };
}

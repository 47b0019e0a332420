import { Queue, UnrecoverableError, Worker, type Job } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from 'pino';
import {
  InvalidJobPayloadError,
  isJobName,
  parsePayload,
  queueNames,
  queueOf,
  type JobName,
  type JobPayload,
  type QueueName,
} from './definitions.js';
import type { EnqueueOptions, JobWorkers, Processors, QueueBackend, RepeatSpec } from './queue.js';
import { asSystem } from '../db/scope.js';
import { withTimeout } from '../lib/timeout.js';
import { defaultJobOptions, jobLogBindings } from './shared.js';

export interface BullmqOptions {
  url: string;
  prefix: string;
  log: Logger;
  /** How long ping() waits for Redis. */
  pingTimeoutMs?: number;
}

/**
 * Jobs on Redis through BullMQ. The producer connection fails fast (no offline queue) so the API
 * answers 503 instead of hanging when Redis is down; worker connections retry forever as BullMQ
 * requires (`maxRetriesPerRequest: null`).
 */
export function createBullmqBackend(options: BullmqOptions): QueueBackend {
  const { url, prefix, log } = options;
  const base: RedisOptions = { lazyConnect: false, connectTimeout: 5_000 };
  const producer = new Redis(url, { ...base, enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  producer.on('error', (err) => log.warn({ err }, 'redis producer connection error'));

  const queues = new Map<QueueName, Queue>();
  for (const name of queueNames) {
    const queue = new Queue(name, { connection: producer, prefix });
    queue.on('error', (err) => log.error({ err, queue: name }, 'queue error'));
    queues.set(name, queue);
  }
  const queueFor = (name: JobName) => queues.get(queueOf(name)) as Queue;
  const timeoutMs = options.pingTimeoutMs ?? 1_500;

  // Without an offline queue a command fails at once while the socket is (re)connecting; wait for
  // it, but only briefly, so that a Redis outage still gives a quick 503 instead of a hang.
  const ready = async () => {
    if (producer.status === 'ready') return;
    if (producer.status === 'end') throw new Error('Redis connection is closed');
    let onReady: (() => void) | undefined;
    try {
      await withTimeout(
        new Promise<void>((resolve) => {
          onReady = resolve;
          producer.once('ready', resolve);
        }),
        timeoutMs,
        'Redis',
      );
    } finally {
      if (onReady) producer.off('ready', onReady);
    }
  };

  return {
    driver: 'bullmq',
    async add<N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}) {
      const data = parsePayload(name, payload);
      await ready();
      const job = await queueFor(name).add(name, data, {
        ...defaultJobOptions,
        ...(opts.jobId !== undefined && { jobId: opts.jobId }),
        ...(opts.delayMs !== undefined && { delay: opts.delayMs }),
        ...(opts.attempts !== undefined && { attempts: opts.attempts }),
      });
      return { id: String(job.id) };
    },
    async ping() {
      await ready();
      await withTimeout(producer.ping(), timeoutMs, 'Redis');
    },
    async startWorkers(processors: Processors, { concurrency, log: workerLog, lockMs }) {
      const connection = new Redis(url, { ...base, maxRetriesPerRequest: null });
      connection.on('error', (err) => workerLog.warn({ err }, 'redis worker connection error'));
      const workers = queueNames.map((queueName) => {
        const worker = new Worker(queueName, (job: Job) => runJob(job, processors, workerLog), {
          connection,
          prefix,
          concurrency,
          autorun: true,
          // A killed worker's active job is found stalled and retried once its lock lapses.
          ...(lockMs !== undefined && { lockDuration: lockMs, stalledInterval: lockMs }),
          // A job whose worker was killed is taken up again up to three times before it fails.
          maxStalledCount: 3,
        });
        worker.on('error', (err) => workerLog.error({ err, queue: queueName }, 'worker error'));
        worker.on('failed', (job, err) =>
          workerLog.warn({ err, queue: queueName, jobId: job?.id, jobName: job?.name }, 'job failed'),
        );
        return worker;
      });
      await Promise.all(workers.map((w) => w.waitUntilReady()));
      const result: JobWorkers = {
        queues: queueNames,
        async upsertScheduler<N extends JobName>(id: string, repeat: RepeatSpec, name: N, payload: JobPayload<N>) {
          const data = parsePayload(name, payload);
          await queueFor(name).upsertJobScheduler(
            id,
            repeat.cron !== undefined
              ? { pattern: repeat.cron, ...(repeat.timeZone !== undefined && { tz: repeat.timeZone }) }
              : { every: repeat.everyMs ?? 60_000 },
            { name, data, opts: defaultJobOptions },
          );
        },
        async removeScheduler(id: string) {
          await Promise.all([...queues.values()].map((q) => q.removeJobScheduler(id)));
        },
        async close() {
          // Worker.close() waits for active jobs to finish before resolving.
          await Promise.all(workers.map((w) => w.close()));
          await connection.quit().catch(() => connection.disconnect());
        },
      };
      return result;
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
      await producer.quit().catch(() => producer.disconnect());
    },
  };
}

async function runJob(job: Job, processors: Processors, log: Logger): Promise<unknown> {
  if (!isJobName(job.name)) throw new UnrecoverableError(`Unknown job ${job.name}`);
  let payload: unknown;
  try {
    payload = parsePayload(job.name, job.data);
  } catch (err) {
    if (err instanceof InvalidJobPayloadError) throw new UnrecoverableError(err.message);
    throw err;
  }
  const processor = processors[job.name] as (p: unknown, c: Parameters<Processors[JobName]>[1]) => Promise<unknown>;
  // As the system: a job has no caller, and its rules take the caller from its payload.
  return asSystem(() =>
    processor(payload, {
      jobId: String(job.id),
      attempt: job.attemptsMade + 1,
      log: log.child(jobLogBindings(job.name, String(job.id))),
      updateProgress: (progress) => job.updateProgress(progress),
    }),
  );
}

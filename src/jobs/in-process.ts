import { randomUUID } from 'node:crypto';
import { CronExpressionParser } from 'cron-parser';
import type { Logger } from 'pino';
import {
  InvalidJobPayloadError,
  parsePayload,
  queueNames,
  type JobName,
  type JobPayload,
} from './definitions.js';
import type { EnqueueOptions, JobWorkers, Processors, QueueBackend, RepeatSpec } from './queue.js';
import { asSystem } from '../db/scope.js';
import { backoffDelay, defaultJobOptions, jobLogBindings } from './shared.js';

interface PendingJob {
  id: string;
  name: JobName;
  payload: unknown;
  attempts: number;
  attempt: number;
}

/**
 * The same queue interface without Redis, for the embedded single-machine default: jobs run in
 * this process with the same payload validation, retries with exponential backoff, jobId
 * de-duplication and repeatable schedulers. Jobs live in memory: a job still waiting when the
 * process stops is gone, so processors rely on the same sweeper/idempotency rules as with BullMQ.
 */
export function createInProcessBackend(options: { log: Logger }): QueueBackend {
  const waiting: PendingJob[] = [];
  const live = new Set<string>(); // waiting, delayed or active ids, for de-duplication
  const timers = new Set<NodeJS.Timeout>();
  const active = new Set<Promise<void>>();
  let processors: Processors | undefined;
  let concurrency = 1;
  let log = options.log;
  let accepting = true;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };

  const pump = () => {
    while (processors && accepting && active.size < concurrency && waiting.length > 0) {
      const job = waiting.shift() as PendingJob;
      const run = execute(job).finally(() => {
        active.delete(run);
        pump();
      });
      active.add(run);
    }
  };

  const execute = async (job: PendingJob) => {
    const jobLog = log.child(jobLogBindings(job.name, job.id));
    try {
      const payload = parsePayload(job.name, job.payload);
      const processor = (processors as Processors)[job.name] as (p: unknown, c: unknown) => Promise<unknown>;
      // As the system: a job has no caller (and may have been started inside a request's scope).
      await asSystem(() =>
        processor(payload, {
          jobId: job.id,
          attempt: job.attempt,
          log: jobLog,
          updateProgress: async () => {},
        }),
      );
      live.delete(job.id);
    } catch (err) {
      const retry = !(err instanceof InvalidJobPayloadError) && job.attempt < job.attempts && accepting;
      jobLog.warn({ err, attempt: job.attempt, retry }, 'job failed');
      if (retry) {
        later(backoffDelay(job.attempt), () => enqueue({ ...job, attempt: job.attempt + 1 }));
      } else {
        live.delete(job.id);
      }
    }
  };

  const enqueue = (job: PendingJob) => {
    if (!accepting) return;
    waiting.push(job);
    pump();
  };

  const add = async <N extends JobName>(name: N, payload: JobPayload<N>, opts: EnqueueOptions = {}) => {
    const data = parsePayload(name, payload);
    const id = opts.jobId ?? randomUUID();
    if (live.has(id)) return { id };
    live.add(id);
    const job: PendingJob = { id, name, payload: data, attempts: opts.attempts ?? defaultJobOptions.attempts, attempt: 1 };
    if (opts.delayMs) later(opts.delayMs, () => enqueue(job));
    else enqueue(job);
    return { id };
  };

  const schedulers = new Map<string, () => void>();

  return {
    driver: 'in-process',
    add,
    async ping() {},
    async startWorkers(procs: Processors, workerOptions) {
      processors = procs;
      concurrency = workerOptions.concurrency;
      log = workerOptions.log;
      pump();
      const workers: JobWorkers = {
        queues: queueNames,
        async upsertScheduler<N extends JobName>(id: string, repeat: RepeatSpec, name: N, payload: JobPayload<N>) {
          parsePayload(name, payload);
          schedulers.get(id)?.();
          let stopped = false;
          let timer: NodeJS.Timeout | undefined;
          const next = () => {
            if (stopped || !accepting) return;
            const delay = nextDelay(repeat, new Date());
            timer = setTimeout(() => {
              timers.delete(timer as NodeJS.Timeout);
              void add(name, payload).then(next, (err: unknown) => log.error({ err, schedulerId: id }, 'scheduler failed'));
            }, delay);
            timers.add(timer);
          };
          schedulers.set(id, () => {
            stopped = true;
            if (timer) {
              clearTimeout(timer);
              timers.delete(timer);
            }
          });
          // BullMQ runs an `every` scheduler's first job at once; do the same.
          if (repeat.cron === undefined) void add(name, payload).then(next);
          else next();
        },
        async removeScheduler(id: string) {
          schedulers.get(id)?.();
          schedulers.delete(id);
        },
        async close() {
          accepting = false;
          for (const timer of timers) clearTimeout(timer);
          timers.clear();
          await Promise.allSettled([...active]);
        },
      };
      return workers;
    },
    async close() {
      accepting = false;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...active]);
    },
  };
}

export function nextDelay(repeat: RepeatSpec, now: Date): number {
  if (repeat.cron !== undefined) {
    const expression = CronExpressionParser.parse(repeat.cron, {
      currentDate: now,
      ...(repeat.timeZone !== undefined && { tz: repeat.timeZone }),
    });
    return Math.max(0, expression.next().getTime() - now.getTime());
  }
  return repeat.everyMs ?? 60_000;
}

import type { Logger } from 'pino';
import type { JobName, JobPayload, QueueName } from './definitions.js';

export type QueueDriver = 'bullmq' | 'in-process';

export interface EnqueueOptions {
  /** Deduplicates: a job with the same id that is still waiting or active is not added again. */
  jobId?: string;
  delayMs?: number;
  attempts?: number;
}

export interface JobContext {
  jobId: string;
  attempt: number;
  log: Logger;
  updateProgress(progress: number | object): Promise<void>;
}

export type Processor<N extends JobName = JobName> = (
  payload: JobPayload<N>,
  context: JobContext,
) => Promise<unknown>;

export type Processors = { [N in JobName]: Processor<N> };

export interface RepeatSpec {
  /** Either a fixed interval or a cron pattern (with its time zone). */
  everyMs?: number;
  cron?: string;
  timeZone?: string;
}

/** What producers (the API, services) see: add jobs, nothing else. */
export interface JobQueue {
  readonly driver: QueueDriver;
  add<N extends JobName>(name: N, payload: JobPayload<N>, options?: EnqueueOptions): Promise<{ id: string }>;
  /** Rejects when the backing store does not answer. */
  ping(): Promise<void>;
}

/** What a worker process runs: consumers for every queue plus repeatable jobs. */
export interface JobWorkers {
  readonly queues: readonly QueueName[];
  upsertScheduler<N extends JobName>(schedulerId: string, repeat: RepeatSpec, name: N, payload: JobPayload<N>): Promise<void>;
  removeScheduler(schedulerId: string): Promise<void>;
  /** Stops taking jobs, waits for the active ones, and closes connections. */
  close(): Promise<void>;
}

/** A queue backend owns the connections for both sides. */
export interface QueueBackend extends JobQueue {
  startWorkers(processors: Processors, options: { concurrency: number; log: Logger; lockMs?: number }): Promise<JobWorkers>;
  close(): Promise<void>;
}

import { z } from 'zod';

/**
 * The one place that names every queue and job, with the zod schema of each payload.
 * Producers and processors both go through these schemas.
 */
export const queueNames = ['system', 'imports', 'webhooks', 'matching', 'events'] as const;
export type QueueName = (typeof queueNames)[number];

export const jobDefinitions = {
  /** Processes an uploaded spreadsheet, row by row. */
  'imports.run': {
    queue: 'imports',
    payload: z.strictObject({ importId: z.uuid() }),
  },
  /** Fans an event out to the subscriptions allowed to see it. */
  'webhooks.dispatch': {
    queue: 'webhooks',
    payload: z.strictObject({
      eventId: z.string().min(1).max(100),
      type: z.string().min(1).max(100),
      occurredAt: z.iso.datetime({ offset: true }),
      resource: z.enum(['organizations', 'offers', 'demands', 'experts', 'imports', 'meetings', 'proposals', 'outcomes']),
      recordId: z.uuid(),
      data: z.record(z.string(), z.unknown()),
      visibility: z.strictObject({
        currentProvince: z.string().nullable(),
        /** Further provinces whose clients may see it (a proposal or a meeting has two sides). */
        provinces: z.array(z.string()).max(10).optional(),
        public: z.boolean(),
        clientId: z.uuid().nullable(),
      }),
    }),
  },
  /** Sends one delivery; retried with backoff by the queue. */
  'webhooks.deliver': {
    queue: 'webhooks',
    payload: z.strictObject({ deliveryId: z.uuid() }),
  },
  /** Executes one matching run (queued by POST /v1/matching/runs). */
  'matching.run': {
    queue: 'matching',
    payload: z.strictObject({ runId: z.uuid() }),
  },
  /** Matches the offers and demands changed since the last run (queued, debounced, on every change). */
  'matching.changes': {
    queue: 'matching',
    payload: z.strictObject({}),
  },
  /** The nightly batch: re-matches what changed since the last successful run and expires stale proposals. */
  'matching.nightly': {
    queue: 'matching',
    payload: z.strictObject({}),
  },
  /** Runs the meeting scheduler for one event (a full run, or a local repair after publication). */
  'events.schedule': {
    queue: 'events',
    payload: z.strictObject({ runId: z.uuid() }),
  },
  /** Six months after a held meeting without an outcome, asks both sides' portals what came of it (outcome.follow_up_due). */
  'outcomes.follow_up': {
    queue: 'system',
    payload: z.strictObject({}),
  },
  /** Housekeeping: forgets Idempotency-Keys older than 24 hours. */
  'system.cleanup': {
    queue: 'system',
    payload: z.strictObject({}),
  },
} as const satisfies Record<string, { queue: QueueName; payload: z.ZodType }>;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.output<(typeof jobDefinitions)[N]['payload']>;

export function queueOf(name: JobName): QueueName {
  return jobDefinitions[name].queue;
}

/** Thrown for a payload that can never succeed; the job fails without retries. */
export class InvalidJobPayloadError extends Error {
  constructor(
    readonly jobName: string,
    readonly issues: z.core.$ZodIssue[],
  ) {
    super(`Invalid payload for job ${jobName}: ${z.prettifyError(new z.ZodError(issues))}`);
    this.name = 'InvalidJobPayloadError';
  }
}

export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const definition = jobDefinitions[name] as (typeof jobDefinitions)[JobName] | undefined;
  if (!definition) throw new InvalidJobPayloadError(String(name), []);
  const result = definition.payload.safeParse(data);
  if (!result.success) throw new InvalidJobPayloadError(name, result.error.issues);
  return result.data as JobPayload<N>;
}

export function isJobName(name: string): name is JobName {
  return Object.hasOwn(jobDefinitions, name);
}

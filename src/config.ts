import { z } from 'zod';
import { CRITERIA } from './modules/matching/scoring/types.js';

/**
 * Every setting ketnoi reads, in one schema. Only entrypoints call `loadConfig`; everything else
 * receives the parsed object. Secrets have no defaults. `.env.example` lists every key.
 */
const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .url({ protocol: new RegExp(`^(${protocols.join('|')})$`) })
        .optional(),
    )
    .optional();

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('localhost'),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** PostgreSQL connection string. Unset: the embedded PostgreSQL (PGlite) in DATA_DIR. */
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: positiveInt.max(200).default(10),
  /** Folder of the embedded database when DATABASE_URL is unset. */
  DATA_DIR: z.string().min(1).default('.data'),
  /** Redis connection string. Unset: jobs run in-process behind the same queue interface. */
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** Prefix of every BullMQ key, so that several deployments can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and - only (at most 64)')
    .default('ketnoi'),
  WORKER_CONCURRENCY: positiveInt.max(64).default(2),
  /** Largest accepted request body, in bytes. */
  BODY_LIMIT: positiveInt.max(64 * 1024 * 1024).default(1024 * 1024),
  REQUEST_TIMEOUT_MS: positiveInt.default(30_000),
  /** How long readiness checks wait for PostgreSQL or Redis before reporting them down. */
  HEALTH_TIMEOUT_MS: positiveInt.max(10_000).default(1_500),
  /** Upper bound on a graceful shutdown before the process exits anyway. */
  SHUTDOWN_TIMEOUT_MS: positiveInt.max(120_000).default(10_000),
  /** auto: the embedded default loads the demo data set on its first start; off: never. */
  DEMO_DATA: z.enum(['auto', 'off']).default('auto'),
  /** Requests per minute per API client, by role, and per IP for calls without a key. */
  RATE_LIMIT_MINISTRY: positiveInt.default(1200),
  RATE_LIMIT_PORTAL: positiveInt.default(600),
  RATE_LIMIT_READER: positiveInt.default(300),
  RATE_LIMIT_ANONYMOUS: positiveInt.default(120),
  /** Memory per API process for serialised GET-by-id responses of registry records (MB); 0 turns the cache off. */
  REGISTRY_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  /** Tests only: lets webhooks go to plain http on loopback. Never set it in production. */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** How often each worker writes its heartbeat. */
  WORKER_HEARTBEAT_MS: positiveInt.min(1_000).default(30_000),
  /** How long a worker's lock on a job lasts without renewal; a killed worker's job is retried after it lapses. */
  WORKER_LOCK_MS: positiveInt.min(1_000).default(30_000),

  /** Matching: unset values take the algorithm's defaults (src/modules/matching/scoring/params.ts). */
  MATCH_CANDIDATES_PER_DEMAND: positiveInt.max(1_000).optional(),
  MATCH_CANDIDATES_PER_OFFER: positiveInt.max(1_000).optional(),
  MATCH_MAX_PER_DEMAND: positiveInt.max(100).optional(),
  MATCH_MAX_PER_OFFER: positiveInt.max(100).optional(),
  MATCH_MIN_SCORE: z.coerce.number().min(0).max(1).optional(),
  MATCH_EXPERTS_PER_PROPOSAL: z.coerce.number().int().min(0).max(3).optional(),
  /** Criterion weights as JSON, e.g. {"text":0.5,"fields":0.2}; criteria left out keep their defaults. */
  MATCH_WEIGHTS: z
    .string()
    .transform((v, ctx) => {
      try {
        return weightsSchema.parse(JSON.parse(v));
      } catch {
        ctx.addIssue({ code: 'custom', message: `a JSON object of criterion weights (0–10) with keys among ${CRITERIA.join(', ')}` });
        return z.NEVER;
      }
    })
    .optional(),
  /** Days an undecided proposal stays open. */
  PROPOSAL_TTL_DAYS: positiveInt.max(365).default(30),
  /** When the nightly batch runs (cron, in MATCH_TIME_ZONE). */
  MATCH_NIGHTLY_CRON: z.string().regex(/^\S+( \S+){4,5}$/, 'a cron pattern, e.g. "0 2 * * *"').default('0 2 * * *'),
  MATCH_TIME_ZONE: z.string().min(1).default('Asia/Ho_Chi_Minh'),
  /**
   * Bound on the matching engine thread's heap (V8 old generation), in MB. The engine's live set at
   * national scale (100,000 offers × 20,000 demands) peaks at about 530 MB; a bound makes V8 collect
   * the explanations' garbage instead of growing. Raise it for larger data: a run that outgrows it
   * fails with a message naming this setting, and the next run starts a fresh engine.
   */
  MATCH_ENGINE_HEAP_MB: positiveInt.min(256).max(65_536).default(768),
  /**
   * Threads for a large run's candidate search: the engine's own and helpers beside it, which share
   * its index's arrays (shared memory) and copy only the records without their texts (≈ 60 MB at
   * national scale). Default: the machine's cores, four at most; 1 keeps the search on one thread.
   */
  MATCH_ENGINE_THREADS: positiveInt.max(16).optional(),
  /** Changes to offers and demands within this window are matched together, in one run. */
  MATCH_DEBOUNCE_MS: z.coerce.number().int().min(0).max(600_000).default(2_000),
});

const weightsSchema = z.strictObject(Object.fromEntries(CRITERIA.map((c) => [c, z.number().min(0).max(10).optional()])));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  ${p.variable}: ${p.message}`).join('\n')}\n` +
        'See .env.example for every variable and its meaning.',
    );
    this.name = 'ConfigError';
  }
}

/** Parses the environment once. Empty strings count as unset. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const input: Record<string, string> = {};
  for (const key of Object.keys(configSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') input[key] = value;
  }
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => ({
        variable: String(issue.path[0] ?? '(environment)'),
        message: issue.message,
      })),
    );
  }
  return parsed.data;
}

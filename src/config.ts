import { z } from 'zod';

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
  /** Tests only: lets webhooks go to plain http on loopback. Never set it in production. */
  WEBHOOK_ALLOW_LOOPBACK: z.enum(['true', 'false']).default('false'),
  /** How often each worker writes its heartbeat. */
  WORKER_HEARTBEAT_MS: positiveInt.min(1_000).default(30_000),
});

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

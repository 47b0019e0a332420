import closeWithGrace from 'close-with-grace';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { buildApp, type App } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { databaseOptions, openDatabase, type Database } from './db/client.js';
import { migrateDatabase } from './db/migrate.js';
import { createBullmqBackend } from './jobs/bullmq.js';
import { createInProcessBackend } from './jobs/in-process.js';
import type { QueueBackend } from './jobs/queue.js';
import { startWorker, type RunningWorker } from './jobs/worker-runtime.js';
import { listClients } from './modules/access/access.repository.js';
import { createAccessService } from './modules/access/access.service.js';
import { isEmpty, loadDemoData, readDemoData } from './modules/demo/demo.loader.js';
import { matchingSettings } from './modules/matching/params.js';

export interface Infrastructure {
  database: Database;
  backend: QueueBackend;
  /** For the API's shared rate-limit counters (only with REDIS_URL). */
  redis: Redis | undefined;
  close(): Promise<void>;
}

/** Opens the database (PostgreSQL or embedded), applies migrations, and opens the queue backend. */
export async function openInfrastructure(config: Config, log: Logger): Promise<Infrastructure> {
  const operator = await openDatabase(databaseOptions(config));
  try {
    await migrateDatabase(operator);
    if (operator.driver === 'embedded') await firstStart(operator, config, log);
  } catch (err) {
    await operator.close();
    throw err;
  }
  // The API and the worker set a scope for every request and job; anything that forgets sees no
  // scoped rows rather than everything (row-level security fails closed).
  const database = operator.withDefaultScope(null);
  const backend = config.REDIS_URL
    ? createBullmqBackend({ url: config.REDIS_URL, prefix: config.QUEUE_PREFIX, log, pingTimeoutMs: config.HEALTH_TIMEOUT_MS })
    : createInProcessBackend({ log });
  const redis = config.REDIS_URL ? new Redis(config.REDIS_URL, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 }) : undefined;
  redis?.on('error', (err) => log.warn({ err }, 'redis rate-limit connection error'));
  log.info({ database: database.driver, queue: backend.driver }, 'infrastructure ready');
  return {
    database,
    backend,
    redis,
    async close() {
      await backend.close();
      await redis?.quit().catch(() => redis.disconnect());
      await database.close();
    },
  };
}

/**
 * The embedded default is for trying ketnoi on one machine: on its first start it loads the demo
 * data and creates a local ministry key, printed once, so Swagger UI's Authorize works at once.
 */
async function firstStart(database: Database, config: Config, log: Logger): Promise<void> {
  if (config.DEMO_DATA === 'auto' && (await isEmpty(database.db))) {
    const counts = await loadDemoData(database.db, await readDemoData());
    log.info({ counts }, 'first start: demo data loaded (DEMO_DATA=off to skip)');
  }
  if ((await listClients(database.db)).length === 0) {
    const { secret } = await createAccessService({ db: database.db }).createClient({ name: 'Local ministry key (embedded default)', role: 'ministry', provinces: [] });
    process.stdout.write(
      `\n  Local ministry API key (shown once; only its hash is stored):\n\n    ${secret}\n\n` +
        `  Open /docs, click Authorize and paste it. More keys: npm run client:create -- --help\n\n`,
    );
  }
}

export type Role = 'all' | 'api' | 'worker';

/** What each process kind needs beyond the defaults; a clear ConfigError otherwise. */
export function assertRoleConfig(config: Config, role: Role): void {
  const missing: { variable: string; message: string }[] = [];
  if (role !== 'all' && !config.REDIS_URL) {
    missing.push({
      variable: 'REDIS_URL',
      message: `required to run the ${role} as its own process (the API and workers share jobs through Redis); use "npm start" to run both in one process without Redis`,
    });
  }
  if (role === 'worker' && !config.DATABASE_URL) {
    missing.push({
      variable: 'DATABASE_URL',
      message: 'required for a separate worker process (the embedded database belongs to one process); use "npm start" to run both in one process',
    });
  }
  if (missing.length > 0) throw new ConfigError(missing);
}

/**
 * Starts the API, the worker, or both in one process, and wires graceful shutdown: readiness
 * flips to 503, in-flight requests finish, workers finish their active jobs, then queues, the pool
 * and Redis close. A second signal or the timeout forces the exit.
 */
export async function run(config: Config, log: Logger, role: Role): Promise<void> {
  assertRoleConfig(config, role);
  const infra = await openInfrastructure(config, log);
  let app: App | undefined;
  let worker: RunningWorker | undefined;

  closeWithGrace({ delay: config.SHUTDOWN_TIMEOUT_MS, logger: log }, async ({ signal, err }) => {
    if (err) log.error({ err }, 'fatal error, shutting down');
    else log.info({ signal }, 'shutting down');
    if (app) {
      app.lifecycle.draining = true;
      await app.close();
    }
    await worker?.close();
    await infra.close();
    log.info('shutdown complete');
  });

  if (role !== 'api') {
    worker = await startWorker({
      database: infra.database,
      backend: infra.backend,
      log,
      concurrency: config.WORKER_CONCURRENCY,
      heartbeatMs: config.WORKER_HEARTBEAT_MS,
      allowLoopbackWebhooks: config.WEBHOOK_ALLOW_LOOPBACK === 'true',
      lockMs: config.WORKER_LOCK_MS,
      matching: matchingSettings(config),
    });
  }
  if (role !== 'worker') {
    app = await buildApp({ config, database: infra.database, queue: infra.backend, logger: log, redis: infra.redis });
    await app.listen({ host: config.HOST, port: config.PORT });
    const shown = config.HOST === '0.0.0.0' || config.HOST === '::' ? 'localhost' : config.HOST;
    log.info(`ketnoi API on http://${shown}:${config.PORT} — Swagger UI at http://${shown}:${config.PORT}/docs`);
  }
}

/** Entrypoint wrapper: a configuration error prints one clear message and exits 1. */
export async function main(env: Record<string, string | undefined>, role: Role, makeLog: (config: Config) => Logger) {
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const log = makeLog(config);
  try {
    await run(config, log, role);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    log.fatal({ err }, 'startup failed');
    process.exit(1);
  }
}

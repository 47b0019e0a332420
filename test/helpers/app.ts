import { afterAll, beforeAll } from 'vitest';
import { buildApp, type App } from '../../src/app.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { appView, createPostgresDatabase, type TestDatabase } from './context.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { createLogger } from '../../src/logger.js';
import { createAccessService } from '../../src/modules/access/access.service.js';
import type { Role } from '../../src/modules/access/caller.js';
import type { InjectOptions } from 'fastify';
import type { Redis } from 'ioredis';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ HEALTH_TIMEOUT_MS: '1000', ...overrides });
}

/** Creates an API client of this role and returns its key. */
export async function createKey(database: Database, role: Role = 'ministry', provinces: string[] = [], name = `test ${role}`): Promise<string> {
  const { secret } = await createAccessService({ db: database.db }).createClient({ name, role, provinces });
  return secret;
}

/**
 * The real app on a test file's own database and queue. Requests carry a ministry key unless a
 * test sends its own Authorization header (an empty one sends none).
 */
export async function createTestApp(deps: {
  database: Database;
  queue: JobQueue;
  config?: Record<string, string>;
  /** Extra routes a test registers to exercise the HTTP conventions. */
  extend?: (app: App) => void | Promise<void>;
  /** null: no default key (e.g. the database is down on purpose). */
  key?: string | null;
  redis?: Redis;
}): Promise<App> {
  const app = await buildApp({ config: testConfig(deps.config), database: appView(deps.database), queue: deps.queue, logger: testLogger, redis: deps.redis });
  await deps.extend?.(app);
  await app.ready();
  const key = deps.key === undefined ? await createKey(deps.database) : deps.key;
  if (key === null) return app;
  const inject = app.inject.bind(app);
  (app as { inject: unknown }).inject = (options: InjectOptions) => {
    const headers = { ...(options.headers as Record<string, string> | undefined) };
    if (headers.authorization === undefined) headers.authorization = `Bearer ${key}`;
    else if (headers.authorization === '') delete headers.authorization;
    return inject({ ...options, headers });
  };
  return app;
}

/**
 * The usual test-file setup: a fresh database (PostgreSQL unless told otherwise), the app on it
 * with an in-process queue, all closed after the file. Read ctx.app / ctx.db inside tests.
 */
export function useTestApp(options: { createDb?: () => Promise<TestDatabase>; config?: Record<string, string> } = {}) {
  const ctx = { queue: createInProcessBackend({ log: testLogger }) } as { db: TestDatabase; app: App; queue: QueueBackend };
  beforeAll(async () => {
    ctx.db = await (options.createDb ?? createPostgresDatabase)();
    ctx.app = await createTestApp({ database: ctx.db.database, queue: ctx.queue, ...(options.config && { config: options.config }) });
  });
  afterAll(async () => {
    await ctx.app?.close();
    await ctx.queue.close();
    await ctx.db?.drop();
  });
  return ctx;
}

import { buildApp, type App } from '../../src/app.js';
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
  const app = await buildApp({ config: testConfig(deps.config), database: deps.database, queue: deps.queue, logger: testLogger, redis: deps.redis });
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

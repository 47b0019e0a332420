import { buildApp, type App } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import type { Database } from '../../src/db/client.js';
import type { JobQueue } from '../../src/jobs/queue.js';
import { createLogger } from '../../src/logger.js';

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ HEALTH_TIMEOUT_MS: '1000', ...overrides });
}

/** The real app on a test file's own database and queue. */
export async function createTestApp(deps: {
  database: Database;
  queue: JobQueue;
  config?: Record<string, string>;
  /** Extra routes a test registers to exercise the HTTP conventions. */
  extend?: (app: App) => void | Promise<void>;
}): Promise<App> {
  const app = await buildApp({ config: testConfig(deps.config), database: deps.database, queue: deps.queue, logger: testLogger });
  await deps.extend?.(app);
  await app.ready();
  return app;
}

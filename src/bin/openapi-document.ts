import { buildApp } from '../app.js';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { createInProcessBackend } from '../jobs/in-process.js';
import { createLogger } from '../logger.js';

/**
 * The OpenAPI document exactly as the running service serves it at /openapi.json. Built from a
 * throwaway in-memory app: generating the document never touches a real database.
 */
export async function renderOpenapi(): Promise<string> {
  const logger = createLogger('silent');
  const database = await openDatabase({ driver: 'embedded', dataDir: undefined });
  const queue = createInProcessBackend({ log: logger });
  const app = await buildApp({ config: loadConfig({}), database, queue, logger });
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    await queue.close();
    await database.close();
  }
}

export const OPENAPI_PATH = new URL('../../openapi/openapi.json', import.meta.url);

import type { Db } from '../../db/client.js';
import { createImportService } from '../../modules/imports/imports.service.js';
import type { Processor } from '../queue.js';

/** Runs an uploaded import; safe to run twice (rows are upserted by sourceRef). */
export function importProcessor(deps: { db: Db }): Processor<'imports.run'> {
  const service = createImportService({ db: deps.db });
  return async (payload, context) => service.run(payload.importId, context.log);
}

import type { Db } from '../../db/client.js';
import { createImportService } from '../../modules/imports/imports.service.js';
import type { JobQueue, Processor } from '../queue.js';

/** Runs an uploaded import; safe to run twice (rows are upserted by sourceRef). */
export function importProcessor(deps: { db: Db; queue: JobQueue }): Processor<'imports.run'> {
  const service = createImportService({ db: deps.db, queue: deps.queue });
  return async (payload, context) => service.run(payload.importId, context.log);
}

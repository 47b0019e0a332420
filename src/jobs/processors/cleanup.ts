import type { Db } from '../../db/client.js';
import { pruneIdempotencyKeys } from '../../plugins/idempotency.js';
import type { Processor } from '../queue.js';

/** Forgets Idempotency-Keys past their 24 hours. Safe to run twice: it only deletes what is old. */
export function cleanupProcessor(deps: { db: Db; now?: () => Date }): Processor<'system.cleanup'> {
  const now = deps.now ?? (() => new Date());
  return async () => ({ idempotencyKeysDeleted: await pruneIdempotencyKeys(deps.db, now()) });
}

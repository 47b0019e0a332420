import type { Db } from '../../db/client.js';
import type { Processors } from '../queue.js';
import { cleanupProcessor } from './cleanup.js';
import { heartbeatProcessor } from './heartbeat.js';
import { importProcessor } from './import.js';

/** Every job's processor, wired to its dependencies. One processor per job, thin adapters only. */
export function createProcessors(deps: { db: Db }): Processors {
  return {
    'system.heartbeat': heartbeatProcessor(deps),
    'system.cleanup': cleanupProcessor(deps),
    'imports.run': importProcessor(deps),
  };
}

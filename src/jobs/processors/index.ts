import type { Database, Db } from '../../db/client.js';
import type { JobQueue, Processors } from '../queue.js';
import { createWebhookService } from '../../modules/webhooks/webhooks.service.js';
import { cleanupProcessor } from './cleanup.js';
import { eventsScheduleProcessor } from './events.js';
import { importProcessor } from './import.js';
import { followUpProcessor } from './outcomes.js';
import { matchingChangesProcessor, matchingNightlyProcessor, matchingRunProcessor, type MatchingProcessorDeps } from './matching.js';

/** Every job's processor, wired to its dependencies. One processor per job, thin adapters only. */
export function createProcessors(deps: { db: Db; database: Database; queue: JobQueue; allowLoopback: boolean; matching: Omit<MatchingProcessorDeps, 'db' | 'queue'> }): Processors {
  const matching = { ...deps.matching, db: deps.db, queue: deps.queue };
  const webhooks = createWebhookService({ db: deps.db, queue: deps.queue, allowLoopback: deps.allowLoopback });
  return {
    'webhooks.dispatch': async (event) => ({ queued: await webhooks.dispatch(event) }),
    'webhooks.deliver': async ({ deliveryId }, context) => webhooks.deliver(deliveryId, context.attempt, context.log),
    'system.cleanup': cleanupProcessor(deps),
    'imports.run': importProcessor(deps),
    'matching.run': matchingRunProcessor(matching),
    'matching.changes': matchingChangesProcessor(matching),
    'matching.nightly': matchingNightlyProcessor(matching),
    'events.schedule': eventsScheduleProcessor({ database: deps.database, queue: deps.queue }),
    'outcomes.follow_up': followUpProcessor(deps),
  };
}

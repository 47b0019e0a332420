import type { Db } from '../../db/client.js';
import { upsertHeartbeat } from '../../modules/system/system.repository.js';
import type { Processor } from '../queue.js';

/** Records that a worker is alive. The time is taken when the job runs, not when it was queued. */
export function heartbeatProcessor(deps: { db: Db; now?: () => Date }): Processor<'system.heartbeat'> {
  const now = deps.now ?? (() => new Date());
  return async (payload) => {
    await upsertHeartbeat(deps.db, {
      workerId: payload.workerId,
      hostname: payload.hostname,
      pid: payload.pid,
      queueDriver: payload.queueDriver,
      queues: payload.queues,
      startedAt: new Date(payload.startedAt),
      lastSeenAt: now(),
    });
    return { recorded: payload.workerId };
  };
}

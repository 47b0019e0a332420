import type { Database } from '../../db/client.js';
import { runSchedulerInThread } from '../../modules/events/engine/host.js';
import { createScheduleRunner, type SchedulerCall } from '../../modules/events/schedule.runner.js';
import { failScheduleRun } from '../../modules/events/schedule.service.js';
import type { JobQueue, Processor } from '../queue.js';
import { defaultJobOptions } from '../shared.js';

/**
 * Runs one schedule run. The scheduler's search runs in a worker thread (several seconds of CPU
 * must not stall lock renewal); the last failed attempt marks the run failed for good.
 */
export function eventsScheduleProcessor(deps: { database: Database; queue: JobQueue; scheduler?: SchedulerCall }): Processor<'events.schedule'> {
  const runner = createScheduleRunner({ database: deps.database, queue: deps.queue, scheduler: deps.scheduler ?? runSchedulerInThread });
  return async ({ runId }, context) => {
    try {
      const row = await runner.execute(runId, context.log);
      return { runId, status: row.status, placed: row.placed, unplaced: row.unplaced.length };
    } catch (err) {
      if (context.attempt >= defaultJobOptions.attempts) await failScheduleRun(deps.database.db, runId, (err as Error).message);
      throw err;
    }
  };
}

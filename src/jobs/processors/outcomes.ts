import type { Db } from '../../db/client.js';
import { sendFollowUpReminders } from '../../modules/outcomes/reminders.js';
import type { JobQueue, Processor } from '../queue.js';

/** The hourly follow-up pass. Safe to run twice: a meeting reminded once is never reminded again. */
export function followUpProcessor(deps: { db: Db; queue: JobQueue; now?: () => Date }): Processor<'outcomes.follow_up'> {
  return async (_payload, context) => sendFollowUpReminders({ db: deps.db, queue: deps.queue, ...(deps.now && { now: deps.now() }), log: context.log });
}

import type { Logger } from 'pino';
import type { JobQueue } from '../../jobs/queue.js';
import { isPublic, type Row } from '../registry/registry.service.js';
import type { ResourceDefinition } from '../registry/resource.js';
import { recordEvent } from './webhooks.service.js';
import { matchOnChange } from '../matching/triggers.js';

/**
 * The registry's onChange hook: queues a webhook event after the change is committed. The change
 * stands whether or not the queue answers, so a failure is logged, never turned into an error
 * for a request whose write already succeeded. (An outbox table would make such events durable.)
 */
export function emitRecordChanges(queue: JobQueue, def: ResourceDefinition, log?: Pick<Logger, 'error'>) {
  return async (row: Row, action: string) => {
    try {
      await queue.add('webhooks.dispatch', recordEvent(def.name as never, def.singular, row, action, isPublic(def, row), new Date()));
    } catch (err) {
      log?.error({ err: { message: (err as Error).message }, resource: def.name, id: row.id, action }, 'webhook event lost: the queue did not take it');
    }
  };
}

/** Everything a committed change to a record sets off: its webhook event and, for offers and demands, a matching run. */
export function recordChangeHooks(queue: JobQueue, def: ResourceDefinition, matchDebounceMs: number, log?: Pick<Logger, 'error'>) {
  const webhook = emitRecordChanges(queue, def, log);
  const match = def.name === 'offers' || def.name === 'demands' ? matchOnChange(queue, matchDebounceMs, log) : undefined;
  return async (row: Row, action: string) => {
    await webhook(row, action);
    await match?.();
  };
}

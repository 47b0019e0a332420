import type { JobQueue } from '../../jobs/queue.js';
import { isPublic, type Row } from '../registry/registry.service.js';
import type { ResourceDefinition } from '../registry/resource.js';
import { recordEvent } from './webhooks.service.js';

/** The registry's onChange hook: queues a webhook event after the change is committed. */
export function emitRecordChanges(queue: JobQueue, def: ResourceDefinition) {
  return async (row: Row, action: string) => {
    await queue.add('webhooks.dispatch', recordEvent(def.name as never, def.singular, row, action, isPublic(def, row), new Date()));
  };
}

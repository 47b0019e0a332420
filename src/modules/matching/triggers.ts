import type { Logger } from 'pino';
import type { JobQueue } from '../../jobs/queue.js';

/**
 * Queues a 'changes' run at the end of the current debounce window. Every change in one window
 * names the same job id, so they coalesce into a single run; the run then matches everything
 * changed since the last one, so nothing depends on which change queued it.
 */
export async function queueMatchingForChanges(queue: JobQueue, debounceMs: number, log?: Pick<Logger, 'error'>, at = Date.now()): Promise<void> {
  const window = Math.max(1, debounceMs);
  const slot = Math.floor(at / window);
  try {
    await queue.add('matching.changes', {}, { jobId: `match-changes-${slot}`, delayMs: (slot + 1) * window - at });
  } catch (err) {
    // The change itself is committed; the nightly run picks it up if this trigger is lost.
    log?.error({ err: { message: (err as Error).message } }, 'matching trigger lost: the queue did not take it');
  }
}

/** The registry's onChange hook for offers and demands: their proposals follow within seconds. */
export function matchOnChange(queue: JobQueue, debounceMs: number, log?: Pick<Logger, 'error'>) {
  return async () => queueMatchingForChanges(queue, debounceMs, log);
}

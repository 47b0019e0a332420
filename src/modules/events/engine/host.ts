import { Worker } from 'node:worker_threads';
import type { SchedulerInput, SchedulerResult } from '../scheduler/index.js';

/**
 * Runs the pure scheduler in a worker thread of its own, so that a search of several seconds never
 * stalls the event loop (BullMQ's lock renewal, heartbeats, the API in the all-in-one process).
 * A thread per run: runs are rare and the scheduler keeps no warm state. Under tsx (tests, benches)
 * the thread registers tsx itself, as the matching engine's host does.
 */
export function runSchedulerInThread(input: Omit<SchedulerInput, 'options'> & { options: Omit<SchedulerInput['options'], 'now'> }): Promise<SchedulerResult> {
  const worker = import.meta.url.endsWith('.ts')
    ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(new URL('./thread.ts', import.meta.url).href)}); })`, { eval: true })
    : new Worker(new URL('./thread.js', import.meta.url));
  return new Promise<SchedulerResult>((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void worker.terminate();
    };
    worker.on('message', (m: { result?: SchedulerResult; error?: { message: string } }) =>
      finish(() => (m.error ? reject(new Error(`scheduler: ${m.error.message}`)) : resolve(m.result as SchedulerResult))),
    );
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`scheduler thread exited (${code})`))));
    worker.postMessage({ input });
  });
}

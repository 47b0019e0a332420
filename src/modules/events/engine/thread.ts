import { parentPort } from 'node:worker_threads';
import { schedule, type SchedulerInput } from '../scheduler/index.js';

/** The worker-thread side: one scheduler call per message ({ input } → { result } or { error }). */
parentPort?.on('message', (message: { input: SchedulerInput }) => {
  try {
    parentPort?.postMessage({ result: schedule(message.input) });
  } catch (err) {
    parentPort?.postMessage({ error: { message: (err as Error).message } });
  }
});

import { parentPort, workerData } from 'node:worker_threads';
import { createEngine, engineMemory, type EngineThreadOptions } from './engine.js';

/**
 * The worker-thread side of the engine host: one engine per thread, kept warm between runs.
 * Messages: { id, method, arg } → { id, result } or { id, error }.
 */
const engine = createEngine((workerData ?? {}) as EngineThreadOptions);
const methods = { sync: engine.sync, reset: engine.reset, candidates: engine.candidates, assign: engine.assign, proposals: engine.proposals, memory: engineMemory } as Record<string, (arg: never) => unknown>;

parentPort?.on('message', (message: { id: number; method: string; arg: unknown }) => {
  try {
    const fn = methods[message.method];
    if (!fn) throw new Error(`unknown engine method ${message.method}`);
    parentPort?.postMessage({ id: message.id, result: fn(message.arg as never) });
  } catch (err) {
    parentPort?.postMessage({ id: message.id, error: { message: (err as Error).message, stack: (err as Error).stack } });
  }
});

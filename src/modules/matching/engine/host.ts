import type { Worker } from 'node:worker_threads';
import { defaultQueryThreads, HELPER_HEAP_MB } from './parallel.js';
import { spawnThread } from './spawn.js';
import { engineMemory, type EngineThreadOptions, type AssignRequest, type CandidateRequest, type CandidateSummary, type Engine, type EngineMemory, type MatchResult, type ProposalChunk, type SyncBatch } from './engine.js';

/** What the run service needs of an engine, whether in a thread or (for tests and tools) in-process. */
export interface EngineApi {
  sync(batch: SyncBatch): Promise<{ offers: number; demands: number }>;
  reset(): Promise<void>;
  candidates(request: CandidateRequest): Promise<CandidateSummary>;
  assign(request: AssignRequest): Promise<MatchResult>;
  proposals(range: { from: number; to: number }): Promise<ProposalChunk>;
  /** The engine's own heap (its thread's, when in a thread), for logs and benches. */
  memory(): Promise<EngineMemory>;
  close(): Promise<void>;
}

/**
 * Runs the engine in a worker thread so that CPU-heavy scoring never stalls the event loop (and
 * with it BullMQ's lock renewal, heartbeats and, in the all-in-one process, the API). A large
 * candidate search also uses `threads - 1` helper threads for the while (parallel.ts).
 */
export function createThreadEngine(options: { heapMb?: number; threads?: number } = {}): EngineApi {
  const resourceLimits = options.heapMb ? { maxOldGenerationSizeMb: options.heapMb } : undefined;
  const workerData: EngineThreadOptions = { queryThreads: options.threads ?? defaultQueryThreads(), helperHeapMb: HELPER_HEAP_MB };
  let worker: Worker | undefined;
  let nextId = 0;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  const start = () => {
    const w = spawnThread('engine-thread', { resourceLimits, workerData });
    w.on('message', (m: { id: number; result?: unknown; error?: { message: string } }) => {
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(`matching engine: ${m.error.message}`));
      else p.resolve(m.result);
    });
    const failAll = (err: Error) => {
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      worker = undefined;
    };
    w.on('error', (err: Error & { code?: string }) =>
      failAll(
        err.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new Error(`matching engine: out of memory at its heap bound of ${options.heapMb} MB; raise MATCH_ENGINE_HEAP_MB`)
          : err,
      ),
    );
    w.on('exit', (code) => failAll(new Error(`matching engine thread exited (${code})`)));
    return w;
  };

  const call = <T>(method: string, arg?: unknown) =>
    new Promise<T>((resolve, reject) => {
      worker ??= start();
      const id = nextId++;
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ id, method, arg });
    });

  return {
    sync: (batch) => call('sync', batch),
    reset: () => call('reset'),
    candidates: (request) => call('candidates', request),
    assign: (request) => call('assign', request),
    proposals: (range) => call('proposals', range),
    memory: () => call('memory'),
    async close() {
      const w = worker;
      worker = undefined;
      await w?.terminate();
    },
  };
}

/** The same engine on the calling thread (tests of the run logic, small tools). */
export function inlineEngine(engine: Engine): EngineApi {
  return {
    sync: async (batch) => engine.sync(batch),
    reset: async () => engine.reset(),
    candidates: async (request) => engine.candidates(request),
    assign: async (request) => engine.assign(request),
    proposals: async (range) => engine.proposals(range),
    memory: async () => engineMemory(),
    close: async () => {},
  };
}

import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { MatchIndexImpl, type IndexView } from '../scoring/matchindex.js';
import { keySlots, queryChunk, queryChunks, runQueriesHere, type QueryPlan, type QueryRunner } from '../scoring/pipeline.js';
import type { CorpusView } from '../scoring/corpus.js';
import type { DemandInput, MatchParams, OfferInput } from '../scoring/types.js';
import { DEMAND_LAYOUT, OFFER_LAYOUT, packRecords, unpackRecords, type PackedRecords } from './packed-records.js';
import { spawnThread } from './spawn.js';

/** Below this many chunks a plan runs on the engine's thread alone: a helper's start costs more than it saves. */
export const MIN_PARALLEL_CHUNKS = 48;

/**
 * Heap bound of a helper thread, MB: it holds the records without their texts (≈ 60 MB at national
 * scale) and one query's scratch. One that outgrows it dies, and its chunk is run by the engine.
 */
export const HELPER_HEAP_MB = 384;

/** The index as a query thread receives it: shared arrays, and the records packed (packed-records.ts). */
export interface WireView extends Omit<IndexView, 'offers' | 'demands'> {
  offers: Omit<CorpusView<OfferInput>, 'docs'> & { docs: PackedRecords };
  demands: Omit<CorpusView<DemandInput>, 'docs'> & { docs: PackedRecords };
}

export function toWire(view: IndexView): WireView {
  return {
    ...view,
    offers: { ...view.offers, docs: packRecords(view.offers.docs, OFFER_LAYOUT) },
    demands: { ...view.demands, docs: packRecords(view.demands.docs, DEMAND_LAYOUT) },
  };
}

export function fromWire(wire: WireView): IndexView {
  return {
    ...wire,
    offers: { ...wire.offers, docs: unpackRecords(wire.offers.docs, OFFER_LAYOUT) },
    demands: { ...wire.demands, docs: unpackRecords(wire.demands.docs, DEMAND_LAYOUT) },
  };
}

/** What a query thread (query-thread.ts) is started with. */
export interface QueryThreadData {
  view: WireView;
  plan: QueryPlan;
  params: MatchParams;
  /** [0]: the next chunk to take, shared by every thread of the run (Atomics.add); [1]: chunks done by helpers. */
  counters: Int32Array;
  /** Per chunk, 1 once a helper has written it. */
  done: Int32Array;
  /** The run's key buffer (queryChunk), on shared memory: every thread writes its chunks there. */
  keys: Float64Array;
}

/** Threads for a run's queries by default: the engine's own and one helper per further core, four at most. */
export const defaultQueryThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** How a candidate search's queries were shared out (logged with the run, read by benches and tests). */
export interface QueryStats {
  chunks: number;
  threads: number;
  /** Chunks whose keys came from a helper. */
  byHelpers: number;
  /** Chunks a helper took but had not finished when the engine was done: run by the engine too. */
  redone: number;
  /** Preparing the helpers' view and starting them, on the engine's thread, ms. */
  startMs: number;
  totalMs: number;
}

export interface ParallelOptions {
  /** The engine's thread and its helpers; 1 runs every query on the engine's thread. */
  threads: number;
  helperHeapMb?: number;
  /** Plans with fewer chunks run on the engine's thread alone. */
  minChunks?: number;
  /**
   * How long the engine waits for the helpers' last chunks before running them itself, ms (0: not
   * at all; the chunk costs the same either way). Tests set it with `engineTakesChunks: false` to
   * have the helpers do every chunk.
   */
  waitMs?: number;
  engineTakesChunks?: boolean;
  onStats?: (stats: QueryStats) => void;
}

/**
 * Spreads a candidate search's retrieval queries over the engine's thread and `threads - 1` helper
 * threads. Helpers get a view of the index (its arrays are shared memory, so only the records,
 * packed without their texts, are copied) and every thread takes the next chunk until none is
 * left, writing its keys into the run's one shared key buffer. The keys do not depend on which thread ran which chunk (queryChunk is a pure function of
 * the index), so the result is the same as on one thread.
 *
 * The engine's thread does not wait for a helper: once every chunk is taken, it runs itself any
 * chunk a helper has not finished yet. A helper that cannot start, runs out of memory or dies
 * costs its unfinished chunk, not the run.
 */
export function parallelQueries(options: ParallelOptions): QueryRunner {
  const { threads, helperHeapMb, minChunks = MIN_PARALLEL_CHUNKS, waitMs = 0, engineTakesChunks = true, onStats } = options;
  if (threads <= 1) return runQueriesHere;
  return (index, plan, params) => {
    const n = queryChunks(plan);
    if (n < minChunks || !(index instanceof MatchIndexImpl)) return runQueriesHere(index, plan, params);
    const started = performance.now();
    const counters = new Int32Array(new SharedArrayBuffer(8));
    const done = new Int32Array(new SharedArrayBuffer(4 * n));
    const keys = new Float64Array(new SharedArrayBuffer(8 * keySlots(plan, params)));
    const view = toWire(index.view());
    const helpers: Worker[] = [];
    for (let h = 1; h < threads; h++) {
      try {
        const data: QueryThreadData = { view, plan, params, counters, done, keys };
        const worker = spawnThread('query-thread', { workerData: data, resourceLimits: helperHeapMb ? { maxOldGenerationSizeMb: helperHeapMb } : undefined });
        // Its chunks are run here instead (see above): nothing else to do.
        worker.on('error', () => {});
        helpers.push(worker);
      } catch {
        // Not started: the others (and this thread) take its share.
      }
    }
    const startMs = performance.now() - started;
    const mine = new Uint8Array(n);
    let redone = 0;
    try {
      if (engineTakesChunks) {
        for (let c = Atomics.add(counters, 0, 1); c < n; c = Atomics.add(counters, 0, 1)) {
          queryChunk(index, plan, c, params, keys);
          mine[c] = 1;
        }
      }
      const deadline = performance.now() + waitMs;
      const finished = () => {
        for (let c = 0; c < n; c++) if (mine[c] === 0 && Atomics.load(done, c) === 0) return false;
        return true;
      };
      while (!finished() && performance.now() < deadline) {
        Atomics.wait(counters, 1, Atomics.load(counters, 1), Math.max(1, Math.min(50, deadline - performance.now())));
      }
      for (let c = 0; c < n; c++) {
        if (mine[c] === 1 || Atomics.load(done, c) === 1) continue;
        // Taken by a helper that has not finished it (or, without engineTakesChunks, by none): the
        // helper, if alive, writes the same values (see queryChunk).
        queryChunk(index, plan, c, params, keys);
        redone++;
      }
    } finally {
      // No helper takes another chunk.
      Atomics.store(counters, 0, n);
      for (const w of helpers) void w.terminate();
    }
    let byHelpers = 0;
    for (let c = 0; c < n; c++) if (mine[c] === 0 && Atomics.load(done, c) === 1) byHelpers++;
    onStats?.({ chunks: n, threads: 1 + helpers.length, byHelpers, redone, startMs: Math.round(startMs), totalMs: Math.round(performance.now() - started) });
    return keys;
  };
}

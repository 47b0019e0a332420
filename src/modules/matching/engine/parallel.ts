import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { MatchIndexImpl, type IndexView } from '../scoring/matchindex.js';
import { keySlots, queryChunk, queryChunks, runHere, SCORE_CHUNK, scoreChunks, scoreKeys, type CandidateRunner, type PairColumns, type QueryPlan } from '../scoring/pipeline.js';
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

/**
 * A phase's chunks, shared by the engine's thread and its helpers. Each chunk is taken from one
 * counter, so exactly one thread takes it. A helper computes its chunk into scratch memory, then
 * claims the right to publish it (TAKEN → PUBLISHING) and copies it to the shared output; the engine,
 * once no chunk is left to take, claims every chunk a helper has not published (TAKEN → ENGINE) and
 * runs it itself. A claim is a compare-and-swap, so each chunk's output is written by one thread
 * only, and nothing writes it after the engine has moved on: a slow or dead helper cannot corrupt
 * what the engine reads next.
 */
export interface ChunkBoard {
  /** [0]: the next chunk to take (Atomics.add); [1]: chunks published by helpers. */
  counters: Int32Array;
  /** Per chunk: FREE, TAKEN, PUBLISHING, PUBLISHED or ENGINE. */
  state: Int32Array;
}

export const FREE = 0;
export const TAKEN = 1;
export const PUBLISHING = 2;
export const PUBLISHED = 3;
export const ENGINE = 4;

export function newBoard(chunks: number): ChunkBoard {
  return { counters: new Int32Array(new SharedArrayBuffer(8)), state: new Int32Array(new SharedArrayBuffer(4 * Math.max(1, chunks))) };
}

/** A helper's side of a phase: take chunks until none is left; publish each unless the engine claimed it. */
export function helpChunks(board: ChunkBoard, n: number, compute: (c: number) => void, publish: (c: number) => void): void {
  const { counters, state } = board;
  for (let c = Atomics.add(counters, 0, 1); c < n; c = Atomics.add(counters, 0, 1)) {
    if (Atomics.compareExchange(state, c, FREE, TAKEN) !== FREE) continue;
    compute(c);
    if (Atomics.compareExchange(state, c, TAKEN, PUBLISHING) !== TAKEN) continue;
    publish(c);
    Atomics.store(state, c, PUBLISHED);
    Atomics.notify(state, c);
    Atomics.add(counters, 1, 1);
    Atomics.notify(counters, 1);
  }
}

/** How long the engine waits for a helper that is copying a chunk out (microseconds of work) before giving up on the run. */
const PUBLISH_WAIT_MS = 10_000;

/**
 * The engine's side of a phase: takes chunks with the helpers, waits up to waitMs for theirs, then
 * runs every chunk they have not published. Returns the chunks the helpers published and those the
 * engine ran in their place.
 */
export function engineChunks(board: ChunkBoard, n: number, run: (c: number) => void, options: { takeChunks: boolean; waitMs: number }): { byHelpers: number; redone: number } {
  const { counters, state } = board;
  const mine = new Uint8Array(n);
  if (options.takeChunks) {
    for (let c = Atomics.add(counters, 0, 1); c < n; c = Atomics.add(counters, 0, 1)) {
      Atomics.store(state, c, ENGINE);
      run(c);
      mine[c] = 1;
    }
  }
  const deadline = performance.now() + options.waitMs;
  const finished = () => {
    for (let c = 0; c < n; c++) if (mine[c] === 0 && Atomics.load(state, c) !== PUBLISHED) return false;
    return true;
  };
  while (!finished() && performance.now() < deadline) {
    Atomics.wait(counters, 1, Atomics.load(counters, 1), Math.max(1, Math.min(50, deadline - performance.now())));
  }
  // No helper takes another chunk.
  Atomics.store(counters, 0, n);
  let byHelpers = 0;
  let redone = 0;
  for (let c = 0; c < n; c++) {
    if (mine[c] === 1) continue;
    for (;;) {
      const s = Atomics.load(state, c);
      if (s === PUBLISHED) {
        byHelpers++;
        break;
      }
      if (s === PUBLISHING) {
        if (Atomics.wait(state, c, PUBLISHING, PUBLISH_WAIT_MS) === 'timed-out') throw new Error(`a helper thread stopped while publishing chunk ${c}`);
        continue;
      }
      if (Atomics.compareExchange(state, c, s, ENGINE) !== s) continue;
      run(c);
      redone++;
      break;
    }
  }
  return { byHelpers, redone };
}

/** What a helper thread (query-thread.ts) is started with: the index, then the query phase. */
export interface QueryThreadData {
  view: WireView;
  plan: QueryPlan;
  params: MatchParams;
  board: ChunkBoard;
  /** The run's key buffer (queryChunk), on shared memory. */
  keys: Float64Array;
}

/** The scoring phase, posted to the helpers once the engine has the distinct keys. */
export interface ScoreMessage {
  board: ChunkBoard;
  keys: Float64Array;
  n: number;
  /** Pairs per chunk. */
  chunk: number;
  out: PairColumns;
}

/** Threads for a run's candidate search by default: the engine's own and one helper per further core, four at most. */
export const defaultQueryThreads = (): number => Math.max(1, Math.min(4, availableParallelism()));

/** How one phase of a candidate search was shared out. */
export interface PhaseStats {
  chunks: number;
  /** Chunks published by a helper. */
  byHelpers: number;
  /** Chunks a helper took but had not published when the engine was done: run by the engine instead. */
  redone: number;
  totalMs: number;
}

/** How a candidate search was shared out (logged with the run, read by benches and tests): the queries' phase, and the scoring's. */
export interface QueryStats extends PhaseStats {
  threads: number;
  /** Preparing the helpers' view and starting them, on the engine's thread, ms. */
  startMs: number;
  scoring?: PhaseStats;
}

export interface ParallelOptions {
  /** The engine's thread and its helpers; 1 runs everything on the engine's thread. */
  threads: number;
  helperHeapMb?: number;
  /** Plans with fewer query chunks run on the engine's thread alone. */
  minChunks?: number;
  /**
   * How long the engine waits for the helpers' last chunks before running them itself, ms (0: not
   * at all; the chunk costs the same either way). Tests set it with `engineTakesChunks: false` to
   * have the helpers do every chunk.
   */
  waitMs?: number;
  engineTakesChunks?: boolean;
  /** Pairs per scoring chunk (tests make them small). */
  scoreChunk?: number;
  onStats?: (stats: QueryStats) => void;
}

/**
 * Spreads a candidate search over the engine's thread and `threads - 1` helper threads: first the
 * retrieval queries, then the scoring of the distinct pairs they found. Helpers get a view of the
 * index (its arrays are shared memory, so only the records, packed without their texts, are
 * copied), and in each phase every thread takes the next chunk until none is left (see ChunkBoard).
 * Chunks are pure functions of the index and their input, so the result is the same as on one
 * thread, whichever thread ran which chunk.
 *
 * The engine's thread does not wait for a helper: once every chunk is taken, it runs itself any
 * chunk a helper has not published yet. A helper that cannot start, runs out of memory or dies
 * costs its unfinished chunk, not the run.
 */
export function parallelCandidates(options: ParallelOptions): CandidateRunner {
  const { threads, helperHeapMb, minChunks = MIN_PARALLEL_CHUNKS, waitMs = 0, engineTakesChunks = true, scoreChunk = SCORE_CHUNK, onStats } = options;
  if (threads <= 1) return runHere;
  const phase = { takeChunks: engineTakesChunks, waitMs };
  return (index, params) => {
    const here = runHere(index, params);
    let helpers: Worker[] = [];
    let stats: QueryStats | undefined;
    return {
      queries(plan) {
        const n = queryChunks(plan);
        if (n < minChunks || !(index instanceof MatchIndexImpl)) return here.queries(plan);
        const started = performance.now();
        const board = newBoard(n);
        const keys = new Float64Array(new SharedArrayBuffer(8 * keySlots(plan, params)));
        const data: QueryThreadData = { view: toWire(index.view()), plan, params, board, keys };
        for (let h = 1; h < threads; h++) {
          try {
            const worker = spawnThread('query-thread', { workerData: data, resourceLimits: helperHeapMb ? { maxOldGenerationSizeMb: helperHeapMb } : undefined });
            // Its chunks are run here instead (see above): nothing else to do.
            worker.on('error', () => {});
            helpers.push(worker);
          } catch {
            // Not started: the others (and this thread) take its share.
          }
        }
        const startMs = performance.now() - started;
        const shared = engineChunks(board, n, (c) => queryChunk(index, plan, c, params, keys), phase);
        stats = { chunks: n, threads: 1 + helpers.length, ...shared, startMs: Math.round(startMs), totalMs: Math.round(performance.now() - started) };
        return keys;
      },
      scores(keys, n) {
        const chunks = scoreChunks(n, scoreChunk);
        if (helpers.length === 0 || chunks < 2) return here.scores(keys, n);
        const started = performance.now();
        const column = <T extends Int32Array | Float64Array>(of: new (b: SharedArrayBuffer) => T, bytes: number) => new of(new SharedArrayBuffer(bytes * n));
        const out: PairColumns = { demand: column(Int32Array, 4), offer: column(Int32Array, 4), score: column(Float64Array, 8), demandFit: column(Float64Array, 8), supplyFit: column(Float64Array, 8) };
        const board = newBoard(chunks);
        const message: ScoreMessage = { board, keys, n, chunk: scoreChunk, out };
        for (const w of helpers) w.postMessage(message);
        const shared = engineChunks(board, chunks, (c) => scoreKeys(index, keys, c * scoreChunk, Math.min(n, (c + 1) * scoreChunk), params, out), phase);
        if (stats) stats.scoring = { chunks, ...shared, totalMs: Math.round(performance.now() - started) };
        return out;
      },
      close() {
        for (const w of helpers) void w.terminate();
        helpers = [];
        if (stats) onStats?.(stats);
        stats = undefined;
      },
    };
  };
}

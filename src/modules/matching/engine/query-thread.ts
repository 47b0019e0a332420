import { workerData } from 'node:worker_threads';
import { MatchIndexImpl } from '../scoring/matchindex.js';
import { queryChunk, queryChunks } from '../scoring/pipeline.js';
import { fromWire, type QueryThreadData } from './parallel.js';

/**
 * A helper of the engine's thread for one candidate search (see parallel.ts): takes chunks of the
 * run's queries until none is left, writing each chunk's keys into the run's shared key buffer.
 */
const data = workerData as QueryThreadData;
const index = MatchIndexImpl.fromView(fromWire(data.view));
const n = queryChunks(data.plan);
const { counters, done, keys } = data;
for (let c = Atomics.add(counters, 0, 1); c < n; c = Atomics.add(counters, 0, 1)) {
  queryChunk(index, data.plan, c, data.params, keys);
  Atomics.store(done, c, 1);
  Atomics.add(counters, 1, 1);
  Atomics.notify(counters, 1);
}

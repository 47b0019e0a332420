import { parentPort, workerData } from 'node:worker_threads';
import { MatchIndexImpl } from '../scoring/matchindex.js';
import { queryChunk, queryChunkRange, queryChunks, scoreChunks, scoreKeys, type PairColumns } from '../scoring/pipeline.js';
import { fromWire, helpChunks, type QueryThreadData, type ScoreMessage } from './parallel.js';

/**
 * A helper of the engine's thread for one candidate search (see parallel.ts): takes chunks of the
 * run's queries until none is left, then, when the engine posts them, chunks of its scoring. Each
 * chunk is computed into scratch memory and copied out only if the engine has not claimed it.
 */
const data = workerData as QueryThreadData;
const index = MatchIndexImpl.fromView(fromWire(data.view));
const { plan, params, keys } = data;

let scratch = new Float64Array(0);
let range = { from: 0, to: 0 };
helpChunks(
  data.board,
  queryChunks(plan),
  (c) => {
    range = queryChunkRange(plan, c, params);
    if (scratch.length < range.to - range.from) scratch = new Float64Array(range.to - range.from);
    queryChunk(index, plan, c, params, scratch, range.from);
  },
  () => keys.set(scratch.subarray(0, range.to - range.from), range.from),
);

parentPort?.once('message', (m: ScoreMessage) => {
  const size = m.chunk;
  const mine: PairColumns = { demand: new Int32Array(size), offer: new Int32Array(size), score: new Float64Array(size), demandFit: new Float64Array(size), supplyFit: new Float64Array(size) };
  let from = 0;
  let to = 0;
  helpChunks(
    m.board,
    scoreChunks(m.n, size),
    (c) => {
      from = c * size;
      to = Math.min(m.n, from + size);
      scoreKeys(index, m.keys, from, to, params, mine, from);
    },
    () => {
      for (const k of ['demand', 'offer', 'score', 'demandFit', 'supplyFit'] as const) (m.out[k] as Float64Array).set(mine[k].subarray(0, to - from) as Float64Array, from);
    },
  );
});

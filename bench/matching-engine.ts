// The matcher's engine alone, on the national records of the speed bench's database: loads every
// published offer and demand once (cached in a v8-serialised file under /tmp), then times the
// engine's phases in-process (index build, candidates, assignment with explanations) and samples
// peak RSS. For profiling (`node --cpu-prof`) and for comparing engine changes side by side.
//
//   npx tsx bench/matching-engine.ts [--cache /tmp/ketnoi-matching-inputs.bin] [--demands N] [--threads N]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { openDatabase } from '../src/db/client.js';
import { demandChanges, loadExperts, offerChanges } from '../src/modules/matching/inputs.repository.js';
import { createEngine } from '../src/modules/matching/engine/engine.js';
import { HELPER_HEAP_MB } from '../src/modules/matching/engine/parallel.js';
import { matchingSettings } from '../src/modules/matching/params.js';
import type { DemandInput, ExpertInput, OfferInput } from '../src/modules/matching/scoring/types.js';

const { values } = parseArgs({
  options: {
    cache: { type: 'string', default: '/tmp/ketnoi-matching-inputs.bin' },
    demands: { type: 'string' },
    offers: { type: 'string' },
    'scope-offers': { type: 'string' },
    'scope-demands': { type: 'string' },
    // Threads for the candidate search (MATCH_ENGINE_THREADS); default the worker's.
    threads: { type: 'string' },
  },
});
const url = process.env.BENCH_MATCHING_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ketnoi_bench_matching';
const asOf = new Date('2026-11-29T00:00:00Z');

let inputs: { offers: OfferInput[]; demands: DemandInput[]; experts?: ExpertInput[] };
if (existsSync(values.cache!)) inputs = deserialize(readFileSync(values.cache!)) as typeof inputs;
else {
  const database = await openDatabase({ driver: 'postgres', url, poolMax: 2 });
  inputs = { offers: [], demands: [], experts: await loadExperts(database.db) };
  for await (const b of offerChanges(database.db, null, asOf, null)) inputs.offers.push(...b.upsert);
  for await (const b of demandChanges(database.db, null, asOf, null)) inputs.demands.push(...b.upsert);
  await database.close();
  writeFileSync(values.cache!, serialize(inputs));
}
if (values.offers) inputs.offers.length = Math.min(inputs.offers.length, Number(values.offers));
if (values.demands) inputs.demands.length = Math.min(inputs.demands.length, Number(values.demands));

let peak = 0;
const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
const sampler = setInterval(sample, 50);
const mb = (b: number) => Math.round(b / 2 ** 20);
const params = { ...matchingSettings().params, now: asOf.toISOString() };
const threads = Number(values.threads ?? matchingSettings().engineThreads);
const engine = createEngine({ queryThreads: threads, helperHeapMb: HELPER_HEAP_MB });
const phase = async <T>(name: string, fn: () => T | Promise<T>): Promise<T> => {
  const t = performance.now();
  const cpu = process.cpuUsage();
  const r = await fn();
  sample();
  const used = process.cpuUsage(cpu);
  // Under `node --expose-gc` (NODE_OPTIONS), also the live heap after a full collection.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const live = gc ? `, live heap ${mb(process.memoryUsage().heapUsed)} MB, array buffers ${mb(process.memoryUsage().arrayBuffers)} MB` : '';
  console.log(`${name}: ${((performance.now() - t) / 1000).toFixed(2)} s (cpu ${((used.user + used.system) / 1e6).toFixed(2)} s), rss ${mb(process.memoryUsage().rss)} MB, heap ${mb(process.memoryUsage().heapUsed)} MB${live}`);
  return r;
};
console.log(`${inputs.offers.length} offers × ${inputs.demands.length} demands, ${inputs.experts?.length ?? 0} experts, ${threads} query threads, rss ${mb(process.memoryUsage().rss)} MB`);
// Batch by batch with a turn of the event loop between them, as the engine's thread gets them (the
// index grows on shared memory, whose old blocks are freed on such a turn).
const turn = () => new Promise((resolve) => setImmediate(resolve));
await phase('index', async () => {
  for (let i = 0; i < inputs.offers.length; i += 5000) {
    engine.sync({ offers: inputs.offers.slice(i, i + 5000) });
    await turn();
  }
  for (let i = 0; i < inputs.demands.length; i += 5000) {
    engine.sync({ demands: inputs.demands.slice(i, i + 5000) });
    await turn();
  }
  engine.sync({ experts: inputs.experts ?? [] });
});
// A partial scope (the first N records of each side) times the per-query cost at full index size.
const partial = values['scope-offers'] !== undefined || values['scope-demands'] !== undefined;
const scope = partial
  ? { offerIds: inputs.offers.slice(0, Number(values['scope-offers'] ?? 0)).map((o) => o.id), demandIds: inputs.demands.slice(0, Number(values['scope-demands'] ?? 0)).map((d) => d.id) }
  : ('all' as const);
const summary = await phase('candidates', () => engine.candidates({ scope, params }));
const result = await phase('assign', () => engine.assign({ params, excluded: [], usedByDemand: [], usedByOffer: [], expertLoad: [] }));
// A digest of the proposals in write order (pairs, scores to 1e-9, reasons, experts), to check that a change
// keeps results; explained in the run's chunks of 1,000.
const digest = createHash('sha256');
await phase('explain', () => {
  for (let from = 0; from < result.selected; from += 1_000) {
    for (const p of engine.proposals({ from, to: from + 1_000 }).proposals) digest.update(`${p.offerId}:${p.demandId}:${p.score.toFixed(9)}:${p.reasons.map((r) => r.vi).join('|')}:${p.experts.map((e) => e.expertId).join(',')}\n`);
  }
});
clearInterval(sampler);
console.log(`queries ${JSON.stringify(summary.queries ?? 'on one thread')}`);
console.log(`candidates ${summary.candidates}, proposals ${result.selected}, peak rss ${mb(peak)} MB, digest ${digest.digest('hex').slice(0, 16)}`);

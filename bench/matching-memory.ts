// Where a full national matching run's memory goes, over time: the process's RSS, the main
// thread's heap and the engine thread's heap, sampled every second through the same code the
// worker runs (database load, engine thread, chunked explanations and writes). Needs the speed
// bench's database (npm run bench:matching-speed -- --seed-only).
//   npx tsx bench/matching-memory.ts [--every 1000] [--heap-mb 768] [--threads N]
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createThreadEngine } from '../src/modules/matching/engine/host.js';
import { matchingSettings } from '../src/modules/matching/params.js';
import { createRunExecutor, createRunService } from '../src/modules/matching/runs.service.js';

const { values } = parseArgs({ options: { every: { type: 'string', default: '1000' }, 'heap-mb': { type: 'string' }, threads: { type: 'string' } } });
const url = process.env.BENCH_MATCHING_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ketnoi_bench_matching';
const database = await openDatabase({ driver: 'postgres', url, poolMax: 4, applicationName: 'ketnoi-bench-matching-memory' });
await database.db.execute(sql`DELETE FROM proposals`);
await database.db.execute(sql`DELETE FROM match_runs`);
const settings = matchingSettings();
const deps = { database, params: settings.params, proposalTtlDays: settings.proposalTtlDays };
// The worker's default bound (MATCH_ENGINE_HEAP_MB), or --heap-mb.
const engine = createThreadEngine({ heapMb: Number(values['heap-mb'] ?? settings.engineHeapMb), threads: values.threads ? Number(values.threads) : settings.engineThreads });
const executor = createRunExecutor({ ...deps, engine });
const mb = (b: number) => Math.round(b / 2 ** 20);
let peak = 0;
const t0 = performance.now();
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peak = Math.max(peak, m.rss);
  void engine.memory().then(
    (e) => process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(0).padStart(4)} s  rss ${mb(m.rss)}  main heap ${mb(m.heapUsed)}/${mb(m.heapTotal)} ab ${mb(m.arrayBuffers)}  engine heap ${e.heapUsedMb}/${e.heapTotalMb} ab ${e.arrayBuffersMb} MB\n`),
    () => {},
  );
}, Number(values.every));
const row = await createRunService(deps).create({ kind: 'on_demand', scope: { kind: 'all' } });
const done = await executor.execute(row.id, createLogger('warn'));
clearInterval(sampler);
process.stdout.write(`done in ${((performance.now() - t0) / 1000).toFixed(1)} s, peak RSS ${mb(peak)} MB, ${JSON.stringify(done.counts)} ${JSON.stringify(done.timings)}\n`);
await executor.close();
await database.close();

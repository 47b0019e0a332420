// The matcher at national scale, through the same code the worker runs (database loading, the
// engine in a worker thread, scoring, assignment, experts, checkpointed writes):
//   1. a full run over every published offer and demand (time and peak RSS of the process);
//   2. an incremental run after N changed records, on the warm engine;
//   3. new demands, one at a time, each matched against every offer (median of --singles runs).
//   npm run bench:matching-speed [-- --offers 100000 --demands 20000 --changes 1000 --seed 42]
// BENCH_MATCHING_DATABASE_URL (default ketnoi_bench_matching; created and seeded when needed) points
// at PostgreSQL. --offers counts published offers (about 1/0.86 as many are seeded).
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, queryRows } from '../src/db/client.js';
import { createLogger } from '../src/logger.js';
import { createThreadEngine } from '../src/modules/matching/engine/host.js';
import { matchingSettings } from '../src/modules/matching/params.js';
import { createRunExecutor, createRunService, type RunRow } from '../src/modules/matching/runs.service.js';
import { ensureDatabase, seedRegistry } from './seed-registry.js';

const { values } = parseArgs({
  options: {
    offers: { type: 'string', default: '100000' },
    demands: { type: 'string', default: '20000' },
    changes: { type: 'string', default: '1000' },
    // Expert profiles suggested with every proposal (the programme has 374).
    experts: { type: 'string', default: '400' },
    seed: { type: 'string', default: '42' },
    'seed-only': { type: 'boolean', default: false },
    // Keep the proposals of the last full run and measure only the warm incremental and single-demand runs.
    'skip-full': { type: 'boolean', default: false },
    // Threads for the candidate search (MATCH_ENGINE_THREADS); default the worker's.
    threads: { type: 'string' },
    // New demands matched one at a time after the incremental run (each a separate run).
    singles: { type: 'string', default: '5' },
  },
});
const opts = { offers: Number(values.offers), demands: Number(values.demands), changes: Number(values.changes), experts: Number(values.experts), seed: Number(values.seed) };
const databaseUrl = process.env.BENCH_MATCHING_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ketnoi_bench_matching';
/** The seeder publishes about 86 % of its offers: seed enough that `--offers` of them are published. */
const PUBLISHED_SHARE = 0.86;
const out = (line: string) => process.stdout.write(`${line}\n`);

await ensureDatabase(databaseUrl);
{
  // Proposals and demands refer to the offers and organisations that a reseed replaces.
  const pre = await openDatabase({ driver: 'postgres', url: databaseUrl, poolMax: 1 });
  const [seeded] = await queryRows<{ n: number }>(pre.db, sql`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'proposals'`).catch(() => [{ n: 0 }]);
  if (seeded?.n) {
    const [have] = await queryRows<{ n: number }>(pre.db, sql`SELECT count(*)::int AS n FROM offers WHERE source_system = 'bench'`);
    if (have?.n !== Math.ceil(opts.offers / PUBLISHED_SHARE)) {
      await pre.db.execute(sql`DELETE FROM proposals`);
      await pre.db.execute(sql`DELETE FROM match_runs`);
      await pre.db.execute(sql`DELETE FROM demands WHERE source_system = 'bench'`);
    }
  }
  await pre.close();
}
const seedOffers = Math.ceil(opts.offers / PUBLISHED_SHARE);
await seedRegistry(databaseUrl, { offers: seedOffers, organizations: 2_000, seed: opts.seed }, out);
const database = await openDatabase({ driver: 'postgres', url: databaseUrl, poolMax: 4, applicationName: 'ketnoi-bench-matching' });
const { db } = database;

// Demands written from the offers' own texts (as an enterprise would describe the need), so that
// the candidate sets are realistic: each demand has offers that truly fit and many that share words.
const [{ n: existing } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM demands WHERE source_system = 'bench'`);
if (existing < opts.demands) {
  const started = Date.now();
  await db.execute(sql`
    INSERT INTO demands (source_system, source_ref, province, current_province, language, content_hash, search_vector, title_vector,
      status, valid_until, published_at, organization_id, title, problem, fields, keywords, min_trl, deal_types, transfer_methods,
      origin_preference, budget_min, budget_max, funding_sources, urgency)
    SELECT 'bench', 'demand-' || (${existing} + row_number() OVER ()), o.province, o.current_province, o.language, md5(o.id::text), o.search_vector, o.title_vector,
      'published', o.valid_until, now(), o.organization_id, o.title, o.summary, o.fields[1:1], o.keywords[1:3], greatest(1, o.trl - 2),
      '{}', '{}', 'any', o.price_min, CASE WHEN o.price_max IS NULL THEN NULL ELSE o.price_max * 2 END, '{own_funds}', 'medium'
    FROM (SELECT * FROM offers WHERE source_system = 'bench' ORDER BY md5(id::text) LIMIT ${opts.demands - existing}) o`);
  out(`seeded ${opts.demands - existing} demands in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}
// Experts drawn from the offers' fields and keywords, with the programme's mix of roles, languages
// (a quarter also speak Korean) and meeting limits, each affiliated with an offering organisation.
const [{ n: haveExperts } = { n: 0 }] = await queryRows<{ n: number }>(db, sql`SELECT count(*)::int AS n FROM experts WHERE source_system = 'bench'`);
if (haveExperts < opts.experts) {
  await db.execute(sql`
    INSERT INTO experts (source_system, source_ref, province, current_province, language, content_hash, search_vector, title_vector,
      full_name, affiliation_id, bio, fields, keywords, roles, languages, max_meetings_per_event)
    SELECT 'bench', 'expert-' || (${haveExperts} + row_number() OVER ()), o.province, o.current_province, 'vi', md5('expert' || o.id::text), o.search_vector, o.title_vector,
      'Chuyên gia ' || (${haveExperts} + row_number() OVER ()), o.organization_id, jsonb_build_object('vi', o.summary->>'vi'), o.fields, o.keywords[1:3],
      (ARRAY['{technical_assessor}', '{sector_specialist}', '{transfer_consultant}', '{sector_specialist,interpreter}'])[1 + abs(hashtext(o.id::text)) % 4]::text[],
      CASE WHEN abs(hashtext(o.id::text || 'ko')) % 4 = 0
        THEN '[{"code":"vi","level":"native"},{"code":"en","level":"working"},{"code":"ko","level":"fluent"}]'::jsonb
        ELSE '[{"code":"vi","level":"native"},{"code":"en","level":"working"}]'::jsonb END,
      10 + abs(hashtext(o.id::text || 'max')) % 21
    FROM (SELECT * FROM offers WHERE source_system = 'bench' ORDER BY md5(id::text || 'expert') LIMIT ${opts.experts - haveExperts}) o`);
  out(`seeded ${opts.experts - haveExperts} experts`);
}
// Fresh statistics, as autovacuum would have them on a live database: without them the loader's
// keyset batches get a plan that sorts every published offer for each batch.
// As the tables' owner: the application role may not analyse them (PostgreSQL only warns and skips).
await database.asOwner(async (owner) => {
  for (const table of ['offers', 'demands', 'organizations', 'experts']) await owner.execute(sql.raw(`ANALYZE ${table}`));
});
if (values['seed-only']) {
  await database.close();
  process.exit(0);
}
const skipFull = values['skip-full'] === true;
if (!skipFull) {
  await db.execute(sql`DELETE FROM proposals`);
  await db.execute(sql`DELETE FROM match_runs`);
}
const [counts] = await queryRows<{ offers: number; demands: number }>(db, sql`SELECT (SELECT count(*)::int FROM offers WHERE status = 'published') AS offers, (SELECT count(*)::int FROM demands WHERE status = 'published') AS demands`);
out(`published: ${counts?.offers} offers, ${counts?.demands} demands`);

const settings = matchingSettings();
const deps = { database, params: settings.params, proposalTtlDays: settings.proposalTtlDays };
const runs = createRunService(deps);
const executor = createRunExecutor({ ...deps, engine: createThreadEngine({ heapMb: settings.engineHeapMb, threads: values.threads ? Number(values.threads) : settings.engineThreads }) });
const log = createLogger('warn');

let peakRss = 0;
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
const timed = async (kind: RunRow['kind'], scope: RunRow['scope']) => {
  peakRss = process.memoryUsage().rss;
  const row = await runs.create({ kind, scope });
  const started = performance.now();
  const done = await executor.execute(row.id, log);
  return { seconds: (performance.now() - started) / 1000, peakRssMb: Math.round(peakRss / 2 ** 20), counts: done.counts, timings: done.timings };
};

// With --skip-full, a run over no changes warms the engine (loads every record) and sets the watermark.
const full = skipFull ? await timed('changes', { kind: 'changed', since: new Date().toISOString() }) : await timed('on_demand', { kind: 'all' });
out(`${skipFull ? 'warm-up (load only)' : 'full run'}: ${full.seconds.toFixed(1)} s, peak RSS ${full.peakRssMb} MB, ${JSON.stringify(full.counts)} ${JSON.stringify(full.timings)}`);

// The bench machine's PostgreSQL runs without autovacuum (CI's does too); a served database has it.
// Every full run rewrites ~100,000 proposals (and their statistics facts), so the dead rows of earlier runs are cleared here, as
// autovacuum would, once, before the warm runs (which then read proposals as a served database's
// runs do all day: vacuuming right before a run would leave its pages cold).
// VACUUM needs the tables' owner: the bench connects as it, not through the application's role.
const maintain = async () => {
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    // Proposals, and what their triggers write (stats_facts, stats_summary): the whole database.
    await admin.query('VACUUM (ANALYZE)');
  } finally {
    await admin.end();
  }
};
await maintain();

// N changed records, half offers and half demands: a keyword added, as a portal's edit would.
await db.execute(sql`UPDATE offers SET keywords = array_append(keywords, 'cập nhật'), updated_at = now() WHERE id IN (SELECT id FROM offers WHERE status = 'published' ORDER BY md5(id::text || 'x') LIMIT ${Math.ceil(opts.changes / 2)})`);
await db.execute(sql`UPDATE demands SET keywords = array_append(keywords, 'cập nhật'), updated_at = now() WHERE id IN (SELECT id FROM demands WHERE status = 'published' ORDER BY md5(id::text || 'x') LIMIT ${Math.floor(opts.changes / 2)})`);
const incremental = await timed('changes', { kind: 'changed', since: null });
out(`incremental run after ${opts.changes} changes: ${incremental.seconds.toFixed(2)} s ${JSON.stringify(incremental.counts)} ${JSON.stringify(incremental.timings)}`);

// Each a demand written from a different offer's text, as a portal would publish it, then matched
// alone: the first comes right after the incremental run, the others a few seconds apart.
const singles: Awaited<ReturnType<typeof timed>>[] = [];
for (let i = 0; i < Number(values.singles); i++) {
  const [fresh] = await queryRows<{ id: string }>(db, sql`
    INSERT INTO demands (source_system, source_ref, province, current_province, language, content_hash, search_vector, title_vector, status, valid_until, published_at,
      organization_id, title, problem, fields, keywords, min_trl, origin_preference, urgency)
    SELECT 'bench', 'demand-new-' || extract(epoch from now())::bigint || '-' || ${i}, province, current_province, language, md5(random()::text), search_vector, title_vector, 'published', valid_until, now(),
      organization_id, title, summary, fields[1:1], keywords[1:3], 4, 'any', 'high'
    FROM offers WHERE status = 'published' ORDER BY md5(id::text || 'new' || ${i}) LIMIT 1 RETURNING id`);
  const one = await timed('on_demand', { kind: 'records', offerIds: [], demandIds: [fresh!.id] });
  singles.push(one);
  out(`one new demand against ${counts?.offers} offers: ${(one.seconds * 1000).toFixed(0)} ms (load ${one.timings.loadMs}, score ${one.timings.scoreMs}, write ${one.timings.writeMs} ms) ${JSON.stringify(one.counts)}`);
}
const singleMs = singles.map((r) => Math.round(r.seconds * 1000));
const medianMs = [...singleMs].sort((a, b) => a - b)[Math.floor(singleMs.length / 2)];
out(`one new demand: median ${medianMs} ms of ${singleMs.join(', ')} ms`);
const single = { medianMs, ms: singleMs, runs: singles };

clearInterval(sampler);
await executor.close();
await database.close();
const result = { date: new Date().toISOString(), settings: { ...opts, params: settings.params, machine: '2 cores' }, published: counts, full, incremental, single };
const file = skipFull ? './results/matching-speed-incremental.json' : './results/matching-speed.json';
writeFileSync(new URL(file, import.meta.url), `${JSON.stringify({ ...result, [skipFull ? 'warmup' : 'full']: full, ...(skipFull && { full: undefined }) }, null, 2)}\n`);
out(`wrote bench/${file.slice(2)}`);

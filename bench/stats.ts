// GET /v1/stats over five years of national data, over HTTP against the real API process:
//   100,000 offers, 20,000 demands, 10,000 organisations, 3,000 experts, 60,000 proposals,
//   60 events with 36,000 participants and 50,000 meetings, 5,000 outcomes; provinces filed under
//   the 63 pre-2025 units before 1 July 2025 and under the 34 current ones after.
//   npm run bench:stats [-- --runs 15 --warmup 2 --fresh --cpu --verify]
// GET /v1/stats reads the statistics layer (migration 0015: facts and monthly sums kept by triggers);
// --verify also checks, on this data set, that the layer's figures equal the reference query's
// (straight from the records) for a set of groupings, date ranges and scopes.
// BENCH_STATS_DATABASE_URL (default ketnoi_bench_stats; created and seeded when needed) and
// REDIS_URL point at the services. Seeding is plain SQL (generate_series), deterministic, about a minute.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { readFileSync, writeFileSync } from 'node:fs';
import { PgDialect } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { openDatabase, queryRows, type Database } from '../src/db/client.js';
import { migrateDatabase } from '../src/db/migrate.js';
import { createAccessService } from '../src/modules/access/access.service.js';
import { directStatsQuery, statsQuery, type Dimension, type StatsQuery, type StatsRow } from '../src/modules/stats/stats.repository.js';
import { ensureDatabase } from './seed-registry.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '2' },
    fresh: { type: 'boolean', default: false },
    port: { type: 'string', default: '3917' },
    // Also the PostgreSQL backend's own CPU time per statement (read from /proc; PostgreSQL on this host), which load on the machine barely changes.
    cpu: { type: 'boolean', default: false },
    'skip-http': { type: 'boolean', default: false },
    verify: { type: 'boolean', default: false },
  },
});
const RUNS = Number(values.runs);
const WARMUP = Number(values.warmup);
const databaseUrl = process.env.BENCH_STATS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ketnoi_bench_stats';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const out = (line: string) => process.stdout.write(`${line}\n`);
const SIZES = { organizations: 10_000, offers: 100_000, demands: 20_000, experts: 3_000, proposals: 60_000, events: 60, participantsPerSide: 300, meetings: 50_000, outcomes: 5_000 };

/** A deterministic pseudo-random integer in [0, n) from a label and a row number. */
const h = (label: string, n: number | string) => sql.raw(`(abs(hashtext('${label}' || g::text)) % ${n})`);
/** Five years up to 2026-11-28. */
const day = (label: string) => sql`(timestamptz '2021-11-29 09:00+07' + ${h(label, 1826)} * interval '1 day')`;

async function seed(database: Database) {
  await database.asOwner(async (db) => {
    const run = async (what: string, statement: ReturnType<typeof sql>) => {
      const started = Date.now();
      await db.execute(statement);
      out(`  ${what} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    };
    // Province codes: a record filed before the merger uses one of the 63 units, after it one of the 34.
    const provinceAt = (at: ReturnType<typeof sql>, label: string) => sql`
      CASE WHEN ${at} < timestamptz '2025-07-01 00:00+07'
        THEN (SELECT c[1 + ${h(label, 'cardinality(c)')}] FROM (SELECT array_agg(code ORDER BY code) c FROM provinces WHERE scheme = '2008') x)
        ELSE (SELECT c[1 + ${h(label, 'cardinality(c)')}] FROM (SELECT array_agg(code ORDER BY code) c FROM provinces WHERE scheme = '2025') x) END`;
    const currentOf = (code: ReturnType<typeof sql>) => sql`coalesce((SELECT coalesce(p.successor_code, p.code) FROM provinces p WHERE p.scheme = '2025' AND p.code = ${code}), (SELECT p.successor_code FROM provinces p WHERE p.scheme = '2008' AND p.code = ${code}))`;
    const point = (label: string) => sql`CASE WHEN ${h(label, 10)} < 6 THEN 'dkn-' || lpad((1 + ${h(label + 'n', 14)})::text, 2, '0') END`;
    const leaf = (label: string) => sql`(SELECT c[1 + ${h(label, 'cardinality(c)')}] FROM (SELECT array_agg(code ORDER BY code) c FROM technology_fields WHERE depth > 0) x)`;
    const registry = sql.raw(`''::tsvector, ''::tsvector, md5(g::text), 'vi'`);

    await run(
      `${SIZES.organizations} organisations`,
      sql`INSERT INTO organizations (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, kind, name, country)
        SELECT at, at, ${point('oc')}, 'bs-org-' || g, pr, ${currentOf(sql`pr`)}, ${registry},
          CASE WHEN g % 2 = 1 THEN (ARRAY['university', 'research_institute', 'enterprise'])[1 + g % 3] ELSE 'enterprise' END, jsonb_build_object('vi', 'Tổ chức ' || g), 'VN'
        FROM generate_series(1, ${SIZES.organizations}) g, LATERAL (SELECT ${day('od')} - interval '200 days' AS at) t, LATERAL (SELECT ${provinceAt(sql`t.at`, 'op')} AS pr) p`,
    );
    // Odd organisations supply, even ones demand. Lookups by source_ref are hash joins (ANALYZE first).
    await db.execute(sql`ANALYZE organizations`);
    await run(
      `${SIZES.offers} offers`,
      sql`INSERT INTO offers (created_at, updated_at, archived_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, status, valid_until, organization_id, title, summary, fields, trl, regulatory_class)
        SELECT at, at, CASE WHEN g % 20 = 0 THEN at + interval '200 days' END, ${point('fc')}, 'bs-off-' || g, o.province, o.current_province, ${registry},
          'published', (at + interval '1 year')::date, o.id, jsonb_build_object('vi', 'Công nghệ ' || g), jsonb_build_object('vi', 'Tóm tắt'), ARRAY[${leaf('f1')}, ${leaf('f2')}], 1 + g % 9, 'normal'
        FROM generate_series(1, ${SIZES.offers}) g CROSS JOIN LATERAL (SELECT ${day('fd')} AS at) t
        JOIN organizations o ON o.source_ref = 'bs-org-' || (2 * ${h('fo', SIZES.organizations / 2)} + 1)`,
    );
    await run(
      `${SIZES.demands} demands`,
      sql`INSERT INTO demands (created_at, updated_at, archived_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, status, valid_until, organization_id, title, problem, fields, origin_preference, urgency)
        SELECT at, at, CASE WHEN g % 20 = 0 THEN at + interval '200 days' END, ${point('dc')}, 'bs-dem-' || g, o.province, o.current_province, ${registry},
          'published', (at + interval '1 year')::date, o.id, jsonb_build_object('vi', 'Nhu cầu ' || g), jsonb_build_object('vi', 'Vấn đề'), ARRAY[${leaf('d1')}], 'any', 'medium'
        FROM generate_series(1, ${SIZES.demands}) g CROSS JOIN LATERAL (SELECT ${day('dd')} AS at) t
        JOIN organizations o ON o.source_ref = 'bs-org-' || (2 * ${h('do', SIZES.organizations / 2)} + 2)`,
    );
    await run(
      `${SIZES.experts} experts`,
      sql`INSERT INTO experts (created_at, updated_at, source_system, source_ref, province, current_province, search_vector, title_vector, content_hash, language, full_name, fields, max_meetings_per_event)
        SELECT at, at, ${point('xc')}, 'bs-exp-' || g, pr, ${currentOf(sql`pr`)}, ${registry}, 'Chuyên gia ' || g, ARRAY[${leaf('x1')}], 10
        FROM generate_series(1, ${SIZES.experts}) g, LATERAL (SELECT ${day('xd')} AS at) t, LATERAL (SELECT ${provinceAt(sql`t.at`, 'xp')} AS pr) p`,
    );
    await db.execute(sql`ANALYZE offers`);
    await db.execute(sql`ANALYZE demands`);
    await run(
      `${SIZES.proposals} proposals`,
      sql`WITH run AS (INSERT INTO match_runs (kind, scope, status, algorithm_version, params, as_of, client_name) VALUES ('nightly', '{"kind":"all"}', 'succeeded', 'bench', '{}', now(), 'bench') RETURNING id)
        INSERT INTO proposals (offer_id, demand_id, supply_province, demand_province, status, score, demand_fit, supply_fit, breakdown, reasons, experts, algorithm_version, run_id, expires_at, created_at, updated_at, supply_decision, demand_decision)
        SELECT o.id, d.id, o.current_province, d.current_province, CASE WHEN acc THEN 'mutually_accepted' ELSE (ARRAY['proposed', 'expired', 'declined'])[1 + g % 3] END,
          0.7, 0.7, 0.7, '[]', '[]', '[]', 'bench', run.id, at + interval '30 days', at, at,
          CASE WHEN acc THEN jsonb_build_object('decision', 'accept', 'at', at + interval '3 days', 'clientName', 'bench') END,
          CASE WHEN acc THEN jsonb_build_object('decision', 'accept', 'at', at + interval '5 days', 'clientName', 'bench') END
        FROM generate_series(1, ${SIZES.proposals}) g CROSS JOIN run
          JOIN offers o ON o.source_ref = 'bs-off-' || (1 + ${h('po', SIZES.offers)})
          JOIN demands d ON d.source_ref = 'bs-dem-' || (1 + ${h('pd', SIZES.demands)})
          CROSS JOIN LATERAL (SELECT greatest(o.created_at, d.created_at) + ${h('pt', 30)} * interval '1 day' AS at, ${h('pa', 100)} < 35 AS acc) t
        ON CONFLICT DO NOTHING`,
    );
    await run(
      `${SIZES.events} events with a session each`,
      sql`WITH ev AS (
          INSERT INTO events (id, created_at, updated_at, name, kind, province, current_province, mode, time_zone, status)
          SELECT md5('ev-' || g)::uuid, at, at, jsonb_build_object('vi', 'Techconnect ' || g), 'techconnect', pr, ${currentOf(sql`pr`)}, 'hybrid', 'Asia/Ho_Chi_Minh', 'closed'
          FROM generate_series(0, ${SIZES.events - 1}) g, LATERAL (SELECT timestamptz '2021-12-15 08:00+07' + g * interval '30 days' AS at) t, LATERAL (SELECT ${provinceAt(sql`t.at`, 'ep')} AS pr) p
          RETURNING id, created_at)
        INSERT INTO event_sessions (id, event_id, starts_at, slot_minutes, buffer_minutes, slot_count) SELECT md5('se-' || id)::uuid, id, created_at, 20, 0, 40 FROM ev`,
    );
    await run(
      `${SIZES.events * SIZES.participantsPerSide * 2} participants`,
      sql`INSERT INTO event_participants (id, event_id, side, organization_id, subject_id, current_province, attendance)
        SELECT md5('pa-' || e || '-' || side || '-' || i)::uuid, md5('ev-' || e)::uuid, side, o.id, o.id, o.current_province, 'onsite'
        FROM generate_series(0, ${SIZES.events - 1}) e CROSS JOIN generate_series(0, ${SIZES.participantsPerSide - 1}) i CROSS JOIN (VALUES ('supply'), ('demand')) s(side)
        JOIN organizations o ON o.source_ref = 'bs-org-' || (2 * ((e * 37 + i * 13) % ${SIZES.organizations / 2}) + CASE WHEN side = 'supply' THEN 1 ELSE 2 END)`,
    );
    // Meeting k: event k % 60; within it the pair (supply s, demand (s + 1 + t) % 300), unique per event.
    await run(
      `${SIZES.meetings} requests and meetings`,
      sql`WITH k AS (
          SELECT g, g % ${SIZES.events} AS e, (g / ${SIZES.events}) % ${SIZES.participantsPerSide} AS s, (g / ${SIZES.events}) / ${SIZES.participantsPerSide} AS t, g / ${SIZES.events} AS q
          FROM generate_series(0, ${SIZES.meetings - 1}) g),
        ids AS (
          SELECT g, e, q, md5('ev-' || e)::uuid AS ev, md5('pa-' || e || '-demand-' || ((s + 1 + t) % ${SIZES.participantsPerSide}))::uuid AS dem, md5('pa-' || e || '-supply-' || s)::uuid AS sup FROM k),
        pa AS (SELECT array_agg(id ORDER BY id) AS a FROM proposals),
        rq AS (
          INSERT INTO event_requests (id, event_id, source, proposal_id, requester_id, other_id, pair_key, status, priority)
          SELECT md5('rq-' || g)::uuid, ev, CASE WHEN g % 5 < 2 THEN 'proposal' ELSE 'ad_hoc' END,
            CASE WHEN g % 5 < 2 THEN pa.a[1 + ${h('rp', 'cardinality(pa.a)')}] END,
            dem, sup, least(dem::text, sup::text) || ':' || greatest(dem::text, sup::text), 'accepted', 1 FROM ids CROSS JOIN pa
          RETURNING id)
        INSERT INTO event_meetings (id, event_id, request_id, session_id, slot, slot_in_session, starts_at, ends_at, mode, participant_ids, status)
        SELECT md5('m-' || g)::uuid, ev, md5('rq-' || g)::uuid, md5('se-' || ev)::uuid, q % 40, q % 40,
          s.starts_at + (q % 40) * interval '20 minutes', s.starts_at + (q % 40 + 1) * interval '20 minutes', 'onsite', ARRAY[dem, sup],
          CASE WHEN g % 20 < 14 THEN 'held' WHEN g % 20 < 16 THEN 'no_show' WHEN g % 20 < 19 THEN 'confirmed' ELSE 'cancelled' END
        FROM ids JOIN event_sessions s ON s.event_id = ids.ev`,
    );
    await run(
      `${SIZES.outcomes} outcomes`,
      sql`INSERT INTO outcomes (meeting_id, event_id, supply_organization_id, demand_organization_id, supply_province, supply_current_province, demand_province, demand_current_province,
          fields, connection_point, stage, stage_date, furthest_stage, mou_on, contract_on, value_vnd, reported_by_name, created_at, updated_at)
        SELECT m.id, m.event_id, so.id, dorg.id, so.province, so.current_province, dorg.province, dorg.current_province, ARRAY[${leaf('of')}], ${point('oc')},
          st, coalesce(contract, mou, (m.starts_at + interval '30 days')::date), st, mou, contract,
          CASE WHEN contract IS NOT NULL THEN 100000000 + ${h('ov', 4900)}::bigint * 1000000 END, 'bench', m.starts_at + interval '30 days', m.starts_at + interval '30 days'
        FROM (SELECT row_number() OVER (ORDER BY id) AS g, * FROM event_meetings WHERE status = 'held' ORDER BY id LIMIT ${SIZES.outcomes}) m
          JOIN event_participants dp ON dp.id = m.participant_ids[1] JOIN organizations dorg ON dorg.id = dp.organization_id
          JOIN event_participants sp ON sp.id = m.participant_ids[2] JOIN organizations so ON so.id = sp.organization_id
          CROSS JOIN LATERAL (SELECT (ARRAY['follow_up', 'nda', 'mou', 'mou', 'contract_signed', 'contract_registered', 'implemented'])[1 + ${h('os', 7)}] AS st) a
          CROSS JOIN LATERAL (SELECT CASE WHEN st IN ('mou', 'contract_signed', 'contract_registered', 'implemented') THEN (m.starts_at + interval '60 days')::date END AS mou,
                          CASE WHEN st IN ('contract_signed', 'contract_registered', 'implemented') THEN (m.starts_at + interval '150 days')::date END AS contract) b`,
    );
    for (const table of ['organizations', 'offers', 'demands', 'experts', 'proposals', 'events', 'event_participants', 'event_requests', 'event_meetings', 'outcomes']) {
      await db.execute(sql.raw(`VACUUM (ANALYZE) ${table}`));
    }
  });
}

async function prepare(): Promise<{ ministry: string; portal: string; counts: Record<string, number> }> {
  await ensureDatabase(databaseUrl, values.fresh);
  const database = await openDatabase({ driver: 'postgres', url: databaseUrl, poolMax: 2, applicationName: 'ketnoi-bench-stats' });
  try {
    await migrateDatabase(database);
    const [have] = await queryRows<{ n: number }>(database.db, sql`SELECT count(*)::int AS n FROM offers WHERE source_ref LIKE 'bs-off-%'`);
    if (have?.n !== SIZES.offers) {
      if ((have?.n ?? 0) > 0) throw new Error('the bench database holds a partial data set: rerun with --fresh');
      out('seed: five years of national data');
      const started = Date.now();
      await seed(database);
      out(`seed: done in ${((Date.now() - started) / 1000).toFixed(1)} s (the statistics layer's triggers included)`);
      // The triggers appended the monthly sums' deltas; the first statistics read would fold them.
      const folding = Date.now();
      const [folded] = await database.asOwner(async (db) => queryRows<{ n: string }>(db, sql`SELECT ketnoi_stats_compact(1) AS n`));
      out(`seed: ${folded?.n ?? 0} monthly-sum deltas folded in ${((Date.now() - folding) / 1000).toFixed(1)} s`);
    } else {
      out('seed: data set already present');
    }
    const counts: Record<string, number> = {};
    for (const table of ['organizations', 'offers', 'demands', 'experts', 'proposals', 'events', 'event_participants', 'event_meetings', 'outcomes']) {
      const [row] = await queryRows<{ n: number }>(database.db, sql.raw(`SELECT count(*)::int AS n FROM ${table}`));
      counts[table] = row?.n ?? 0;
    }
    const access = createAccessService({ db: database.db });
    const ministry = (await access.createClient({ name: 'bench ministry', role: 'ministry', provinces: [] })).secret;
    const portal = (await access.createClient({ name: 'bench portal', role: 'portal', provinces: ['79'] })).secret;
    return { ministry, portal, counts };
  } finally {
    await database.close();
  }
}

function startApi(port: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    env: { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl, PORT: port, HOST: '127.0.0.1', LOG_LEVEL: 'warn', QUEUE_PREFIX: `ketnoi-bench-stats-${process.pid}`, REQUEST_TIMEOUT_MS: '120000' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return child;
}

async function waitReady(base: string) {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/health/ready`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API never became ready');
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;

const { ministry, portal, counts } = await prepare();
out(`data: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}`);
const port = values.port as string;
const base = `http://127.0.0.1:${port}`;
const api = values['skip-http'] ? undefined : startApi(port);
const results: { name: string; query: string; caller: string; rows: number; loadAverage: number; medianMs: number; p95Ms: number; minMs: number; maxMs: number }[] = [];
try {
  if (api) await waitReady(base);
  const cases: [string, string, string][] = [
    ['national totals', '', ministry],
    ['by province (current)', 'groupBy=province', ministry],
    ['by province (as recorded)', 'groupBy=province&provinceMode=recorded', ministry],
    ['by field', 'groupBy=field', ministry],
    ['by month', 'groupBy=period&period=month', ministry],
    ['by quarter', 'groupBy=period&period=quarter', ministry],
    ['by event', 'groupBy=event', ministry],
    ['by connection point', 'groupBy=connectionPoint', ministry],
    ['by province and year', 'groupBy=province,period&period=year', ministry],
    ['portal 79: own province and national, by quarter', 'groupBy=province,period&period=quarter', portal],
    ['by province and year, XLSX', 'groupBy=province,period&period=year&format=xlsx', ministry],
  ];
  for (const [name, query, key] of api ? cases : []) {
    const load = loadavg()[0] as number;
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const started = performance.now();
      const res = await fetch(`${base}/v1/stats?${query}`, { headers: { authorization: `Bearer ${key}` } });
      const body = query.includes('xlsx') ? await res.arrayBuffer() : await res.json();
      const ms = performance.now() - started;
      if (!res.ok) throw new Error(`${name}: ${res.status} ${JSON.stringify(body)}`);
      if (!query.includes('xlsx')) rows = (body as { rows: unknown[] }).rows.length;
      if (i >= WARMUP) times.push(ms);
    }
    times.sort((a, b) => a - b);
    const r = { name, query, caller: key === portal ? 'portal 79' : 'ministry', rows, loadAverage: Math.round(load * 10) / 10, medianMs: Math.round(quantile(times, 0.5)), p95Ms: Math.round(quantile(times, 0.95)), minMs: Math.round(times[0] as number), maxMs: Math.round(times[times.length - 1] as number) };
    results.push(r);
    out(`${name.padEnd(50)} median ${String(r.medianMs).padStart(5)} ms  p95 ${String(r.p95Ms).padStart(5)} ms  (${rows} rows; load average ${r.loadAverage})`);
  }
} finally {
  api?.kill('SIGTERM');
}
/**
 * CPU time of the PostgreSQL backend per statement, serial (no parallel workers), as the ministry
 * under row-level security with the statement's own settings: the work a statement costs, which
 * the load of other processes on the machine barely changes (wall times above do change).
 */
async function backendCpu(): Promise<{ name: string; cpuMs: number }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const out: { name: string; cpuMs: number }[] = [];
  try {
    const pid = (await client.query<{ p: number }>('SELECT pg_backend_pid() AS p')).rows[0]?.p;
    const cpu = () => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms: utime + stime
    };
    await client.query("SELECT set_config('role', 'ketnoi_app', false), set_config('ketnoi.role', 'ministry', false)");
    await client.query('SET max_parallel_workers_per_gather = 0');
    const cases: [string, Dimension[], 'current' | 'recorded', 'year' | 'quarter' | 'month'][] = [
      ['national totals', [], 'current', 'year'],
      ['by province (current)', ['province'], 'current', 'year'],
      ['by province (as recorded)', ['province'], 'recorded', 'year'],
      ['by field', ['field'], 'current', 'year'],
      ['by month', ['period'], 'current', 'month'],
      ['by quarter', ['period'], 'current', 'quarter'],
      ['by event', ['event'], 'current', 'year'],
      ['by connection point', ['connectionPoint'], 'current', 'year'],
      ['by province and year', ['province', 'period'], 'current', 'year'],
    ];
    for (const [name, groupBy, provinceMode, period] of cases) {
      const national = groupBy.includes('province') ? groupBy.filter((d) => d !== 'province') : undefined;
      const { sql: text, params } = new PgDialect().sqlToQuery(statsQuery({ groupBy, provinceMode, period }, national));
      const spent: number[] = [];
      for (let i = 0; i < 6; i++) {
        await client.query('BEGIN');
        await client.query("SET LOCAL work_mem = '64MB'");
        const before = cpu();
        await client.query(text, params);
        if (i > 0) spent.push(cpu() - before);
        await client.query('COMMIT');
      }
      spent.sort((a, b) => a - b);
      out.push({ name, cpuMs: quantile(spent, 0.5) });
      process.stdout.write(`${name.padEnd(50)} PostgreSQL CPU ${quantile(spent, 0.5)} ms (median of ${spent.length})\n`);
    }
  } finally {
    await client.end();
  }
  return out;
}
/** The layer's figures against the reference query's, as the ministry under row-level security. */
async function verify(): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let failures = 0;
  try {
    await client.query("SELECT set_config('role', 'ketnoi_app', false), set_config('ketnoi.role', 'ministry', false)");
    await client.query("SET work_mem = '64MB'");
    const cases: StatsQuery[] = [
      { groupBy: [], provinceMode: 'current', period: 'year' },
      { groupBy: ['province'], provinceMode: 'current', period: 'year' },
      { groupBy: ['province'], provinceMode: 'recorded', period: 'year' },
      { groupBy: ['field'], provinceMode: 'current', period: 'year' },
      { groupBy: ['period'], provinceMode: 'current', period: 'month' },
      { groupBy: ['event'], provinceMode: 'current', period: 'year' },
      { groupBy: ['connectionPoint'], provinceMode: 'current', period: 'year' },
      { groupBy: ['province', 'period'], provinceMode: 'current', period: 'year' },
      { groupBy: ['field', 'event'], provinceMode: 'current', period: 'year' },
      { groupBy: ['period', 'field'], provinceMode: 'current', period: 'quarter', from: '2023-02-14', to: '2024-07-03' },
      { groupBy: ['province', 'field'], provinceMode: 'recorded', period: 'year' },
      { groupBy: ['event'], provinceMode: 'current', period: 'month', from: '2025-06-15', to: '2025-06-20' },
      { groupBy: ['period'], provinceMode: 'current', period: 'quarter', provinces: ['79'] },
      { groupBy: ['field'], provinceMode: 'current', period: 'year', provinces: ['79', '01'] },
      { groupBy: [], provinceMode: 'current', period: 'year', from: '2022-01-10', provinces: ['79', '01'] },
    ];
    const key = (r: StatsRow) => [r.part, r.metric, r.province, r.field, r.period, r.event, r.connection_point, Number(r.n), r.metric === 'contracts' ? Number(r.v ?? 0) : 0].join('|');
    for (const q of cases) {
      const national = q.provinces || !q.groupBy.includes('province') ? undefined : q.groupBy.filter((d) => d !== 'province');
      const run = async (statement: ReturnType<typeof statsQuery>) => {
        const { sql: text, params } = new PgDialect().sqlToQuery(statement);
        return (await client.query<StatsRow>(text, params)).rows.map(key).sort();
      };
      const started = Date.now();
      const layer = await run(statsQuery(q, national));
      const layerMs = Date.now() - started;
      const direct = await run(directStatsQuery(q, national));
      const same = JSON.stringify(layer) === JSON.stringify(direct);
      if (!same) failures++;
      out(`verify ${JSON.stringify(q).padEnd(120)} ${String(layer.length).padStart(5)} rows, layer ${layerMs} ms, reference ${Date.now() - started - layerMs} ms: ${same ? 'equal' : 'DIFFERENT'}`);
    }
  } finally {
    await client.end();
  }
  return failures;
}
const verifyFailures = values.verify ? await verify() : 0;
const cpu = values.cpu ? await backendCpu() : undefined;
const file = new URL('./results/stats.json', import.meta.url);
if (values['skip-http']) {
  // Only the CPU figures: kept next to the last HTTP run's.
  const previous = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  writeFileSync(file, `${JSON.stringify({ ...previous, postgresCpu: cpu, postgresCpuDate: new Date().toISOString() }, null, 2)}\n`);
  out('PostgreSQL CPU figures written to bench/results/stats.json');
} else {
  const worst = Math.max(...results.map((r) => r.p95Ms));
  writeFileSync(
    file,
    `${JSON.stringify({ date: new Date().toISOString(), cpus: cpus().length, runs: RUNS, warmup: WARMUP, data: counts, targetMs: 500, worstP95Ms: worst, met: worst < 500, cases: results, ...(cpu && { postgresCpu: cpu }) }, null, 2)}\n`,
  );
  out(`worst p95 ${worst} ms (target < 500 ms): ${worst < 500 ? 'met' : 'NOT met'}; written to bench/results/stats.json`);
}
if (values.verify) out(verifyFailures === 0 ? 'verify: the layer equals the reference query in every case' : `verify: ${verifyFailures} case(s) DIFFERENT`);
process.exit(verifyFailures === 0 ? 0 : 1);

// The registry's performance targets, measured side by side with a bare Fastify route in one run:
//   "with 100,000 offers loaded, a search-and-filter list request answers with p99 under 50 ms,
//    and GET by id sustains at least 40 % of the req/s of a bare Fastify route returning a constant."
//   npm run bench:registry [-- --duration 10 --connections 10 --rounds 3 --offers 100000]
// BENCH_DATABASE_URL (created and seeded when needed) and REDIS_URL point at the services. The
// servers (bare, ketnoi with its read cache, ketnoi without it) run in their own processes,
// autocannon in this one; rounds alternate bare / by id / by id uncached / search so machine drift
// hits all of them. Medians are written to bench/results/registry.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { openDatabase } from '../src/db/client.js';
import { createAccessService } from '../src/modules/access/access.service.js';
import { BENCH_SOURCE, ensureDatabase, mulberry32, seedRegistry, type SeedResult } from './seed-registry.js';

const SEARCH_P99_TARGET_MS = 50;
const BY_ID_RATIO_TARGET = 0.4;
const BARE_PORT = 3911;
const APP_PORT = 3912;
/** A second API process with the read cache off, for the uncached figure. */
const UNCACHED_PORT = 3913;

function readSettings() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '10' },
      connections: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      offers: { type: 'string', default: '100000' },
      organizations: { type: 'string' },
      seed: { type: 'string', default: '42' },
      warmup: { type: 'string', default: '2' },
      // Memory for the cached API process's read cache: enough for every offer the key may read.
      'cache-mb': { type: 'string', default: '256' },
      // Drop and recreate the bench database first: needed when the migrations changed since it was seeded.
      fresh: { type: 'boolean', default: false },
      // Which targets to load, comma-separated (default all four; bare always runs when byId does).
      targets: { type: 'string', default: 'bare,byId,byIdUncached,search,searchUncached' },
      // Write a V8 CPU profile of the API process with the read cache into this folder (node --cpu-prof).
      'cpu-prof': { type: 'string' },
    },
  });
  const offers = Number(values.offers);
  const settings = {
    duration: Number(values.duration),
    connections: Number(values.connections),
    rounds: Number(values.rounds),
    offers,
    // One organisation per ~50 offers, as in a registry where most owners list a handful.
    organizations: Number(values.organizations ?? Math.max(100, Math.round(offers / 50))),
    seed: Number(values.seed),
    warmup: Number(values.warmup),
    cacheMb: Number(values['cache-mb']),
    pipelining: 1,
  };
  for (const [key, value] of Object.entries(settings)) {
    if (!Number.isInteger(value) || value < (key === 'warmup' || key === 'cacheMb' ? 0 : 1)) throw new Error(`--${key} must be a positive integer, got ${value}`);
  }
  const names = ['bare', 'byId', 'byIdUncached', 'search', 'searchUncached'];
  const only = String(values.targets).split(',').map((t) => t.trim()).filter(Boolean);
  for (const name of only) if (!names.includes(name)) throw new Error(`--targets: unknown target ${name} (${names.join(', ')})`);
  return { ...settings, fresh: values.fresh === true, targets: only, cpuProf: values['cpu-prof'] };
}

const settings = readSettings();
const databaseUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/ketnoi_bench';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

// ---------------------------------------------------------------------------------------------
// Database preparation.

const BENCH_PROVINCE = '79';

/** ketnoi's routes need a key: a provincial portal's (Hồ Chí Minh City), the usual integrator. */
async function benchKey(url: string): Promise<string> {
  const database = await openDatabase({ driver: 'postgres', url, poolMax: 1 });
  try {
    const { secret } = await createAccessService({ db: database.db }).createClient({ name: 'bench portal', role: 'portal', provinces: [BENCH_PROVINCE] });
    return secret;
  } finally {
    await database.close();
  }
}

/**
 * Every offer id the bench key may read (all published offers and every offer of its own province),
 * read beforehand so the load generator only picks from memory; requests pick uniformly among them.
 */
async function readableIds(url: string): Promise<{ ids: string[]; postgres: string }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ id: string }>(
      "SELECT id FROM offers WHERE source_system = $1 AND ((archived_at IS NULL AND status = 'published') OR current_province = $2) ORDER BY id",
      [BENCH_SOURCE, BENCH_PROVINCE],
    );
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    return { ids: rows.map((r) => r.id), postgres: version.rows[0]?.server_version ?? 'unknown' };
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Servers, each in its own process so the load generator does not share their event loop.

interface Server {
  name: string;
  child: ChildProcess;
  exited: Promise<void>;
}

function startServer(name: string, script: string, env: Record<string, string>, nodeArgs: string[] = []): Server {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', script], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      if (code !== 0 && signal !== 'SIGTERM') process.stderr.write(`${name} exited ${code ?? signal}\n`);
      resolve();
    });
  });
  return { name, child, exited };
}

const running = (s: Server) => s.child.exitCode === null && s.child.signalCode === null;

/** Polls until the URL answers 2xx; fails fast when the server died (e.g. its port was taken). */
async function waitReady(server: Server, url: string) {
  for (let i = 0; i < 600; i++) {
    if (!running(server)) throw new Error(`${server.name} exited before ${url} became ready`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

/** SIGTERM (graceful shutdown), then SIGKILL if the process is still there after 5 s. */
async function stopServer(server: Server) {
  if (!running(server)) return;
  server.child.kill('SIGTERM');
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5_000).unref());
  if ((await Promise.race([server.exited, timer])) === 'timeout') server.child.kill('SIGKILL');
}

// ---------------------------------------------------------------------------------------------
// Targets and load.

/** Realistic search-and-filter mixes: with and without diacritics, English and Korean, filters alone. */
const QUERY_MIXES: Record<string, string | number>[] = [
  { q: 'xu ly nuoc thai' },
  { q: 'xử lý nước thải', province: '79' },
  { q: 'xu ly nuoc thai', field: 'ENV', status: 'published' },
  { q: 'năng lượng mặt trời', status: 'published' },
  { q: 'nang luong mat troi', field: 'ENE', trlMin: 5 },
  { q: 'năng lượng mặt trời', province: '01', priceTo: 2_000_000_000 },
  { q: 'iot', field: 'ICT.IOT' },
  { q: 'iot', province: '01', status: 'published' },
  { q: 'kho lanh', priceTo: 2_000_000_000 },
  { q: 'kho lạnh', province: '79', status: 'published' },
  { q: 'truy xuất nguồn gốc', field: 'LOG' },
  { q: 'truy xuat nguon goc', province: '01', trlMin: 5 },
  { q: 'robot hàn', trlMin: 5, status: 'published' },
  { q: 'vat lieu composite', status: 'published' },
  { q: 'chế phẩm vi sinh', province: '79', trlMin: 5 },
  { q: 'say lanh', priceTo: 2_000_000_000, status: 'published' },
  { q: 'thiết bị y tế', status: 'published', trlMin: 5 },
  { q: 'wastewater treatment', field: 'ENV' },
  { q: '냉동 창고' },
  { field: 'ENV', province: '79', status: 'published' },
  { field: 'ICT.IOT', trlMin: 5, priceTo: 2_000_000_000 },
  { q: 'xu ly', field: 'ENV', province: '01', trlMin: 5, priceTo: 2_000_000_000, status: 'published' },
];

const queryString = (mix: Record<string, string | number>) =>
  Object.entries({ ...mix, limit: 20 })
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&');

interface Target {
  name: 'bare' | 'byId' | 'byIdUncached' | 'search' | 'searchUncached';
  origin: string;
  describe: string;
  nextPath: () => string;
  /** Search only: which mix each path is, so every response's latency is filed under its mix. */
  mixOf?: (path: string) => number;
}

/** Latencies of every search response, per mix, over all measured rounds (ms). */
const mixLatencies: number[][] = [];

function targets(ids: string[]): Target[] {
  const bare = `http://127.0.0.1:${BARE_PORT}`;
  const app = `http://127.0.0.1:${APP_PORT}`;
  const uncached = `http://127.0.0.1:${UNCACHED_PORT}`;
  const rnd = mulberry32(settings.seed);
  const randomId = () => `/v1/offers/${ids[Math.floor(rnd() * ids.length)]}`;
  const searchPaths = QUERY_MIXES.map((m) => `/v1/offers?${queryString(m)}`);
  let next = 0;
  let nextUncached = 0;
  return [
    { name: 'bare', origin: bare, describe: `${bare}/constant`, nextPath: () => '/constant' },
    { name: 'byId', origin: app, describe: `${app}/v1/offers/{id} (uniform over ${ids.length} ids; read cache ${settings.cacheMb} MB)`, nextPath: randomId },
    { name: 'byIdUncached', origin: uncached, describe: `${uncached}/v1/offers/{id} (uniform over ${ids.length} ids; read cache off)`, nextPath: randomId },
    {
      name: 'search',
      origin: app,
      describe: `${app}/v1/offers?… (${searchPaths.length} mixes)`,
      nextPath: () => searchPaths[next++ % searchPaths.length] as string,
      mixOf: (path: string) => searchPaths.indexOf(path),
    },
    {
      name: 'searchUncached',
      origin: uncached,
      describe: `${uncached}/v1/offers?… (${searchPaths.length} mixes; read cache off, every record read from PostgreSQL)`,
      nextPath: () => searchPaths[nextUncached++ % searchPaths.length] as string,
    },
  ].filter((t) => settings.targets.includes(t.name)) as Target[];
}

interface Sample {
  rps: number;
  p50: number;
  p97_5: number;
  p99: number;
  max: number;
  requests: number;
}

/** One autocannon run; the path of every request comes from the target, so ids and queries vary. */
async function load(target: Target, duration: number, record = false): Promise<Sample> {
  const { mixOf } = target;
  // Per connection (pipelining 1): the request's mix and start, read back when its response completes.
  type Context = { mix?: number; started?: number };
  const timed = record && mixOf !== undefined;
  const result = await autocannon({
    url: target.origin,
    duration,
    connections: settings.connections,
    pipelining: settings.pipelining,
    // The same headers for every target, the bare route included: identical settings side by side.
    headers: authHeaders,
    requests: [
      {
        method: 'GET',
        setupRequest: (request, context: Context) => {
          const path = target.nextPath();
          if (timed) {
            context.mix = mixOf(path);
            context.started = performance.now();
          }
          return { ...request, path };
        },
        ...(timed && {
          onResponse: (_status: number, _body: string, context: Context) => {
            if (context.mix === undefined || context.started === undefined) return;
            (mixLatencies[context.mix] ??= []).push(performance.now() - context.started);
          },
        }),
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0 || result['2xx'] === 0) {
    throw new Error(`${target.name}: ${result['2xx']} 2xx, ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  const { latency } = result;
  return { rps: result.requests.average, p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, max: latency.max, requests: result['2xx'] };
}

/**
 * Every mix once, before measuring: each must answer 2xx, and its hit count shows it is not trivial.
 * With `other` (the process without the read cache), both must send the same bytes.
 */
async function checkQueries(app: string, other?: string) {
  const checked: { query: string; items: number; more: boolean; ms: number }[] = [];
  for (const mix of QUERY_MIXES) {
    const query = queryString(mix);
    const started = performance.now();
    const response = await fetch(`${app}/v1/offers?${query}`, { headers: authHeaders });
    const ms = Math.round(performance.now() - started);
    if (!response.ok) throw new Error(`GET /v1/offers?${query}: ${response.status} ${await response.text()}`);
    const body = await response.text();
    if (other) {
      // Again here (its records now come from the read cache), and once without the cache.
      const again = await fetch(`${app}/v1/offers?${query}`, { headers: authHeaders });
      if (!again.ok || (await again.text()) !== body) throw new Error(`GET /v1/offers?${query}: a second read answers differently`);
      const theirs = await fetch(`${other}/v1/offers?${query}`, { headers: authHeaders });
      if (!theirs.ok || (await theirs.text()) !== body) throw new Error(`GET /v1/offers?${query}: the processes with and without the read cache answer differently`);
    }
    const page = JSON.parse(body) as { items: unknown[]; nextCursor: string | null };
    checked.push({ query: decodeURIComponent(query), items: page.items.length, more: page.nextCursor !== null, ms });
  }
  return checked;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

function medians(samples: Sample[]): Sample {
  const of = (k: keyof Sample) => median(samples.map((s) => s[k]));
  return { rps: of('rps'), p50: of('p50'), p97_5: of('p97_5'), p99: of('p99'), max: of('max'), requests: of('requests') };
}

// ---------------------------------------------------------------------------------------------
// The run.

async function measure(list: Target[]) {
  if (settings.warmup > 0) {
    process.stdout.write(`warm-up ${settings.warmup} s per target (not recorded)\n`);
    for (const target of list) await load(target, settings.warmup);
  }
  const samples: Record<string, Sample[]> = Object.fromEntries(list.map((t) => [t.name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const target of list) {
      const r = await load(target, settings.duration, true);
      samples[target.name]?.push(r);
      process.stdout.write(
        `round ${round} ${target.name.padEnd(6)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p97.5 ${r.p97_5} ms  p99 ${r.p99} ms\n`,
      );
    }
  }
  return samples;
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
const ms = (x: number) => Math.round(x * 10) / 10;

/** Each search mix's latencies over every measured round, slowest p99 first. */
function perMix() {
  return QUERY_MIXES.map((mix, i) => {
    const sorted = [...(mixLatencies[i] ?? [])].sort((a, b) => a - b);
    return { query: decodeURIComponent(queryString(mix)), requests: sorted.length, p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)), max: ms(sorted.at(-1) ?? Number.NaN) };
  })
    .filter((m) => m.requests > 0)
    .sort((a, b) => b.p99 - a.p99);
}

function report(
  samples: Record<string, Sample[]>,
  context: { seeding: SeedResult; postgres: string; list: Target[]; queries: Awaited<ReturnType<typeof checkQueries>>; ids: number; cache: { warmedIds: number; seconds: number } },
) {
  const summary = Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, medians(s)]));
  const ratio = (summary.byId?.rps ?? 0) / (summary.bare?.rps ?? 1);
  const ratioUncached = (summary.byIdUncached?.rps ?? 0) / (summary.bare?.rps ?? 1);
  const searchP99 = summary.search?.p99 ?? Number.NaN;
  const cpus = os.cpus();
  return {
    date: new Date().toISOString(),
    settings: { ...settings, tool: 'autocannon', readableIds: context.ids, database: databaseUrl.replace(/\/\/[^@/]*@/, '//') },
    machine: { cpus: cpus.length, model: cpus[0]?.model ?? 'unknown', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: context.postgres },
    seeding: context.seeding,
    targets: Object.fromEntries(context.list.map((t) => [t.name, t.describe])),
    queries: context.queries,
    rounds: samples,
    medians: summary,
    // Measured from building each request to its last byte, in the load generator, every round.
    searchPerMix: perMix(),
    ratioByIdToBare: ratio,
    ratioByIdUncachedToBare: ratioUncached,
    cache: context.cache,
    requirement: {
      searchP99Ms: { target: `< ${SEARCH_P99_TARGET_MS}`, measured: searchP99, met: searchP99 < SEARCH_P99_TARGET_MS },
      byIdRatio: { target: `>= ${BY_ID_RATIO_TARGET}`, measured: ratio, met: ratio >= BY_ID_RATIO_TARGET },
      offersLoaded: context.seeding.offersInDatabase,
    },
  };
}

function print(result: ReturnType<typeof report>) {
  const rows = Object.fromEntries(
    Object.entries(result.medians).map(([name, m]) => [name, { 'req/s': Math.round(m.rps), 'p50 ms': m.p50, 'p97.5 ms': m.p97_5, 'p99 ms': m.p99, 'max ms': m.max }]),
  );
  console.table(rows);
  if (result.searchPerMix.length > 0) console.table(result.searchPerMix);
  const { searchP99Ms, byIdRatio } = result.requirement;
  const verdict = (met: boolean) => (met ? 'met' : 'NOT met');
  process.stdout.write(
    `offers loaded: ${result.seeding.offersInDatabase}; medians of ${settings.rounds} round(s), ${settings.connections} connections, ${settings.duration} s each\n` +
      `search p99 ${searchP99Ms.measured} ms (target < ${SEARCH_P99_TARGET_MS} ms): ${verdict(searchP99Ms.met)}\n` +
      `GET by id / bare req/s: ${(byIdRatio.measured * 100).toFixed(1)} % (target ≥ ${BY_ID_RATIO_TARGET * 100} %): ${verdict(byIdRatio.met)}\n` +
      `GET by id without the read cache / bare req/s: ${(result.ratioByIdUncachedToBare * 100).toFixed(1)} %\n`,
  );
}

await ensureDatabase(databaseUrl, settings.fresh);
const seeding = await seedRegistry(databaseUrl, { offers: settings.offers, organizations: settings.organizations, seed: settings.seed });
if (seeding.offersInDatabase !== settings.offers) {
  process.stdout.write(`note: the database holds ${seeding.offersInDatabase} bench offers, not ${settings.offers}; results are for ${seeding.offersInDatabase}\n`);
}
const { ids, postgres } = await readableIds(databaseUrl);
if (ids.length === 0) throw new Error('no bench offers to read');
const authHeaders: Record<string, string> = { authorization: `Bearer ${await benchKey(databaseUrl)}` };

const apiEnv = (port: number, cacheMb: number) => ({
  DATABASE_URL: databaseUrl,
  REDIS_URL: redisUrl,
  HOST: '127.0.0.1',
  PORT: String(port),
  QUEUE_PREFIX: 'bench',
  REGISTRY_CACHE_MB: String(cacheMb),
  // So high that the limiter keeps counting every request without ever refusing one.
  RATE_LIMIT_PORTAL: '1000000000',
  RATE_LIMIT_ANONYMOUS: '1000000000',
});

/**
 * Reads every id once through the cached API process, so its rounds measure the steady state of a
 * cache that holds the readable set (when --cache-mb is large enough); the time it takes is reported.
 */
async function warmCache(origin: string) {
  const started = performance.now();
  let next = 0;
  await autocannon({
    url: origin,
    connections: settings.connections,
    amount: ids.length,
    headers: authHeaders,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: `/v1/offers/${ids[next++ % ids.length]}` }) }],
  });
  return { warmedIds: ids.length, seconds: Math.round((performance.now() - started) / 100) / 10 };
}

const wanted = (name: string) => settings.targets.includes(name);
const servers = [
  ...(wanted('bare') ? [startServer('bare server', 'bench/bare-server.ts', { PORT: String(BARE_PORT) })] : []),
  ...(wanted('byId') || wanted('search') ? [startServer('ketnoi API', 'src/server.ts', apiEnv(APP_PORT, settings.cacheMb), settings.cpuProf ? ['--cpu-prof', '--cpu-prof-dir', settings.cpuProf] : [])] : []),
  ...(wanted('byIdUncached') || wanted('searchUncached') ? [startServer('ketnoi API without the read cache', 'src/server.ts', apiEnv(UNCACHED_PORT, 0))] : []),
];
try {
  for (const server of servers) {
    const port = server.name === 'bare server' ? BARE_PORT : server.name === 'ketnoi API' ? APP_PORT : UNCACHED_PORT;
    await waitReady(server, port === BARE_PORT ? `http://127.0.0.1:${port}/constant` : `http://127.0.0.1:${port}/health/ready`);
  }
  const list = targets(ids);
  const queries = wanted('search') ? await checkQueries(`http://127.0.0.1:${APP_PORT}`, wanted('searchUncached') ? `http://127.0.0.1:${UNCACHED_PORT}` : undefined) : [];
  if (queries.length > 0) console.table(queries);
  const cache = settings.cacheMb > 0 && wanted('byId') ? await warmCache(`http://127.0.0.1:${APP_PORT}`) : { warmedIds: 0, seconds: 0 };
  process.stdout.write(`read cache: ${cache.warmedIds} ids read once in ${cache.seconds} s before measuring\n`);
  const samples = await measure(list);
  const result = report(samples, { seeding, postgres, list, queries, ids: ids.length, cache });
  await mkdir('bench/results', { recursive: true });
  await writeFile(process.env.BENCH_RESULT_FILE ?? 'bench/results/registry.json', `${JSON.stringify(result, null, 2)}\n`);
  print(result);
} finally {
  await Promise.all(servers.map(stopServer));
}

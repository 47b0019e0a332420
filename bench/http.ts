// HTTP overhead of ketnoi's stack against a bare Fastify route, side by side in one run.
//   npm run bench:http [-- --duration 10 --connections 20 --rounds 3]
// Servers run in their own processes; the load generator (autocannon) in this one. Rounds
// alternate bare / ketnoi so machine drift hits both. Medians are written to bench/results/http.json.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '3' },
  },
});
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

function start(args: string[], env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout?.resume();
  child.on('exit', (code, signal) => {
    if (code !== null && code !== 0) process.stderr.write(`${args.join(' ')} exited ${code ?? signal}\n`);
  });
  return Promise.resolve(child);
}

async function waitReady(url: string) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} never became ready`);
}

async function load(url: string) {
  const result = await autocannon({ url, duration, connections, pipelining: 1 });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99 };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

const UNLIMITED = { RATE_LIMIT_MINISTRY: '1000000000', RATE_LIMIT_PORTAL: '1000000000', RATE_LIMIT_READER: '1000000000', RATE_LIMIT_ANONYMOUS: '1000000000' };
const dataDir = await mkdtemp(join(tmpdir(), 'ketnoi-bench-'));
const barePort = 3901;
const appPort = 3902;
const bare = await start(['bench/bare-server.ts'], { PORT: String(barePort) });
// DATABASE_URL / REDIS_URL from the environment are used when set; otherwise the embedded default.
// Limits so high that the limiter keeps counting every request without ever refusing one.
const app = await start(['src/main.ts'], { PORT: String(appPort), HOST: '127.0.0.1', DATA_DIR: dataDir, ...UNLIMITED });
try {
  await waitReady(`http://127.0.0.1:${barePort}/constant`);
  await waitReady(`http://127.0.0.1:${appPort}/health/ready`);
  const targets = {
    bare: `http://127.0.0.1:${barePort}/constant`,
    live: `http://127.0.0.1:${appPort}/health/live`,
    reference: `http://127.0.0.1:${appPort}/v1/reference/fields`,
  };
  const samples: Record<string, { rps: number; p50: number; p99: number }[]> = { bare: [], live: [], reference: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const [name, url] of Object.entries(targets)) {
      const r = await load(url);
      samples[name]?.push(r);
      process.stdout.write(`round ${round} ${name.padEnd(6)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms\n`);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [
      name,
      { rps: median(s.map((x) => x.rps)), p50: median(s.map((x) => x.p50)), p99: median(s.map((x) => x.p99)) },
    ]),
  );
  const ratio = (name: string) => (summary[name]?.rps ?? 0) / (summary.bare?.rps ?? 1);
  const result = {
    date: new Date().toISOString(),
    settings: { duration, connections, rounds, database: process.env.DATABASE_URL ? 'postgres' : 'embedded' },
    targets,
    medians: summary,
    ratioToBare: { live: ratio('live'), reference: ratio('reference') },
  };
  await writeFile('bench/results/http.json', `${JSON.stringify(result, null, 2)}\n`);
  console.table(summary);
  process.stdout.write(`ratio to bare Fastify: live ${(ratio('live') * 100).toFixed(0)} %, reference ${(ratio('reference') * 100).toFixed(0)} %\n`);
} finally {
  bare.kill('SIGTERM');
  app.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 1000));
  await rm(dataDir, { recursive: true, force: true });
}

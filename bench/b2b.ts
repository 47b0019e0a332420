import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schedule } from '../src/modules/events/scheduler/index.js';
import { checkB2B } from './b2b/check.js';
import { listInstances, loadInstance } from './b2b/dzn.js';
import { toSchedulerInput } from './b2b/input.js';
import { loadPublished } from './b2b/published.js';
import { infeasibilityProof } from './b2b/infeasible.js';

// npm run bench:b2b [-- --variants] [--time 60] [--only forum-13.original] [--seed 1] [--out bench/results/b2b.json]
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seconds = Number(flag('--time') ?? 60);
const seed = Number(flag('--seed') ?? 1);
const only = flag('--only');
const withVariants = args.includes('--variants');

const published = loadPublished();
const names = listInstances().filter((n) => (only ? n === only || n.startsWith(`${only}.`) : withVariants || n.endsWith('.original')));
if (names.length === 0) throw new Error(`no instance matches ${only ?? ''}`);

type Status = 'optimal' | 'feasible' | 'infeasible' | 'failed';
const rows = [];
for (const name of names) {
  const inst = loadInstance(name);
  const pub = published.get(name) ?? { optimum: null, infeasible: false };
  const proof = infeasibilityProof(inst);
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const load = loadavg()[0] as number;
  let status: Status;
  let breaks: number | null = null;
  let valid = false;
  let lowerBound = 0;
  let unplaced: string[] = [];
  let errors: string[] = [];
  let sched: Record<string, number> = {};
  try {
    const result = schedule(toSchedulerInput(inst, { timeBudgetMs: seconds * 1000, seed }));
    for (const a of result.assignments) sched[a.meetingId] = a.slot + 1;
    const check = checkB2B(inst, sched);
    valid = check.valid;
    errors = check.errors.slice(0, 5);
    breaks = check.breaks;
    lowerBound = result.stats.gapLowerBound;
    unplaced = result.unplaced.map((u) => `${u.meetingId}:${u.reason}`);
    if (!check.complete) status = proof ? 'infeasible' : 'failed';
    else if (!check.valid) status = 'failed';
    else status = check.breaks === lowerBound ? 'optimal' : 'feasible';
  } catch (err) {
    status = 'failed';
    errors = [String(err)];
    sched = {};
  }
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  const matches = pub.optimum !== null && status !== 'failed' && status !== 'infeasible' && breaks === pub.optimum;
  rows.push({
    instance: name,
    meetings: inst.nMeetings,
    status,
    breaks: status === 'infeasible' ? null : breaks,
    lowerBound,
    publishedOptimum: pub.optimum,
    publishedInfeasible: pub.infeasible,
    matchesPublished: matches,
    valid,
    seconds: Math.round(secs * 100) / 100,
    // CPU this process got while solving, and the machine's 1-minute load average at the start:
    // on a shared machine the same 60 s of wall time can be a third of the search.
    cpuSeconds: Math.round(cpuSecs * 100) / 100,
    loadAverage: Math.round(load * 100) / 100,
    ...(proof ? { infeasibleBecause: proof } : {}),
    ...(unplaced.length > 0 ? { unplaced } : {}),
    ...(errors.length > 0 ? { errors } : {}),
    schedule: sched,
  });
  const above = pub.optimum !== null && breaks !== null && breaks > pub.optimum ? ` (+${breaks - pub.optimum})` : '';
  console.log(
    `${name.padEnd(28)} ${String(inst.nMeetings).padStart(4)} ${status.padEnd(10)} breaks ${String(breaks ?? '-').padStart(3)}${above} lb ${lowerBound} published ${pub.infeasible ? 'infeasible' : (pub.optimum ?? '-')} valid ${valid} ${secs.toFixed(1)} s (cpu ${cpuSecs.toFixed(1)} s, load ${load.toFixed(1)})`,
  );
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? 0 : n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
};
const originals = rows.filter((r) => r.instance.endsWith('.original'));
const summary = {
  instances: rows.length,
  valid: rows.filter((r) => r.valid).length,
  invalidComplete: rows.filter((r) => !r.valid && r.status !== 'infeasible').length,
  originals: originals.length,
  originalsAtPublishedOptimum: originals.filter((r) => r.matchesPublished).length,
  originalsProvenOptimal: originals.filter((r) => r.status === 'optimal').length,
  atPublishedOptimum: rows.filter((r) => r.matchesPublished).length,
  withPublishedOptimum: rows.filter((r) => r.publishedOptimum !== null).length,
  infeasible: rows.filter((r) => r.status === 'infeasible').length,
  failed: rows.filter((r) => r.status === 'failed').length,
  medianSeconds: median(rows.map((r) => r.seconds)),
  medianCpuSeconds: median(rows.map((r) => r.cpuSeconds)),
  medianLoadAverage: median(rows.map((r) => r.loadAverage)),
  maxSeconds: Math.max(...rows.map((r) => r.seconds)),
};
console.log(JSON.stringify(summary));

const out = flag('--out') ? resolve(flag('--out') as string) : join(dirname(fileURLToPath(import.meta.url)), 'results', 'b2b.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), settings: { secondsPerInstance: seconds, seed, variants: withVariants, only: only ?? null, fairness: 2, cpus: (await import('node:os')).cpus().length }, summary, instances: rows }, null, 2)}\n`,
);
console.log(`wrote ${out}`);

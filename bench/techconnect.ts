import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { schedule } from '../src/modules/events/scheduler/index.js';
import { generateTechconnect, placementUpperBound } from './techconnect/generate.js';
import { checkTechconnect } from './techconnect/check.js';

// npm run bench:techconnect [-- --time 30] [--seed 42] [--rounds 3]
const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const seconds = Number(flag('--time') ?? 30);
const seed = Number(flag('--seed') ?? 42);
const rounds = Number(flag('--rounds') ?? 3);

const input = generateTechconnect({ seed, timeBudgetMs: seconds * 1000 });
const bound = placementUpperBound(input);
const onsite = input.meetings.filter((m) => m.mode === 'onsite').length;
const withExpert = input.meetings.filter((m) => m.participants.length > 2).length;
console.log(
  `event: ${input.participants.length} participants, ${input.tables.length} tables, ${input.slotCount} slots, ${input.meetings.length} meetings requested (${onsite} onsite, ${withExpert} with an expert); upper bound on placeable ${bound.upperBound}`,
);

const runs = [];
for (let r = 0; r < rounds; r++) {
  const t0 = performance.now();
  const result = schedule({ ...input, options: { ...input.options, seed: seed + r } });
  const totalSeconds = (performance.now() - t0) / 1000;
  const check = checkTechconnect(input, result);
  const reasons: Record<string, number> = {};
  for (const u of result.unplaced) reasons[u.reason] = (reasons[u.reason] ?? 0) + 1;
  const run = {
    seed: seed + r,
    firstScheduleSeconds: Math.round(result.stats.firstScheduleMs) / 1000,
    totalSeconds: Math.round(totalSeconds * 1000) / 1000,
    placed: result.stats.placed,
    requested: input.meetings.length,
    placedPriority: Math.round(result.stats.placedPriority),
    unplacedReasons: reasons,
    totalGaps: check.gaps,
    maxGaps: result.stats.maxGaps,
    fairnessMet: result.stats.fairnessMet,
    valid: check.errors.length === 0,
    errors: check.errors.slice(0, 5),
    iterations: result.stats.iterations,
  };
  runs.push(run);
  console.log(
    `seed ${run.seed}: first valid schedule ${run.firstScheduleSeconds} s, total ${run.totalSeconds} s, placed ${run.placed}/${run.requested} (bound ${bound.upperBound}), gaps ${run.totalGaps}, valid ${run.valid}, unplaced ${JSON.stringify(reasons)}`,
  );
}
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n % 2 ? (s[(n - 1) / 2] as number) : ((s[n / 2 - 1] as number) + (s[n / 2] as number)) / 2;
};
const summary = {
  medianFirstScheduleSeconds: median(runs.map((r) => r.firstScheduleSeconds)),
  medianTotalSeconds: median(runs.map((r) => r.totalSeconds)),
  medianPlaced: median(runs.map((r) => r.placed)),
  requested: input.meetings.length,
  upperBound: bound.upperBound,
  medianGaps: median(runs.map((r) => r.totalGaps)),
  allValid: runs.every((r) => r.valid),
};
console.log(JSON.stringify(summary));
const out = join(dirname(fileURLToPath(import.meta.url)), 'results', 'techconnect.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({ date: new Date().toISOString(), settings: { seed, rounds, timeBudgetSeconds: seconds, cpus: (await import('node:os')).cpus().length }, event: { participants: input.participants.length, tables: input.tables.length, slots: input.slotCount, sessions: 5, requested: input.meetings.length, onsite, withExpert }, bound, summary, runs }, null, 2)}\n`,
);
console.log(`wrote ${out}`);

// Recall of the matcher's candidate generation, and the assignment at nightly scale.
//
// 1. On a seeded synthetic set (bench/matching-synthetic.ts, default 10,000 offers × 2,000
//    demands): for every demand, the top 10 of the candidate path (scoreCandidates for that demand,
//    DEFAULT_PARAMS) against the top 10 of scoreExhaustive (every offer scored). Reports the share
//    of the exhaustive top-10 entries the candidate path finds (target ≥ 99 %), also counting only
//    entries at or above minScore (the candidate path never returns the others), and timings.
// 2. The assignment (min-cost flow) on the synthetic set's own candidate graph, and on a seeded
//    graph of the nightly run's size (20,000 demands × 100 candidates = 2M edges).
//
//    The offer side the same way on a sample of offers (--offer-sample, default 1,000, evenly
//    spaced): the top 10 demands of the candidate path for that offer against every demand scored.
//    --demand-sample N measures the demand side on N evenly spaced demands only (national-size sets).
//
//   npx tsx bench/matching-recall.ts [--offers 10000] [--demands 2000] [--seed 42] [--candidates 60]
//                                    [--demand-sample N] [--offer-sample 1000]
//                                    [--assign-demands 20000] [--assign-offers 60000] [--rounds 3] [--contended]
// The assignment is timed --rounds times per graph (median reported; the contended graph once);
// --skip-assign measures recall only (e.g. with another --candidates).
// --candidates overrides params.candidatesPerDemand (default: DEFAULT_PARAMS'), to see how recall grows with K.
// --contended adds two 2M-edge graphs where offers are contested: 10,000 offers (50,000 offer slots
// for 100,000 demand slots) and 25,000 offers (slightly more offer slots than demand slots, the
// hardest case: neither side is clearly scarce).
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { assign, type AssignEdge } from '../src/modules/matching/scoring/assign.js';
import { ALGORITHM_VERSION, DEFAULT_PARAMS, createMatchIndex, scoreCandidates, scoreExhaustive, scoreExhaustiveOffer } from '../src/modules/matching/scoring/index.js';
import { syntheticAssignEdges, syntheticMatchingSet } from './matching-synthetic.js';

const { values: args } = parseArgs({
  options: {
    offers: { type: 'string', default: '10000' },
    demands: { type: 'string', default: '2000' },
    seed: { type: 'string', default: '42' },
    candidates: { type: 'string' },
    'assign-demands': { type: 'string', default: '20000' },
    'assign-offers': { type: 'string', default: '60000' },
    contended: { type: 'boolean', default: false },
    rounds: { type: 'string', default: '3' },
    'skip-assign': { type: 'boolean', default: false },
    'demand-sample': { type: 'string' },
    'offer-sample': { type: 'string', default: '1000' },
  },
});
const num = (s: string | undefined): number => Number.parseInt(s ?? '', 10);
// The machine is shared: the load average says how far timings are from an idle machine.
const loadAtStart = loadavg().map((x) => Math.round(x * 100) / 100);

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
}
const ms = (x: number): number => Math.round(x * 1000) / 1000;
const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

// ---- 1. candidate recall -------------------------------------------------------------------
const set = syntheticMatchingSet({ offers: num(args.offers), demands: num(args.demands), seed: num(args.seed) });
const params = { ...DEFAULT_PARAMS, now: set.now, candidatesPerDemand: args.candidates ? num(args.candidates) : DEFAULT_PARAMS.candidatesPerDemand };
console.log(`synthetic set: ${set.offers.length} offers × ${set.demands.length} demands (seed ${args.seed}); ${ALGORITHM_VERSION}; candidatesPerDemand ${params.candidatesPerDemand}`);

let t = performance.now();
const index = createMatchIndex(set.offers, set.demands);
const buildMs = performance.now() - t;
console.log(`index built in ${buildMs.toFixed(0)} ms`);

const candidateMs: number[] = [];
const exhaustiveMs: number[] = [];
let expected = 0;
let found = 0;
let expectedProposable = 0;
let foundProposable = 0;
let complete = 0;
const misses: { demandId: string; offerId: string; rank: number; score: number }[] = [];
/** n records evenly spaced over the list (all of them without n). */
const sample = <T>(list: readonly T[], n: number | undefined): T[] => (n === undefined || n >= list.length ? [...list] : Array.from({ length: n }, (_, i) => list[Math.floor((i * list.length) / n)]!));
const demandSample = sample(set.demands, args['demand-sample'] ? num(args['demand-sample']) : undefined);
for (const d of demandSample) {
  t = performance.now();
  const candidates = scoreCandidates(index, { demandIds: [d.id], offerIds: [] }, params).filter((p) => p.demandId === d.id);
  candidateMs.push(performance.now() - t);
  t = performance.now();
  const exhaustive = scoreExhaustive(index, d.id, params);
  exhaustiveMs.push(performance.now() - t);

  const top = new Set(candidates.slice(0, 10).map((p) => p.offerId));
  let missed = 0;
  exhaustive.slice(0, 10).forEach((p, rank) => {
    const hit = top.has(p.offerId);
    expected++;
    if (hit) found++;
    if (p.score >= params.minScore) {
      expectedProposable++;
      if (hit) foundProposable++;
    }
    if (!hit) {
      missed++;
      if (misses.length < 20 && p.score >= params.minScore) misses.push({ demandId: d.id, offerId: p.offerId, rank: rank + 1, score: ms(p.score) });
    }
  });
  if (missed === 0) complete++;
}
const recall = found / Math.max(1, expected);
const recallProposable = foundProposable / Math.max(1, expectedProposable);
console.log(`recall of the exhaustive top 10: ${pct(recall)} (${found}/${expected}); at or above minScore ${params.minScore}: ${pct(recallProposable)} (${foundProposable}/${expectedProposable})`);
console.log(`demands with their whole exhaustive top 10 found: ${complete}/${demandSample.length}`);
console.log(`per demand: candidate path median ${quantile(candidateMs, 0.5).toFixed(2)} ms (p95 ${quantile(candidateMs, 0.95).toFixed(2)}), exhaustive median ${quantile(exhaustiveMs, 0.5).toFixed(2)} ms (p95 ${quantile(exhaustiveMs, 0.95).toFixed(2)})`);

// ---- 1b. the offer side: each offer's top 10 demands ------------------------------------------
const offerSample = sample(set.offers.filter((o) => o.regulatoryClass !== 'prohibited'), num(args['offer-sample']));
const offerSide = { expected: 0, found: 0, expectedProposable: 0, foundProposable: 0, complete: 0, candidateMs: [] as number[], exhaustiveMs: [] as number[] };
for (const o of offerSample) {
  t = performance.now();
  const candidates = scoreCandidates(index, { demandIds: [], offerIds: [o.id] }, params).filter((p) => p.offerId === o.id);
  offerSide.candidateMs.push(performance.now() - t);
  t = performance.now();
  const exhaustive = scoreExhaustiveOffer(index, o.id, params);
  offerSide.exhaustiveMs.push(performance.now() - t);
  const top = new Set(candidates.slice(0, 10).map((p) => p.demandId));
  let missed = 0;
  for (const p of exhaustive.slice(0, 10)) {
    const hit = top.has(p.demandId);
    offerSide.expected++;
    if (hit) offerSide.found++;
    else missed++;
    if (p.score >= params.minScore) {
      offerSide.expectedProposable++;
      if (hit) offerSide.foundProposable++;
    }
  }
  if (missed === 0) offerSide.complete++;
}
const offerRecall = offerSide.found / Math.max(1, offerSide.expected);
const offerRecallProposable = offerSide.foundProposable / Math.max(1, offerSide.expectedProposable);
console.log(
  `offer side (${offerSample.length} offers): recall of the exhaustive top 10 ${pct(offerRecall)} (${offerSide.found}/${offerSide.expected}); at or above minScore ${pct(offerRecallProposable)} (${offerSide.foundProposable}/${offerSide.expectedProposable}); complete ${offerSide.complete}; candidate path median ${quantile(offerSide.candidateMs, 0.5).toFixed(2)} ms, exhaustive ${quantile(offerSide.exhaustiveMs, 0.5).toFixed(2)} ms`,
);

// ---- 2. assignment ---------------------------------------------------------------------------
function greedyTotal(edges: readonly AssignEdge[], n: number, m: number): { pairs: number; total: number } {
  const perDemand = new Map<string, number>();
  const perOffer = new Map<string, number>();
  let pairs = 0;
  let total = 0;
  for (const e of [...edges].sort((a, b) => b.score - a.score)) {
    if ((perDemand.get(e.demandId) ?? 0) >= n || (perOffer.get(e.offerId) ?? 0) >= m) continue;
    perDemand.set(e.demandId, (perDemand.get(e.demandId) ?? 0) + 1);
    perOffer.set(e.offerId, (perOffer.get(e.offerId) ?? 0) + 1);
    pairs++;
    total += e.score;
  }
  return { pairs, total };
}

function timeAssign(name: string, edges: readonly AssignEdge[], rounds = num(args.rounds)) {
  const caps = { perDemand: params.maxPerDemand, perOffer: params.maxPerOffer };
  const times: number[] = [];
  let chosen: AssignEdge[] = [];
  for (let r = 0; r < Math.max(1, rounds); r++) {
    const start = performance.now();
    chosen = assign(edges, caps);
    times.push(performance.now() - start);
  }
  const elapsed = quantile(times, 0.5);
  const total = chosen.reduce((s, e) => s + e.score, 0);
  const greedy = greedyTotal(edges, caps.perDemand, caps.perOffer);
  const row = {
    name,
    edges: edges.length,
    demands: new Set(edges.map((e) => e.demandId)).size,
    offers: new Set(edges.map((e) => e.offerId)).size,
    caps,
    ms: Math.round(elapsed),
    rounds: times.map(Math.round),
    pairs: chosen.length,
    total: ms(total),
    greedyPairs: greedy.pairs,
    greedyTotal: ms(greedy.total),
    gainOverGreedy: pct(total / Math.max(1e-9, greedy.total) - 1),
  };
  console.log(`assign ${name}: ${row.edges} edges (${row.demands} demands, ${row.offers} offers) in ${row.ms} ms (median of ${times.length}); ${row.pairs} pairs, total ${row.total} vs greedy ${row.greedyTotal} (${row.gainOverGreedy})`);
  return row;
}

const assignments: ReturnType<typeof timeAssign>[] = [];
const nightly = { demands: num(args['assign-demands']), offers: num(args['assign-offers']) };
if (!args['skip-assign']) {
  const candidateGraph = scoreCandidates(index, { demandIds: set.demands.map((d) => d.id), offerIds: set.offers.map((o) => o.id) }, params);
  assignments.push(timeAssign('synthetic set, scoreCandidates graph', candidateGraph));
  assignments.push(timeAssign(`nightly size, ${nightly.demands} × 100, ${nightly.offers} offers`, syntheticAssignEdges({ ...nightly, perDemand: 100 })));
}
if (args.contended && !args['skip-assign']) {
  for (const offers of [10_000, 25_000]) assignments.push(timeAssign(`contended, ${nightly.demands} × 100, ${offers} offers`, syntheticAssignEdges({ demands: nightly.demands, offers, perDemand: 100 }), 1));
}

const result = {
  date: new Date().toISOString(),
  algorithmVersion: ALGORITHM_VERSION,
  machine: { cores: cpus().length, cpu: cpus()[0]?.model, node: process.version, loadAverageAtStart: loadAtStart, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
  settings: { offers: set.offers.length, demands: set.demands.length, seed: num(args.seed), params: { candidatesPerDemand: params.candidatesPerDemand, candidatesPerOffer: params.candidatesPerOffer, minScore: params.minScore } },
  recall: {
    top10: ms(recall),
    found,
    expected,
    top10AtOrAboveMinScore: ms(recallProposable),
    foundAtOrAboveMinScore: foundProposable,
    expectedAtOrAboveMinScore: expectedProposable,
    demandsMeasured: demandSample.length,
    demandsComplete: complete,
    sampleMisses: misses,
  },
  offerSideRecall: {
    offersMeasured: offerSample.length,
    top10: ms(offerRecall),
    found: offerSide.found,
    expected: offerSide.expected,
    top10AtOrAboveMinScore: ms(offerRecallProposable),
    foundAtOrAboveMinScore: offerSide.foundProposable,
    expectedAtOrAboveMinScore: offerSide.expectedProposable,
    offersComplete: offerSide.complete,
  },
  timingsMs: {
    indexBuild: Math.round(buildMs),
    candidatePathPerDemand: { median: ms(quantile(candidateMs, 0.5)), p95: ms(quantile(candidateMs, 0.95)) },
    exhaustivePerDemand: { median: ms(quantile(exhaustiveMs, 0.5)), p95: ms(quantile(exhaustiveMs, 0.95)) },
  },
  assignment: assignments,
};
await mkdir('bench/results', { recursive: true });
// A recall-only or non-default-K run is a side experiment: it prints, and keeps the reference results intact.
if (args['skip-assign'] || args.candidates || args['demand-sample']) {
  console.log('not written (--skip-assign, --candidates or --demand-sample)');
} else {
  await writeFile('bench/results/matching-recall.json', `${JSON.stringify(result, null, 2)}\n`);
  console.log('written to bench/results/matching-recall.json');
}

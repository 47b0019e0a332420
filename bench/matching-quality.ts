// Ranking quality of the matcher on the labelled golden set (test/fixtures/golden), next to a plain
// BM25 baseline on the same texts: nDCG@10, recall@10 (grade ≥ 2) and MRR (first grade ≥ 2), overall
// and per query slice. Deterministic; written to bench/results/matching-quality.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { ALGORITHM_VERSION } from '../src/modules/matching/scoring/index.js';
import { evaluateGolden, type System } from './golden-eval.js';
import { ndcgAt } from './metrics.js';

const SYSTEMS: Record<System, string> = {
  matcher: 'matcher, every offer scored (scorePair)',
  matcherCandidates: 'matcher through candidate retrieval + minScore (scoreCandidates)',
  bm25: 'plain BM25 (k1 1.2, b 0.75, lower-case tokens, no folding)',
};

const started = performance.now();
const e = evaluateGolden();
const { golden, rankings } = e;
const elapsedMs = Math.round(performance.now() - started);

const round = (x: number): number => Math.round(x * 1000) / 1000;
const groups = Object.keys(e.metrics.matcher) as (keyof typeof e.metrics.matcher)[];

console.log(`golden set: ${golden.demands.length} demands, ${golden.offers.length} offers; ${ALGORITHM_VERSION}\n`);
console.log(`${'slice'.padEnd(14)} ${'n'.padStart(3)}  ${'system'.padEnd(18)} ${'nDCG@10'.padStart(8)} ${'R@10'.padStart(6)} ${'MRR'.padStart(6)}`);
for (const g of groups) {
  for (const s of Object.keys(SYSTEMS) as System[]) {
    const m = e.metrics[s][g];
    console.log(`${g.padEnd(14)} ${String(m.queries).padStart(3)}  ${s.padEnd(18)} ${m.ndcg10.toFixed(3).padStart(8)} ${m.recall10.toFixed(3).padStart(6)} ${m.mrr.toFixed(3).padStart(6)}`);
  }
}

// Per demand, for reading the failures: the matcher's top 5 with their grades.
const perDemand = golden.demands.map((d) => {
  const labels = golden.labels[d.id]!;
  const top = (r: readonly string[]): string[] => r.slice(0, 5).map((id) => `${id}:${labels[id] ?? 0}`);
  return {
    demandId: d.id,
    title: d.title.vi ?? d.title.en ?? d.title.ko,
    slices: Object.entries(golden.slices).filter(([, ids]) => ids.includes(d.id)).map(([s]) => s),
    ndcg10: { matcher: round(ndcgAt(rankings.matcher.get(d.id)!, labels, 10)), bm25: round(ndcgAt(rankings.bm25.get(d.id)!, labels, 10)) },
    matcherTop5: top(rankings.matcher.get(d.id)!),
    bm25Top5: top(rankings.bm25.get(d.id)!),
  };
});
const worst = [...perDemand].sort((a, b) => a.ndcg10.matcher - b.ndcg10.matcher).slice(0, 5);
console.log('\nweakest demands for the matcher (nDCG@10, top 5 as offer:grade):');
for (const w of worst) console.log(`  ${w.ndcg10.matcher.toFixed(2)} ${w.demandId}: ${w.matcherTop5.join(' ')}`);
console.log(`\nprohibited offers seen: ${e.prohibitedSeen.length === 0 ? 'none' : e.prohibitedSeen.join(', ')}; ${elapsedMs} ms`);

const result = {
  date: new Date().toISOString(),
  algorithmVersion: ALGORITHM_VERSION,
  golden: { demands: golden.demands.length, offers: golden.offers.length, labelledPairs: Object.values(golden.labels).reduce((n, l) => n + Object.keys(l).length, 0) },
  params: e.params,
  systems: SYSTEMS,
  metrics: Object.fromEntries(
    (Object.keys(SYSTEMS) as System[]).map((s) => [
      s,
      Object.fromEntries(groups.map((g) => [g, { ...e.metrics[s][g], ndcg10: round(e.metrics[s][g].ndcg10), recall10: round(e.metrics[s][g].recall10), mrr: round(e.metrics[s][g].mrr) }])),
    ]),
  ),
  prohibitedSeen: e.prohibitedSeen,
  perDemand,
  elapsedMs,
};
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/matching-quality.json', `${JSON.stringify(result, null, 2)}\n`);
console.log('written to bench/results/matching-quality.json');

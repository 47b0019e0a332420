/**
 * Ranks the golden set's offers for each golden demand with the matcher and with the plain BM25
 * baseline, and scores both rankings. Deterministic: used by the quality benchmark and its test.
 */
import { DEFAULT_PARAMS, createMatchIndex, scoreCandidates, scorePair } from '../src/modules/matching/scoring/index.js';
import type { MatchParams } from '../src/modules/matching/scoring/types.js';
import { GOLDEN_NOW, loadGolden, type GoldenSet, type Slice } from '../test/fixtures/golden/golden.js';
import { Bm25, evaluate, joinTexts, type Metrics } from './metrics.js';

export type System = 'matcher' | 'matcherCandidates' | 'bm25';

export interface GoldenEvaluation {
  golden: GoldenSet;
  params: MatchParams;
  rankings: Record<System, Map<string, string[]>>;
  /** Metrics per system, overall and per slice. */
  metrics: Record<System, Record<'all' | Slice, Metrics>>;
  /** Offers with regulatoryClass "prohibited" found in any ranking of the matcher. */
  prohibitedSeen: string[];
}

export function evaluateGolden(params: MatchParams = { ...DEFAULT_PARAMS, now: GOLDEN_NOW }): GoldenEvaluation {
  const golden = loadGolden();
  const { offers, demands, labels, slices } = golden;
  const index = createMatchIndex(offers, demands);
  const bm25 = new Bm25(
    offers.map((o) => o.id),
    offers.map((o) => joinTexts([o.title, o.summary, o.description, o.advantages, o.applications], o.keywords)),
  );

  const rankings: GoldenEvaluation['rankings'] = { matcher: new Map(), matcherCandidates: new Map(), bm25: new Map() };
  for (const d of demands) {
    // Every offer scored: the ranking quality of the scorer itself, whatever retrieval would have kept.
    const scored = offers.flatMap((o) => scorePair(index, o, d, params) ?? []).sort((a, b) => b.score - a.score || (a.offerId < b.offerId ? -1 : 1));
    rankings.matcher.set(d.id, scored.map((p) => p.offerId));
    // What the nightly run would see: retrieval in both directions, scoring, the minScore cut.
    const candidates = scoreCandidates(index, { demandIds: [d.id], offerIds: [] }, params).filter((p) => p.demandId === d.id);
    rankings.matcherCandidates.set(d.id, candidates.map((p) => p.offerId));
    const query = joinTexts([d.title, d.problem, d.currentProcess, d.requiredResult, d.constraints], d.keywords);
    rankings.bm25.set(d.id, bm25.rank(query).map((h) => h.id));
  }

  const all = demands.map((d) => d.id);
  const groups: ['all' | Slice, string[]][] = [['all', all], ...(Object.entries(slices) as [Slice, string[]][])];
  const metrics = Object.fromEntries(
    (Object.keys(rankings) as System[]).map((s) => [s, Object.fromEntries(groups.map(([name, ids]) => [name, evaluate(rankings[s], labels, ids)]))]),
  ) as GoldenEvaluation['metrics'];

  const prohibited = new Set(offers.filter((o) => o.regulatoryClass === 'prohibited').map((o) => o.id));
  const everywhere = scoreCandidates(index, { demandIds: all, offerIds: offers.map((o) => o.id) }, params);
  const seen = new Set<string>();
  for (const p of everywhere) if (prohibited.has(p.offerId)) seen.add(p.offerId);
  for (const s of ['matcher', 'matcherCandidates'] as const) for (const r of rankings[s].values()) for (const id of r) if (prohibited.has(id)) seen.add(id);
  return { golden, params, rankings, metrics, prohibitedSeen: [...seen].sort() };
}

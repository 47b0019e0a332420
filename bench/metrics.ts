/**
 * Ranking metrics with graded relevance (0–3) and the plain BM25 baseline the matcher is compared
 * with. Pure; shared by bench/matching-quality.ts and test/unit/matching/quality.test.ts.
 */

/** Grades of a ranking, best first; unlabelled ids count as 0. */
export function gradesOf(ranking: readonly string[], labels: Readonly<Record<string, number>>): number[] {
  return ranking.map((id) => labels[id] ?? 0);
}

function dcg(grades: readonly number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += (2 ** grades[i]! - 1) / Math.log2(i + 2);
  return sum;
}

/** nDCG@k (exponential gain 2^g − 1, log2 discount) against the ideal order of every label. */
export function ndcgAt(ranking: readonly string[], labels: Readonly<Record<string, number>>, k: number): number {
  const ideal = dcg(Object.values(labels).sort((a, b) => b - a), k);
  return ideal > 0 ? dcg(gradesOf(ranking, labels), k) / ideal : 0;
}

/** Share of the offers graded ≥ minGrade that appear in the top k. */
export function recallAt(ranking: readonly string[], labels: Readonly<Record<string, number>>, k: number, minGrade = 2): number {
  const relevant = Object.values(labels).filter((g) => g >= minGrade).length;
  if (relevant === 0) return 0;
  return gradesOf(ranking.slice(0, k), labels).filter((g) => g >= minGrade).length / relevant;
}

/** 1 / rank of the first offer graded ≥ minGrade; 0 when none is ranked. */
export function reciprocalRank(ranking: readonly string[], labels: Readonly<Record<string, number>>, minGrade = 2): number {
  const i = gradesOf(ranking, labels).findIndex((g) => g >= minGrade);
  return i < 0 ? 0 : 1 / (i + 1);
}

export interface Metrics {
  ndcg10: number;
  recall10: number;
  mrr: number;
  queries: number;
}

/** Means over the queries of nDCG@10, recall@10 and MRR. */
export function evaluate(rankings: ReadonlyMap<string, readonly string[]>, labels: Readonly<Record<string, Readonly<Record<string, number>>>>, queries: readonly string[]): Metrics {
  let ndcg10 = 0;
  let recall10 = 0;
  let mrr = 0;
  for (const q of queries) {
    const ranking = rankings.get(q) ?? [];
    const l = labels[q] ?? {};
    ndcg10 += ndcgAt(ranking, l, 10);
    recall10 += recallAt(ranking, l, 10);
    mrr += reciprocalRank(ranking, l);
  }
  const n = Math.max(1, queries.length);
  return { ndcg10: ndcg10 / n, recall10: recall10 / n, mrr: mrr / n, queries: queries.length };
}

/** Lower-cased runs of letters and digits: no accent folding, no bigrams, no synonyms. */
export function plainTokens(text: string): string[] {
  return text.normalize('NFC').toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** Okapi BM25 (k1 = 1.2, b = 0.75, idf = ln(1 + (N − df + 0.5) / (df + 0.5))) over plain tokens. */
export class Bm25 {
  private readonly tf: Map<string, number>[];
  private readonly len: number[];
  private readonly df = new Map<string, number>();
  private readonly avgLen: number;

  constructor(
    private readonly ids: readonly string[],
    texts: readonly string[],
    private readonly k1 = 1.2,
    private readonly b = 0.75,
  ) {
    this.tf = texts.map((t) => {
      const m = new Map<string, number>();
      for (const tok of plainTokens(t)) m.set(tok, (m.get(tok) ?? 0) + 1);
      for (const tok of m.keys()) this.df.set(tok, (this.df.get(tok) ?? 0) + 1);
      return m;
    });
    this.len = this.tf.map((m) => [...m.values()].reduce((a, c) => a + c, 0));
    this.avgLen = this.len.reduce((a, c) => a + c, 0) / Math.max(1, this.len.length);
  }

  /** Every document with a positive score, best first (ties by id). */
  rank(query: string): { id: string; score: number }[] {
    const n = this.ids.length;
    const out: { id: string; score: number }[] = [];
    const terms = plainTokens(query);
    for (let i = 0; i < n; i++) {
      const tf = this.tf[i]!;
      let score = 0;
      for (const t of terms) {
        const f = tf.get(t);
        if (!f) continue;
        const df = this.df.get(t)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * f * (this.k1 + 1)) / (f + this.k1 * (1 - this.b + (this.b * this.len[i]!) / this.avgLen));
      }
      if (score > 0) out.push({ id: this.ids[i]!, score });
    }
    return out.sort((a, c) => c.score - a.score || (a.id < c.id ? -1 : a.id > c.id ? 1 : 0));
  }
}

type Localized = { vi?: string; en?: string; ko?: string } | null | undefined;

/** Every language of every text, joined: what the baseline indexes and queries with. */
export function joinTexts(parts: readonly Localized[], keywords: readonly string[] = []): string {
  const out: string[] = [];
  for (const p of parts) if (p) for (const v of [p.vi, p.en, p.ko]) if (v) out.push(v);
  return [...out, ...keywords].join('\n');
}

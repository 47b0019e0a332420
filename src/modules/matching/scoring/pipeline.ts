import type { CriterionScore, DemandInput, MatchParams, OfferInput, Reason, ScoredPair } from './types.js';
import { CRITERIA } from './types.js';
import { referenceTime } from './features.js';
import { MatchIndexImpl, type MatchIndex } from './matchindex.js';
import { DEFAULT_PARAMS } from './params.js';
import { criterionReason } from './reasons.js';
import { retrieve } from './retrieve.js';
import { criterionValues, DemandScatter, fuse, fuseBound, neverProposed, newValues, scoreCore, textCoverageScattered, type PairCore } from './score.js';
import { emptyVector } from './vectors.js';
import { assignDense, assignWeight, capOf, type AssignCaps } from './assign.js';

export function createMatchIndex(offers: Iterable<OfferInput>, demands: Iterable<DemandInput>): MatchIndex {
  const ix = new MatchIndexImpl();
  for (const o of offers) ix.upsertOffer(o);
  for (const d of demands) ix.upsertDemand(d);
  ix.offers.trim();
  ix.demands.trim();
  return ix;
}

function impl(index: MatchIndex): MatchIndexImpl {
  if (!(index instanceof MatchIndexImpl)) throw new TypeError('expected an index made by createMatchIndex');
  return index;
}

/** Top-K offers for a demand (text index + field overlap), best first, with a cheap retrieval score. */
export function offerCandidates(index: MatchIndex, demandId: string, k: number, params: MatchParams = DEFAULT_PARAMS): { offerId: string; retrieval: number }[] {
  const ix = impl(index);
  const slot = ix.demands.slotOf.get(demandId);
  if (slot === undefined) return [];
  const d = ix.demands.docs[slot]!;
  return retrieve(ix, true, ix.demands.vector(slot, emptyVector()), slot, d, k, params).map((h) => ({
    offerId: ix.offers.docs[h.slot]!.id,
    retrieval: h.retrieval,
  }));
}

/** Top-K demands for an offer, the reverse direction; none for a prohibited technology. */
export function demandCandidates(index: MatchIndex, offerId: string, k: number, params: MatchParams = DEFAULT_PARAMS): { demandId: string; retrieval: number }[] {
  const ix = impl(index);
  const slot = ix.offers.slotOf.get(offerId);
  if (slot === undefined) return [];
  const o = ix.offers.docs[slot]!;
  if (o.regulatoryClass === 'prohibited') return [];
  return retrieve(ix, false, ix.offers.vector(slot, emptyVector()), slot, o, k, params).map((h) => ({
    demandId: ix.demands.docs[h.slot]!.id,
    retrieval: h.retrieval,
  }));
}

// Shared and frozen: millions of score-only pairs must not carry three arrays each.
const NO_BREAKDOWN = Object.freeze([]) as unknown as CriterionScore[];
const NO_REASONS = Object.freeze([]) as unknown as Reason[];
const NO_FLAGS = Object.freeze([]) as unknown as string[];
const RESTRICTED = Object.freeze(['restricted']) as unknown as string[];

function bare(o: OfferInput, d: DemandInput, c: PairCore): ScoredPair {
  const flags = o.regulatoryClass === 'restricted' ? RESTRICTED : NO_FLAGS;
  return { offerId: o.id, demandId: d.id, score: c.score, demandFit: c.demandFit, supplyFit: c.supplyFit, breakdown: NO_BREAKDOWN, reasons: NO_REASONS, flags };
}

/** Breakdown (contributions sum to the score) and two or three reasons in Vietnamese and English. */
function explain(o: OfferInput, d: DemandInput, c: PairCore, params: MatchParams): ScoredPair {
  const vals = criterionValues(c.values);
  const raw = CRITERIA.map((k, i) => params.weights[k] * vals[i]!);
  const total = raw.reduce((a, b) => a + b, 0);
  const breakdown: CriterionScore[] = CRITERIA.map((criterion, i) => ({
    criterion,
    value: vals[i]!,
    weight: params.weights[criterion],
    contribution: total > 0 ? (c.score * raw[i]!) / total : 0,
  }));
  const order = CRITERIA.map((_, i) => i).sort((a, b) => raw[b]! - raw[a]! || a - b);
  const reasons: Reason[] = [];
  for (const minValue of [0.6, 0]) {
    for (const i of order) {
      if (reasons.length >= 3 || (minValue === 0 && reasons.length >= 2)) break;
      if (vals[i]! < minValue) continue;
      const r = criterionReason(CRITERIA[i]!, o, d, vals[i]!);
      if (r && !reasons.some((x) => x.vi === r.vi)) reasons.push(r);
    }
  }
  return { ...bare(o, d, c), breakdown, reasons, flags: o.regulatoryClass === 'restricted' ? ['restricted'] : [] };
}

/** Full score of one pair with breakdown and reasons; null when the pair must never be proposed. */
export function scorePair(index: MatchIndex, offer: OfferInput, demand: DemandInput, params: MatchParams): ScoredPair | null {
  const ix = impl(index);
  const o = ix.offerVec(offer);
  const d = ix.demandVec(demand);
  const c = scoreCore(ix, offer, o.vec, o.slot, demand, d.vec, d.slot, params, referenceTime(params.now));
  return c && explain(offer, demand, c, params);
}

/** Adds breakdown and reasons to a pair from scoreCandidates or scoreExhaustive (which leave them empty). */
export function explainPair(index: MatchIndex, pair: { offerId: string; demandId: string }, params: MatchParams): ScoredPair | null {
  const ix = impl(index);
  const o = ix.offer(pair.offerId);
  const d = ix.demand(pair.demandId);
  return o && d ? scorePair(ix, o, d, params) : null;
}

const PAIR_KEY = 2 ** 26;

/**
 * Scored candidate pairs as parallel typed arrays (a national run has millions: as objects they
 * would cost several times the memory), in (demand slot, offer slot) order, one entry per pair.
 */
export interface CandidatePairs {
  n: number;
  demand: Int32Array;
  offer: Int32Array;
  score: Float64Array;
  demandFit: Float64Array;
  supplyFit: Float64Array;
}

/** The numeric key of a pair of slots (exact in a double). */
export const pairKey = (demandSlot: number, offerSlot: number): number => demandSlot * PAIR_KEY + offerSlot;

/** `${offerId}:${demandId}` strings as pair keys of the index's current slots (unknown ids dropped). */
export function pairKeysOf(index: MatchIndex, pairs: Iterable<string>): Set<number> {
  const ix = impl(index);
  const keys = new Set<number>();
  for (const p of pairs) {
    const at = p.indexOf(':');
    const os = ix.offers.slotOf.get(p.slice(0, at));
    const ds = ix.demands.slotOf.get(p.slice(at + 1));
    if (os !== undefined && ds !== undefined) keys.add(pairKey(ds, os));
  }
  return keys;
}

/**
 * The retrieval queries of a candidate search, as slots: demands (each asks for its top offers) and
 * offers (each asks for its top demands; prohibited technologies ask for none).
 */
export interface QueryPlan {
  demands: Int32Array;
  offers: Int32Array;
  /** Queries per chunk on each side (see queryChunk). */
  chunk: { demands: number; offers: number };
}

/** Queries per chunk by default: about a fifth of a second of work each, on either side, at national scale. */
export const QUERY_CHUNK = { demands: 64, offers: 256 } as const;

export function queryPlan(
  index: MatchIndex,
  scope: { demandIds: Iterable<string>; offerIds: Iterable<string> },
  chunk: QueryPlan['chunk'] = QUERY_CHUNK,
): QueryPlan {
  const ix = impl(index);
  const demands: number[] = [];
  const offers: number[] = [];
  for (const id of scope.demandIds) {
    const ds = ix.demands.slotOf.get(id);
    if (ds !== undefined) demands.push(ds);
  }
  for (const id of scope.offerIds) {
    const os = ix.offers.slotOf.get(id);
    if (os !== undefined && ix.offers.docs[os]!.regulatoryClass !== 'prohibited') offers.push(os);
  }
  return { demands: Int32Array.from(demands), offers: Int32Array.from(offers), chunk };
}

/** How many chunks a plan has: the demands' first, then the offers'. */
export function queryChunks(plan: QueryPlan): number {
  return Math.ceil(plan.demands.length / plan.chunk.demands) + Math.ceil(plan.offers.length / plan.chunk.offers);
}

/** Entries of a plan's key buffer: k per query on each side (candidatesPerDemand, candidatesPerOffer). */
export const keySlots = (plan: QueryPlan, params: MatchParams): number =>
  plan.demands.length * Math.max(0, params.candidatesPerDemand) + plan.offers.length * Math.max(0, params.candidatesPerOffer);

/** A key buffer's unused entry (a query with fewer hits than k). */
export const NO_KEY = -1;

/** The entries [from, to) of the key buffer that chunk c of a plan writes. */
export function queryChunkRange(plan: QueryPlan, c: number, params: MatchParams): { from: number; to: number } {
  const kD = Math.max(0, params.candidatesPerDemand);
  const kO = Math.max(0, params.candidatesPerOffer);
  const { demands: perD, offers: perO } = plan.chunk;
  const nD = Math.ceil(plan.demands.length / perD);
  if (c < nD) return { from: c * perD * kD, to: Math.min(plan.demands.length, (c + 1) * perD) * kD };
  const base = plan.demands.length * kD;
  return { from: base + (c - nD) * perO * kO, to: base + Math.min(plan.offers.length, (c - nD + 1) * perO) * kO };
}

/**
 * Writes the pair keys (pairKey) that chunk c of the plan retrieves, each query at its own k entries
 * (see keySlots), NO_KEY where a query has fewer hits: entry e of the plan's key buffer goes to
 * out[e - base] (a helper thread writes a chunk into scratch first, base = its first entry). A pure
 * function of the index and the chunk that writes every entry of its range once: any thread holding
 * a view of the same index (MatchIndexImpl.fromView) writes the same values.
 */
export function queryChunk(index: MatchIndex, plan: QueryPlan, c: number, params: MatchParams, out: Float64Array, base = 0): void {
  const ix = impl(index);
  const vec = emptyVector();
  const kD = Math.max(0, params.candidatesPerDemand);
  const kO = Math.max(0, params.candidatesPerOffer);
  const { demands: perD, offers: perO } = plan.chunk;
  const nD = Math.ceil(plan.demands.length / perD);
  if (c < nD) {
    for (let i = c * perD, end = Math.min(plan.demands.length, i + perD); i < end; i++) {
      const ds = plan.demands[i]!;
      let at = i * kD - base;
      const stop = at + kD;
      for (const h of retrieve(ix, true, ix.demands.vector(ds, vec), ds, ix.demands.docs[ds]!, kD, params)) out[at++] = ds * PAIR_KEY + h.slot;
      while (at < stop) out[at++] = NO_KEY;
    }
  } else {
    const first = plan.demands.length * kD - base;
    for (let i = (c - nD) * perO, end = Math.min(plan.offers.length, i + perO); i < end; i++) {
      const os = plan.offers[i]!;
      let at = first + i * kO;
      const stop = at + kO;
      for (const h of retrieve(ix, false, ix.offers.vector(os, vec), os, ix.offers.docs[os]!, kO, params)) out[at++] = h.slot * PAIR_KEY + os;
      while (at < stop) out[at++] = NO_KEY;
    }
  }
}

/** Candidate pairs in the order of their keys, one entry per key, before the dropped ones are taken out. */
export type PairColumns = Omit<CandidatePairs, 'n'>;

/** Pairs per scoring chunk: about a tenth of a second of work at national scale. */
export const SCORE_CHUNK = 8_192;

export const scoreChunks = (n: number, size = SCORE_CHUNK): number => Math.ceil(n / size);

/**
 * Scores the pairs keys[from, to) (sorted by key: each demand's pairs side by side) into the columns,
 * entry i at i - base: its slots, and its score and fits, or a NaN score (and fits 0) for a pair that is never
 * proposed or cannot reach params.minScore. A pure function of the index and the keys, like
 * queryChunk.
 */
export function scoreKeys(index: MatchIndex, keys: Float64Array, from: number, to: number, params: MatchParams, out: PairColumns, base = 0): void {
  const ix = impl(index);
  const oVec = emptyVector();
  const dVec = emptyVector();
  const now = referenceTime(params.now);
  const scratch = newValues();
  const scatter = new DemandScatter();
  let loadedDs = -1;
  for (let i = from; i < to; i++) {
    const key = keys[i]!;
    const ds = Math.floor(key / PAIR_KEY);
    const os = key - ds * PAIR_KEY;
    const at = i - base;
    out.demand[at] = ds;
    out.offer[at] = os;
    out.score[at] = NaN;
    out.demandFit[at] = 0;
    out.supplyFit[at] = 0;
    const o = ix.offers.docs[os]!;
    const d = ix.demands.docs[ds]!;
    if (ds !== loadedDs) {
      scatter.load(ix, ix.demands.vector(ds, dVec));
      loadedDs = ds;
    }
    // scoreCore, with the pairs that cannot reach minScore even with every structured criterion
    // met (fuseBound) dropped before the full fusion.
    if (neverProposed(o, d)) continue;
    const cov = textCoverageScattered(ix, ix.offers.vector(os, oVec), os, dVec, ds, scatter);
    if (fuseBound(o.fields, d.fields, cov.covD, cov.covO, params) * (1 + 1e-9) + 1e-12 < params.minScore) continue;
    const c = fuse(o, d, cov.covD, cov.covO, params, now, scratch);
    if (c.score < params.minScore) continue;
    out.score[at] = c.score;
    out.demandFit[at] = c.demandFit;
    out.supplyFit[at] = c.supplyFit;
  }
  scatter.clear();
}

/**
 * The two halves of a candidate search for one index and params: the retrieval queries of a plan,
 * then the scores of the distinct pairs they found. engine/parallel.ts spreads both over threads.
 */
export interface CandidateWork {
  /** Runs every chunk of the plan: the filled key buffer (keySlots entries). */
  queries(plan: QueryPlan): Float64Array;
  /** Scores keys[0, n) (distinct, sorted; scoreKeys): columns of at least n entries. May reuse the key buffer. */
  scores(keys: Float64Array, n: number): PairColumns;
  /** Ends the search (helpers stop). */
  close(): void;
}

export type CandidateRunner = (index: MatchIndex, params: MatchParams) => CandidateWork;

/** Everything on the calling thread. The scores go into the key buffer itself: entry i is read before it is written. */
export const runHere: CandidateRunner = (index, params) => ({
  queries(plan) {
    const keys = new Float64Array(keySlots(plan, params));
    for (let c = 0, n = queryChunks(plan); c < n; c++) queryChunk(index, plan, c, params, keys);
    return keys;
  },
  scores(keys, n) {
    const out: PairColumns = { demand: new Int32Array(n), offer: new Int32Array(n), score: keys, demandFit: new Float64Array(n), supplyFit: new Float64Array(n) };
    scoreKeys(index, keys, 0, n, params, out);
    return out;
  },
  close() {},
});

/**
 * Candidates in both directions for the demands and offers in scope, unioned and scored; excluded
 * pairs (pairKey), pairs that must never be proposed and pairs below params.minScore are dropped.
 * The retrieval queries and the scoring go through `runner` (engine/parallel.ts spreads them over
 * threads); the result does not depend on it.
 */
export function scoreCandidatePairs(
  index: MatchIndex,
  scope: { demandIds: Iterable<string>; offerIds: Iterable<string> },
  params: MatchParams,
  excluded?: ReadonlySet<number>,
  runner: CandidateRunner = runHere,
): CandidatePairs {
  const ix = impl(index);
  const work = runner(ix, params);
  try {
    const buffer = work.queries(queryPlan(ix, scope));
    // The hits, moved to the front of the buffer; sorted, they group each demand's pairs together
    // (one scatter per demand) and put duplicates side by side, which are then dropped.
    let total = 0;
    for (let i = 0; i < buffer.length; i++) if (buffer[i] !== NO_KEY) buffer[total++] = buffer[i]!;
    const sorted = buffer.subarray(0, total).sort();
    const checkExcluded = excluded !== undefined && excluded.size > 0;
    let distinct = 0;
    for (let i = 0, prev = -1; i < total; i++) {
      const key = sorted[i]!;
      if (key === prev) continue;
      prev = key;
      if (checkExcluded && excluded.has(key)) continue;
      sorted[distinct++] = key;
    }
    const cols = work.scores(sorted, distinct);
    // The kept pairs, moved to the front of the columns (entry j is written after entry i is read, j <= i).
    let n = 0;
    for (let i = 0; i < distinct; i++) {
      const score = cols.score[i]!;
      if (Number.isNaN(score)) continue;
      cols.demand[n] = cols.demand[i]!;
      cols.offer[n] = cols.offer[i]!;
      cols.score[n] = score;
      cols.demandFit[n] = cols.demandFit[i]!;
      cols.supplyFit[n] = cols.supplyFit[i]!;
      n++;
    }
    // Shrink to what was kept: the run holds these until the assignment.
    const fit = <T extends Int32Array | Float64Array>(a: T): T => (n < a.length / 2 ? (a.slice(0, n) as T) : a);
    return { n, demand: fit(cols.demand), offer: fit(cols.offer), score: fit(cols.score), demandFit: fit(cols.demandFit), supplyFit: fit(cols.supplyFit) };
  } finally {
    work.close();
  }
}

/** One candidate as a score-only ScoredPair (no breakdown or reasons). */
export function candidatePair(index: MatchIndex, c: CandidatePairs, i: number): ScoredPair {
  const ix = impl(index);
  const o = ix.offers.docs[c.offer[i]!]!;
  const d = ix.demands.docs[c.demand[i]!]!;
  const flags = o.regulatoryClass === 'restricted' ? RESTRICTED : NO_FLAGS;
  return { offerId: o.id, demandId: d.id, score: c.score[i]!, demandFit: c.demandFit[i]!, supplyFit: c.supplyFit[i]!, breakdown: NO_BREAKDOWN, reasons: NO_REASONS, flags };
}

/**
 * The capped assignment (see assign) over scored candidate pairs, excluded pair keys left out: the
 * chosen pairs, score only, ordered by demandId, then score (best first), then offerId. Ids are
 * ranked in sorted order, so the result does not depend on slots or on the order of the pairs.
 */
export function assignCandidates(index: MatchIndex, c: CandidatePairs, caps: AssignCaps, excluded?: ReadonlySet<number>): ScoredPair[] {
  const ix = impl(index);
  const rank = (slots: Int32Array, docs: readonly ({ id: string } | undefined)[]) => {
    const of = new Int32Array(docs.length).fill(-1);
    const list: number[] = [];
    for (let i = 0; i < c.n; i++) {
      const s = slots[i]!;
      if (of[s] === -1) {
        of[s] = 0;
        list.push(s);
      }
    }
    list.sort((a, b) => (docs[a]!.id < docs[b]!.id ? -1 : 1));
    list.forEach((s, r) => (of[s] = r));
    return { of, ids: list.map((s) => docs[s]!.id) };
  };
  const d = rank(c.demand, ix.demands.docs);
  const o = rank(c.offer, ix.offers.docs);
  const dOf = new Int32Array(c.n);
  const oOf = new Int32Array(c.n);
  const wOf = new Float64Array(c.n);
  const checkExcluded = excluded !== undefined && excluded.size > 0;
  for (let i = 0; i < c.n; i++) {
    dOf[i] = d.of[c.demand[i]!]!;
    oOf[i] = o.of[c.offer[i]!]!;
    wOf[i] = checkExcluded && excluded.has(pairKey(c.demand[i]!, c.offer[i]!)) ? 0 : assignWeight(c.score[i]!);
  }
  const dCap = Int32Array.from(d.ids, (id) => capOf(caps.perDemand, id));
  const oCap = Int32Array.from(o.ids, (id) => capOf(caps.perOffer, id));
  return assignDense({ n: c.n, dOf, oOf, wOf, nD: d.ids.length, nO: o.ids.length, dCap, oCap }).map((i) => candidatePair(index, c, i));
}

/** The ids of the records the candidate pairs touch, sorted. */
export function candidateIds(index: MatchIndex, c: CandidatePairs): { demandIds: string[]; offerIds: string[] } {
  const ix = impl(index);
  const d = new Set<string>();
  const o = new Set<string>();
  for (let i = 0; i < c.n; i++) {
    d.add(ix.demands.docs[c.demand[i]!]!.id);
    o.add(ix.offers.docs[c.offer[i]!]!.id);
  }
  return { demandIds: [...d].sort(), offerIds: [...o].sort() };
}

/**
 * Candidates in both directions for the demands and offers in scope, unioned and scored; declined
 * pairs (`${offerId}:${demandId}` in excluded), pairs that must never be proposed and pairs below
 * params.minScore are dropped. Best first (score, then offerId, demandId).
 *
 * Breakdown and reasons are left empty (shared, frozen arrays) unless options.explain is set: call
 * explainPair for the pairs that are kept. A national run uses scoreCandidatePairs directly.
 */
export function scoreCandidates(
  index: MatchIndex,
  scope: { demandIds: Iterable<string>; offerIds: Iterable<string> },
  params: MatchParams,
  excluded?: ReadonlySet<string>,
  options: { explain?: boolean } = {},
): ScoredPair[] {
  const c = scoreCandidatePairs(index, scope, params, excluded && excluded.size > 0 ? pairKeysOf(index, excluded) : undefined);
  const out: ScoredPair[] = [];
  for (let i = 0; i < c.n; i++) {
    const p = candidatePair(index, c, i);
    out.push(options.explain ? (explainPair(index, p, params) ?? p) : p);
  }
  return sortByScore(out);
}

/**
 * byScore order for millions of pairs without millions of comparator calls: a native sort of
 * Float64 keys (quantised score, position), then each run of equal quantised scores by byScore.
 */
function sortByScore(out: ScoredPair[]): ScoredPair[] {
  const n = out.length;
  if (n < 50_000) return out.sort(byScore);
  const Q = 2 ** 21;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = Math.floor((1 - Math.min(1, Math.max(0, out[i]!.score))) * (Q - 1)) * 2 ** 32 + i;
  keys.sort();
  const sorted: ScoredPair[] = new Array<ScoredPair>(n);
  let start = 0;
  for (let i = 0; i <= n; i++) {
    if (i < n && (i === start || Math.floor(keys[i]! / 2 ** 32) === Math.floor(keys[start]! / 2 ** 32))) continue;
    const run: ScoredPair[] = [];
    for (let j = start; j < i; j++) run.push(out[keys[j]! % 2 ** 32]!);
    if (run.length > 1) run.sort(byScore);
    for (let j = 0; j < run.length; j++) sorted[start + j] = run[j]!;
    start = i;
  }
  return sorted;
}

/** Every offer scored against one demand, best first (score only: no breakdown or reasons, no minScore cut). */
export function scoreExhaustive(index: MatchIndex, demandId: string, params: MatchParams): ScoredPair[] {
  const ix = impl(index);
  const ds = ix.demands.slotOf.get(demandId);
  if (ds === undefined) return [];
  const d = ix.demands.docs[ds]!;
  const dv = ix.demands.vector(ds, emptyVector());
  const ov = emptyVector();
  const now = referenceTime(params.now);
  const out: ScoredPair[] = [];
  const scratch = newValues();
  const scatter = new DemandScatter();
  scatter.load(ix, dv);
  for (let os = 0; os < ix.offers.docs.length; os++) {
    const o = ix.offers.docs[os];
    if (o === undefined) continue;
    const c = scoreCore(ix, o, ix.offers.vector(os, ov), os, d, dv, ds, params, now, scratch, scatter);
    if (c) out.push(bare(o, d, c));
  }
  scatter.clear();
  return sortByScore(out);
}

/** Every demand scored against one offer, best first (score only, no minScore cut): the offer side's reference. */
export function scoreExhaustiveOffer(index: MatchIndex, offerId: string, params: MatchParams): ScoredPair[] {
  const ix = impl(index);
  const os = ix.offers.slotOf.get(offerId);
  if (os === undefined) return [];
  const o = ix.offers.docs[os]!;
  const ov = ix.offers.vector(os, emptyVector());
  const dv = emptyVector();
  const now = referenceTime(params.now);
  const out: ScoredPair[] = [];
  const scratch = newValues();
  for (let ds = 0; ds < ix.demands.docs.length; ds++) {
    const d = ix.demands.docs[ds];
    if (d === undefined) continue;
    const c = scoreCore(ix, o, ov, os, d, ix.demands.vector(ds, dv), ds, params, now, scratch);
    if (c) out.push(bare(o, d, c));
  }
  return sortByScore(out);
}

function byScore(a: ScoredPair, b: ScoredPair): number {
  return b.score - a.score || (a.offerId < b.offerId ? -1 : a.offerId > b.offerId ? 1 : a.demandId < b.demandId ? -1 : a.demandId > b.demandId ? 1 : 0);
}

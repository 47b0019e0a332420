import type { DemandInput, MatchParams, OfferInput } from './types.js';
import type { Corpus } from './corpus.js';
import { orgNumber, PROHIBITED, themeMask, themeOf } from './corpus.js';
import { FIXED, type MatchIndexImpl } from './matchindex.js';
import { lengthNorm, QUERY_TF_MAX, queryTf } from './bm25.js';
import { fieldCover, referenceTime } from './features.js';
import { fuse, fuseBound, newValues, TEXT_SCALE, textValue } from './score.js';
import { emptyVector, type TermVector } from './vectors.js';

/** Query terms kept per retrieval, best idf-weighted first: the tail adds little and costs the most. */
export const MAX_QUERY_TERMS = 1000;
/** Terms in more than this share of the target side are skipped at query time (once the side is large). */
export const MAX_DF_SHARE = 0.25;
/**
 * Postings read per query at most: a term whose list would overflow what is left is skipped (the
 * strongest terms come first). Keeps a query's cost bounded as the index grows, where plain BM25
 * over shared vocabulary grows with the square of the corpus.
 */
export const MAX_POSTINGS_PER_QUERY = 8_000;
/** Records kept after the first stage, per candidate asked for. */
export const REFINE_FACTOR = 4;
/** The same two bounds for an offer's query over the demands (see retrieve). */
export const OFFER_QUERY = { maxPostings: MAX_POSTINGS_PER_QUERY, refine: REFINE_FACTOR };

/**
 * Per-query accumulators, interleaved by slot so one posting touches one cache line:
 * state[3 × slot] is the query stamp that last touched the slot (so nothing is reset between
 * queries), then acc (the query's terms covered by the record) and accT (the record's terms
 * covered by the query).
 */
interface Scratch {
  state: Float64Array;
  stamp: number;
  touched: Int32Array;
}
const scratches = new WeakMap<object, Scratch>();
function scratchFor(target: Corpus<OfferInput | DemandInput>): Scratch {
  const n = target.docs.length;
  let s = scratches.get(target);
  if (!s || s.touched.length < n) {
    const cap = Math.max(1024, n * 2);
    s = { state: new Float64Array(3 * cap), stamp: 0, touched: new Int32Array(cap) };
    scratches.set(target, s);
  }
  return s;
}

export interface Hit {
  slot: number;
  retrieval: number;
}

/**
 * Top-k records of the target side for one query record, by an upper estimate of what the full
 * score rewards most: text coverage of the query's strongest terms plus the best field match.
 */
export function retrieve(
  ix: MatchIndexImpl,
  toOffers: boolean,
  qVec: TermVector,
  qSlot: number,
  qDoc: OfferInput | DemandInput,
  k: number,
  params: MatchParams,
): Hit[] {
  const qFields = qDoc.fields;
  const qOrg = qDoc.organizationId;
  const target = (toOffers ? ix.offers : ix.demands) as Corpus<OfferInput | DemandInput>;
  if (k <= 0 || target.live === 0) return [];
  const s = scratchFor(target);
  const { state, touched } = s;
  const stamp = ++s.stamp;
  let nTouched = 0;

  const maxDf = target.live >= 200 ? Math.max(20, Math.floor(target.live * MAX_DF_SHARE)) : Infinity;
  const qTerms: number[] = [];
  const qW: number[] = [];
  const qSat: number[] = [];
  const qNorm = lengthNorm(qVec.len);
  for (let i = qVec.off; i < qVec.off + qVec.n; i++) {
    const t = qVec.terms[i]!;
    const df = target.liveDf(t);
    if (df === 0 || df > maxDf) continue;
    qTerms.push(t);
    qW.push(ix.idf(t) * queryTf(qVec.tf[i]!));
    qSat.push(ix.idf(t) * (qVec.tf[i]! / (qVec.tf[i]! + qNorm)));
  }
  const order = qTerms.map((_, i) => i);
  const hashes = ix.dict.hashes;
  order.sort((a, b) => qW[b]! - qW[a]! || hashes[qTerms[a]!]! - hashes[qTerms[b]!]! || qTerms[a]! - qTerms[b]!);
  if (order.length > MAX_QUERY_TERMS) order.length = MAX_QUERY_TERMS;

  const docs = target.docs;
  const flags = target.flags;
  let budget = toOffers ? MAX_POSTINGS_PER_QUERY : OFFER_QUERY.maxPostings;
  // Without removed records (a fresh national load) no posting needs the liveness test.
  const checkLive = target.dead > 0;
  const postings = target.postings();
  const { pool: plist, impacts, own } = postings;
  for (const oi of order) {
    const t = qTerms[oi]!;
    const df = target.liveDf(t);
    if (df > budget) continue;
    budget -= df;
    // Both ways at once, as the full score does: acc, the query's terms covered by the record
    // (the record's saturation × 255 in impacts); accT, the record's terms covered by the query
    // (the record's queryTf in own). Sums run in query-term order, the same for any index order.
    const w = (qW[oi]! * FIXED) / 255;
    const wOwn = (qSat[oi]! * FIXED * QUERY_TF_MAX) / 255;
    for (let b = postings.head[t]!; b >= 0; b = plist[b]!) {
      const start = b + 2;
      const end = start + (plist[b] === -1 ? postings.tailUsed[t]! : plist[b + 1]!);
      for (let p = start; p < end; p++) {
        const slot = plist[p]!;
        if (checkLive && flags[slot] === 0) continue;
        const at = 3 * slot;
        if (state[at] !== stamp) {
          state[at] = stamp;
          state[at + 1] = 0;
          state[at + 2] = 0;
          touched[nTouched++] = slot;
        }
        state[at + 1]! += w * impacts[p]!;
        state[at + 2]! += wOwn * own[p]!;
      }
    }
  }

  const denom = ix.denominator(toOffers ? 'demand' : 'offer', qVec, qSlot);
  const wT = params.weights.text;
  const wF = params.weights.fields;
  // The query's organisation and themes as its own side stores them (numbered in the thread that built
  // the index, so a helper thread holding a view compares like with like).
  const qSide = (toOffers ? ix.demands : ix.offers) as Corpus<OfferInput | DemandInput>;
  const qIndexed = qSlot >= 0 && qSide.docs[qSlot] === qDoc;
  const qOrgN = qIndexed ? qSide.orgs[qSlot]! : orgNumber(qOrg);
  const skip = toOffers ? PROHIBITED : 0;
  const orgs = target.orgs;
  // Field fit as the field lists give it: 1 for a record with one of the query's codes, 0.7 for a
  // record tagged with the theme of one of them; 0 otherwise (then fieldCover decides, see below).
  const qSet = [...new Set(qFields)];
  const qTheme = qSet.map((f) => themeOf(f));
  const listFit = (fields: readonly string[]): number => {
    let fit = 0;
    for (let i = 0; i < qSet.length && fit < 1; i++) {
      if (fields.includes(qSet[i]!)) fit = 1;
      else if (qTheme[i] !== qSet[i] && fields.includes(qTheme[i]!)) fit = 0.7;
    }
    return fit;
  };
  // Stage 1: the query's own coverage and the field, over everything touched; stage 2: for the best
  // few times k, the record's coverage by the query too (the full score's text is the mean of both).
  const idOf = (slot: number): string => docs[slot]!.id;
  const themes = target.themes;
  const qThemes = qIndexed ? qSide.themes[qSlot]! : themeMask(qFields);
  const pool = new TopK(k * (toOffers ? REFINE_FACTOR : OFFER_QUERY.refine), idOf);
  // The smallest acc that could still enter the pool, for a record whose field fit is at most 1
  // (shares a theme) or 0 (does not): records below it are skipped without reading them.
  let seenThreshold = NaN;
  let needField = -Infinity;
  let needText = -Infinity;
  const accNeeded = (rest: number): number => {
    if (!(rest > 0) || denom <= 0) return -Infinity;
    if (rest >= wT) return Infinity;
    // textValue(c) = 1 - exp(-(c / TEXT_SCALE)^2), inverted; a hair lower, so a tie is never skipped.
    return denom * TEXT_SCALE * Math.sqrt(-Math.log(1 - rest / wT)) * (1 - 1e-9) - 1;
  };
  for (let i = 0; i < nTouched; i++) {
    const slot = touched[i]!;
    const threshold = pool.threshold();
    if (threshold !== seenThreshold) {
      seenThreshold = threshold;
      needField = accNeeded(threshold - wF);
      needText = accNeeded(threshold);
    }
    // Cheapest tests first: most records are below even a field match's bar.
    const a = state[3 * slot + 1]!;
    if (a < needField) continue;
    const shares = (themes[slot]! & qThemes) !== 0;
    if (!shares && a < needText) continue;
    if (orgs[slot] === qOrgN || (flags[slot]! & skip) !== 0) continue;
    const text = wT * (denom > 0 ? textValue(a / denom) : 0);
    if (!shares) {
      pool.offer(slot, text);
      continue;
    }
    const doc = docs[slot]!;
    const fit = listFit(doc.fields);
    if (fit > 0) {
      pool.offer(slot, text + wF * fit);
    } else if (text + wF * 0.7 > pool.threshold()) {
      // Text-only hits may still share a theme: take their field fit, unless even a perfect one could not get in.
      pool.offer(slot, text + wF * fieldCover(qFields, doc.fields));
    }
  }
  // Records with a matching field and no shared text all score wF × their list fit: walk the field
  // lists only while such a record could still get in. Only records with the same code (or tagged
  // with its theme itself) are added for their field alone: a sibling in the same theme without
  // shared text cannot reach minScore (see relevanceGate), and whole-theme lists would cost a tenth
  // of the side per query.
  if (wF > 0 && pool.threshold() <= wF * (1 + 1e-9)) {
    const fieldOnly = (slot: number): void => {
      const at = 3 * slot;
      if (state[at] === stamp || flags[slot] === 0 || orgs[slot] === qOrgN || (flags[slot]! & skip) !== 0) return;
      state[at] = stamp;
      state[at + 1] = 0;
      state[at + 2] = 0;
      pool.offer(slot, wF * listFit(docs[slot]!.fields));
    };
    for (let i = 0; i < qSet.length; i++) {
      if (qTheme[i] !== qSet[i]) for (const slot of target.byField.get(qTheme[i]!) ?? []) fieldOnly(slot);
      for (const slot of target.byField.get(qSet[i]!) ?? []) fieldOnly(slot);
    }
  }
  // Stage 2 ranks the pool by the full fusion with the estimated coverages, so records whose text is
  // (nearly) the same are ordered by what the full score will order them by: TRL, price, targets, ...
  const heap = new TopK(k, idOf);
  const tVec = emptyVector();
  const now = referenceTime(params.now);
  const values = newValues();
  for (const h of pool.sorted()) {
    const slot = h.slot;
    const covQ = denom > 0 ? state[3 * slot + 1]! / denom : 0;
    const denT = ix.denominator(toOffers ? 'offer' : 'demand', target.vector(slot, tVec), slot);
    const covT = denT > 0 ? state[3 * slot + 2]! / denT : 0;
    const doc = docs[slot]!;
    // Once k are kept, a record whose best possible fusion cannot beat the k-th is not fused at all.
    const bar = heap.threshold();
    if (bar > 0) {
      const bound = toOffers ? fuseBound(doc.fields, qFields, covQ, covT, params) : fuseBound(qFields, doc.fields, covT, covQ, params);
      if (bound * (1 + 1e-9) + 1e-12 < bar) continue;
    }
    const c = toOffers
      ? fuse(doc as OfferInput, qDoc as DemandInput, covQ, covT, params, now, values)
      : fuse(qDoc as OfferInput, doc as DemandInput, covT, covQ, params, now, values);
    heap.offer(slot, c.score);
  }
  return heap.sorted();
}

/** Bounded selection of the k best (score desc, id asc); a min-heap of the current best. */
export class TopK {
  private slots: number[] = [];
  private scores: number[] = [];
  constructor(
    private readonly k: number,
    private readonly idOf: (slot: number) => string,
  ) {}

  /** The score to beat once full; -Infinity before. */
  threshold(): number {
    return this.slots.length < this.k ? -Infinity : this.scores[0]!;
  }

  /** True when a is worse than b. */
  private worse(sa: number, a: number, sb: number, b: number): boolean {
    if (sa !== sb) return sa < sb;
    return this.idOf(a) > this.idOf(b);
  }

  offer(slot: number, score: number): void {
    const { slots, scores } = this;
    if (slots.length < this.k) {
      slots.push(slot);
      scores.push(score);
      let i = slots.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!this.worse(scores[i]!, slots[i]!, scores[p]!, slots[p]!)) break;
        this.swap(i, p);
        i = p;
      }
      return;
    }
    if (!this.worse(scores[0]!, slots[0]!, score, slot)) return;
    slots[0] = slot;
    scores[0] = score;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < slots.length && this.worse(scores[l]!, slots[l]!, scores[m]!, slots[m]!)) m = l;
      if (r < slots.length && this.worse(scores[r]!, slots[r]!, scores[m]!, slots[m]!)) m = r;
      if (m === i) break;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const s = this.slots[i]!;
    this.slots[i] = this.slots[j]!;
    this.slots[j] = s;
    const c = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = c;
  }

  sorted(): Hit[] {
    const out = this.slots.map((slot, i) => ({ slot, retrieval: this.scores[i]! }));
    out.sort((a, b) => b.retrieval - a.retrieval || (this.idOf(a.slot) < this.idOf(b.slot) ? -1 : 1));
    return out;
  }
}

import type { DemandInput, MatchParams, OfferInput } from './types.js';
import { CRITERIA } from './types.js';
import { lengthNorm, queryTf } from './bm25.js';
import { FIXED, type MatchIndexImpl } from './matchindex.js';
import type { TermVector } from './vectors.js';
import {
  fieldCover,
  freshnessValue,
  geographyValue,
  languageValue,
  originValue,
  overlapValue,
  priceValue,
  trlGate,
  trlValue,
} from './features.js';

/** A folded-only match (different diacritics) counts this much of an exact one. */
export const FOLDED_ONLY = 0.8;
/**
 * Coverage scale of text relevance. On the demo set, intended pairs cover 0.14–0.39 (median 0.26)
 * of each other's idf weight, pairs that only share words 0.03–0.1, unrelated ones about 0.02: the
 * S-curve keeps the last two low and the first near 1.
 */
export const TEXT_SCALE = 0.18;

// Sums of per-term contributions are taken in fixed point (FIXED): term ids, hence merge order,
// depend on insertion order, and integer sums are exact in any order, so rebuilt and incremental
// indexes agree to the last bit.
export const textValue = (coverage: number): number => 1 - Math.exp(-((coverage / TEXT_SCALE) ** 2));

/**
 * Text coverage both ways in one merge of the two sorted vectors: covD, how much of the demand's
 * (idf-weighted) terms the offer has; covO, how much of the offer's terms the demand has.
 */
export function textCoverage(
  ix: MatchIndexImpl,
  oVec: TermVector,
  oSlot: number,
  dVec: TermVector,
  dSlot: number,
): { covD: number; covO: number } {
  const oNorm = lengthNorm(oVec.len);
  const dNorm = lengthNorm(dVec.len);
  let numD = 0;
  let numO = 0;
  const ot = oVec.terms;
  const dt = dVec.terms;
  const e = ix.epoch;
  let i = oVec.off;
  let j = dVec.off;
  const iEnd = i + oVec.n;
  const jEnd = j + dVec.n;
  while (i < iEnd && j < jEnd) {
    const a = ot[i]!;
    const b = dt[j]!;
    if (a < b) i++;
    else if (a > b) j++;
    else {
      const idf = ix.idf(a, e);
      const otf = oVec.tf[i]!;
      const dtf = dVec.tf[j]!;
      const m = oVec.exact[i] === dVec.exact[j] ? 1 : FOLDED_ONLY;
      numD += Math.round(idf * queryTf(dtf) * (otf / (otf + oNorm)) * m * FIXED);
      numO += Math.round(idf * queryTf(otf) * (dtf / (dtf + dNorm)) * m * FIXED);
      i++;
      j++;
    }
  }
  const denD = ix.denominator('demand', dVec, dSlot);
  const denO = ix.denominator('offer', oVec, oSlot);
  return { covD: denD > 0 ? numD / denD : 0, covO: denO > 0 ? numO / denO : 0 };
}

/**
 * One demand's vector spread over dense arrays by term id, so each of its candidate offers is
 * scored by one pass over the offer's terms with a direct lookup, instead of a merge: the same
 * per-term values (so bit-identical coverage, see FIXED), at about half the cost.
 */
export class DemandScatter {
  tf = new Uint8Array(0);
  exact = new Uint16Array(0);
  private loaded: TermVector | null = null;

  load(ix: MatchIndexImpl, v: TermVector): void {
    this.clear();
    const size = ix.dict.size;
    if (this.tf.length < size) {
      this.tf = new Uint8Array(size + (size >> 2));
      this.exact = new Uint16Array(this.tf.length);
    }
    for (let i = v.off, end = v.off + v.n; i < end; i++) {
      this.tf[v.terms[i]!] = v.tf[i]!;
      this.exact[v.terms[i]!] = v.exact[i]!;
    }
    this.loaded = { ...v };
  }

  clear(): void {
    const v = this.loaded;
    if (!v) return;
    for (let i = v.off, end = v.off + v.n; i < end; i++) this.tf[v.terms[i]!] = 0;
    this.loaded = null;
  }
}

/** textCoverage with the demand side pre-loaded into a DemandScatter. */
export function textCoverageScattered(
  ix: MatchIndexImpl,
  oVec: TermVector,
  oSlot: number,
  dVec: TermVector,
  dSlot: number,
  scatter: DemandScatter,
): { covD: number; covO: number } {
  const oNorm = lengthNorm(oVec.len);
  const dNorm = lengthNorm(dVec.len);
  let numD = 0;
  let numO = 0;
  const e = ix.epoch;
  const ot = oVec.terms;
  const dTf = scatter.tf;
  const stamps = ix.idfStamp;
  const cache = ix.idfCache;
  for (let i = oVec.off, end = oVec.off + oVec.n; i < end; i++) {
    const a = ot[i]!;
    const dtf = dTf[a]!;
    if (dtf === 0) continue;
    const idf = a < stamps.length && stamps[a] === e ? cache[a]! : ix.idf(a, e);
    const otf = oVec.tf[i]!;
    const m = oVec.exact[i] === scatter.exact[a] ? 1 : FOLDED_ONLY;
    numD += Math.round(idf * queryTf(dtf) * (otf / (otf + oNorm)) * m * FIXED);
    numO += Math.round(idf * queryTf(otf) * (dtf / (dtf + dNorm)) * m * FIXED);
  }
  const denD = ix.denominator('demand', dVec, dSlot);
  const denO = ix.denominator('offer', oVec, oSlot);
  return { covD: denD > 0 ? numD / denD : 0, covO: denO > 0 ? numO / denO : 0 };
}

const N = CRITERIA.length;
const IDX = Object.fromEntries(CRITERIA.map((c, i) => [c, i])) as Record<(typeof CRITERIA)[number], number>;
const DEMAND_SIDE = ['text', 'fields', 'trl', 'price', 'deal', 'method', 'origin', 'language', 'freshness'].map((c) => IDX[c as keyof typeof IDX]);
const SUPPLY_SIDE = ['text', 'fields', 'price', 'deal', 'geography', 'language', 'freshness'].map((c) => IDX[c as keyof typeof IDX]);

/** Each side's criterion weights as arrays, in DEMAND_SIDE / SUPPLY_SIDE order, for the last weights object seen. */
let weightsSeen: MatchParams['weights'] | undefined;
let sideWeightsSeen = { demand: new Float64Array(0), supply: new Float64Array(0) };
function sideWeights(w: MatchParams['weights']): { demand: Float64Array; supply: Float64Array } {
  if (w !== weightsSeen) {
    const crit = w as Record<string, number>;
    sideWeightsSeen = {
      demand: Float64Array.from(DEMAND_SIDE, (c) => crit[CRITERIA[c]!]!),
      supply: Float64Array.from(SUPPLY_SIDE, (c) => crit[CRITERIA[c]!]!),
    };
    weightsSeen = w;
  }
  return sideWeightsSeen;
}

/** Scratch for scoreCore when the values are not kept (one pair at a time, single-threaded). */
export const newValues = (): Float64Array => new Float64Array(2 * N);

/** Per-criterion values of one pair: demand side in [0, N), supply side in [N, 2N); NaN where not applicable. */
export interface PairCore {
  score: number;
  demandFit: number;
  supplyFit: number;
  values: Float64Array;
  covD: number;
  covO: number;
}

/**
 * The full score of a pair, or null when it must never be proposed: a prohibited technology, or
 * both sides belonging to one organisation.
 */
export function scoreCore(
  ix: MatchIndexImpl,
  o: OfferInput,
  oVec: TermVector,
  oSlot: number,
  d: DemandInput,
  dVec: TermVector,
  dSlot: number,
  params: MatchParams,
  now: number | null,
  scratch?: Float64Array,
  scatter?: DemandScatter,
): PairCore | null {
  if (neverProposed(o, d)) return null;
  const { covD, covO } = scatter ? textCoverageScattered(ix, oVec, oSlot, dVec, dSlot, scatter) : textCoverage(ix, oVec, oSlot, dVec, dSlot);
  return fuse(o, d, covD, covO, params, now, scratch);
}

/** A pair that is never proposed, whatever its score: a prohibited technology, or one organisation on both sides. */
export function neverProposed(o: OfferInput, d: DemandInput): boolean {
  return o.regulatoryClass === 'prohibited' || o.organizationId === d.organizationId;
}

/** The score of a pair from its two text coverages and everything structured (also used, with estimated coverages, by retrieval). */
export function fuse(o: OfferInput, d: DemandInput, covD: number, covO: number, params: MatchParams, now: number | null, scratch?: Float64Array): PairCore {
  const w = params.weights;
  const v = (scratch ?? new Float64Array(2 * N)).fill(NaN);
  const tD = textValue(covD);
  const tS = textValue(covO);
  const fD = fieldCover(d.fields, o.fields);
  const fS = fieldCover(o.fields, d.fields);
  const price = priceValue(o, d);
  const deal = overlapValue(o.dealTypes, d.dealTypes);
  const lang = languageValue(o.languages, d.languages);
  v[IDX.text] = tD;
  v[N + IDX.text] = tS;
  v[IDX.fields] = fD;
  v[N + IDX.fields] = fS;
  v[IDX.trl] = trlValue(o.trl, d.minTrl);
  v[IDX.price] = price;
  v[N + IDX.price] = price;
  v[IDX.deal] = deal;
  v[N + IDX.deal] = deal;
  v[IDX.method] = overlapValue(o.transferMethods, d.transferMethods);
  v[N + IDX.geography] = geographyValue(o, d);
  v[IDX.origin] = originValue(o, d);
  v[IDX.language] = lang;
  v[N + IDX.language] = lang;
  v[IDX.freshness] = freshnessValue(o.updatedAt, now);
  v[N + IDX.freshness] = freshnessValue(d.updatedAt, now);

  const ws = sideWeights(w);
  let dSum = 0;
  let dW = 0;
  for (let i = 0; i < DEMAND_SIDE.length; i++) {
    const wc = ws.demand[i]!;
    dSum += wc * v[DEMAND_SIDE[i]!]!;
    dW += wc;
  }
  let sSum = 0;
  let sW = 0;
  for (let i = 0; i < SUPPLY_SIDE.length; i++) {
    const wc = ws.supply[i]!;
    sSum += wc * v[N + SUPPLY_SIDE[i]!]!;
    sW += wc;
  }
  const demandFit = dW > 0 ? dSum / dW : 0;
  const supplyFit = sW > 0 ? sSum / sW : 0;
  // Harmonic mean (RECON): a one-sided fit ranks low.
  const h = demandFit + supplyFit > 0 ? (2 * demandFit * supplyFit) / (demandFit + supplyFit) : 0;
  const score = h * relevanceGate(w.text, w.fields, (tD + tS) / 2, (fD + fS) / 2) * trlGate(o.trl, d.minTrl);
  return { score, demandFit, supplyFit, values: v, covD, covO };
}

/**
 * An upper bound of fuse(o, d, covD, covO, ...).score from the text coverages and the fields alone:
 * every other criterion at its best (1), the TRL gate at 1. The fused score rises with each side's
 * fit, so no pair scores above it. NaN when a weight is negative (then it bounds nothing).
 */
export function fuseBound(oFields: readonly string[], dFields: readonly string[], covD: number, covO: number, params: MatchParams): number {
  const w = params.weights;
  const ws = sideWeights(w);
  const tD = textValue(covD);
  const tS = textValue(covO);
  const fD = fieldCover(dFields, oFields);
  const fS = fieldCover(oFields, dFields);
  let dSum = 0;
  let dW = 0;
  for (let i = 0; i < DEMAND_SIDE.length; i++) {
    const c = DEMAND_SIDE[i]!;
    const wc = ws.demand[i]!;
    if (wc < 0) return NaN;
    dSum += wc * (c === IDX.text ? tD : c === IDX.fields ? fD : 1);
    dW += wc;
  }
  let sSum = 0;
  let sW = 0;
  for (let i = 0; i < SUPPLY_SIDE.length; i++) {
    const c = SUPPLY_SIDE[i]!;
    const wc = ws.supply[i]!;
    if (wc < 0) return NaN;
    sSum += wc * (c === IDX.text ? tS : c === IDX.fields ? fS : 1);
    sW += wc;
  }
  const a = dW > 0 ? dSum / dW : 0;
  const b = sW > 0 ? sSum / sW : 0;
  const h = a + b > 0 ? (2 * a * b) / (a + b) : 0;
  return h * relevanceGate(w.text, w.fields, (tD + tS) / 2, (fD + fS) / 2);
}

/**
 * Structured criteria are often all met by unrelated pairs; without shared text or fields a pair
 * keeps only a small part of its score, so topic decides and candidate retrieval (which ranks by
 * text and fields) cannot miss a high-scoring pair.
 */
export function relevanceGate(wText: number, wFields: number, text: number, fields: number): number {
  const sum = wText + wFields;
  const r = sum > 0 ? (wText * text + wFields * fields) / sum : 1;
  return Math.min(1, 0.1 + (0.9 * r) / 0.6);
}

/** One value per criterion (mean of the sides it applies to), in CRITERIA order. */
export function criterionValues(values: Float64Array): number[] {
  const out: number[] = [];
  for (let c = 0; c < N; c++) {
    const a = values[c]!;
    const b = values[N + c]!;
    out.push(Number.isNaN(a) ? b : Number.isNaN(b) ? a : (a + b) / 2);
  }
  return out;
}

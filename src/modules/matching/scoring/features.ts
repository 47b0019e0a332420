import type { DemandInput, OfferInput } from './types.js';
import { codeInfo } from './corpus.js';

/** Hierarchy-aware similarity of two field codes: same code 1, parent and child 0.7, same theme 0.5. */
export function fieldSim(a: string, b: string): number {
  if (a === b) return 1;
  const ia = codeInfo(a);
  const ib = codeInfo(b);
  if (ia.theme !== ib.theme) return 0;
  return ia.isTheme || ib.isTheme ? 0.7 : 0.5;
}

/** How well the fields of `from` are covered by `to`: half the best pair, half the average best match. */
export function fieldCover(from: readonly string[], to: readonly string[]): number {
  if (from.length === 0 || to.length === 0) return 0;
  if (from.length === 1 && to.length === 1) return fieldSim(from[0]!, to[0]!);
  let best = 0;
  let sum = 0;
  for (let i = 0; i < from.length; i++) {
    const a = from[i]!;
    let m = 0;
    for (let j = 0; j < to.length && m < 1; j++) {
      const s = fieldSim(a, to[j]!);
      if (s > m) m = s;
    }
    if (m > best) best = m;
    sum += m;
  }
  return 0.5 * best + 0.5 * (sum / from.length);
}

/** The offer's TRL against the demand's minimum: met is 1, each level short costs a lot. */
export function trlValue(trl: number, minTrl: number | null): number {
  if (minTrl === null || trl >= minTrl) return 1;
  return Math.max(0, 0.4 - 0.2 * (minTrl - trl - 1));
}

/** Multiplier on the fused score for an offer below the required TRL ("below min is a strong penalty"). */
export function trlGate(trl: number, minTrl: number | null): number {
  if (minTrl === null || trl >= minTrl) return 1;
  return Math.max(0.2, 0.75 - 0.2 * (minTrl - trl - 1));
}

/**
 * Price range against budget. Overlap is 1; a price above the budget falls with the square of the
 * ratio (twice the budget: 0.25); a negotiable price keeps part of the gap open. Unknown on either
 * side is neutral-ish (0.7), below a known fit.
 */
export function priceValue(o: OfferInput, d: DemandInput): number {
  const pMin = o.priceMin ?? o.priceMax;
  const bMax = d.budgetMax ?? d.budgetMin;
  if (pMin === null || bMax === null) return o.priceNegotiable ? 0.8 : 0.7;
  if (pMin <= bMax) {
    // A technology priced far below the budget is fine for the buyer; the seller would rather
    // meet a buyer who can pay, so a budget far above the price costs nothing either.
    return 1;
  }
  const ratio = bMax / pMin;
  const v = ratio * ratio;
  return o.priceNegotiable ? Math.max(v, Math.min(0.85, 0.3 + 0.6 * ratio)) : v;
}

/** Overlap of two accepted sets: empty means no preference. */
export function overlapValue(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0.85;
  for (const x of a) if (b.includes(x)) return 1;
  return 0.1;
}

/** Does the owner want to transfer where the demand is? Empty targets: anywhere. */
export function geographyValue(o: OfferInput, d: DemandInput): number {
  const countryOk = o.targetCountries.length === 0 || o.targetCountries.includes(d.country);
  if (!countryOk) return 0.1;
  if (o.targetProvinces.length === 0 || d.country !== 'VN') return 1;
  if (o.targetProvinces.includes(d.province)) return 1;
  return 0.4;
}

export function originValue(o: OfferInput, d: DemandInput): number {
  const domestic = o.country === 'VN';
  if (d.originPreference === 'domestic') return domestic ? 1 : 0.15;
  if (d.originPreference === 'foreign') return domestic ? 0.3 : 1;
  return 1;
}

/** A shared working language, else an interpreter is needed. */
export function languageValue(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0.7;
  for (const x of a) if (b.includes(x)) return 1;
  return 0.35;
}

const DAY = 86_400_000;
/** Recency of an update: full for six months, then halves every year; neutral without a reference time. */
let lastAge = NaN;
let lastFreshness = 1;
export function freshnessValue(updatedAt: Date, now: number | null): number {
  if (now === null) return 1;
  const age = (now - updatedAt.getTime()) / DAY;
  if (age <= 180) return 1;
  // One side of a query is the same record for hundreds of pairs: keep the last value.
  if (age !== lastAge) {
    lastAge = age;
    lastFreshness = Math.max(0.1, Math.pow(0.5, (age - 180) / 365));
  }
  return lastFreshness;
}

export function referenceTime(now: string | Date | undefined): number | null {
  if (now === undefined) return null;
  const t = now instanceof Date ? now.getTime() : Date.parse(now);
  return Number.isFinite(t) ? t : null;
}

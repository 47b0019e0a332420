/**
 * BM25 constants. Length normalisation is against a fixed reference length rather than the
 * corpus average, so a posting's impact is known when it is written (postings store it in a byte)
 * and no score moves when unrelated records come and go.
 */
export const K1 = 1.2;
export const B = 0.75;
/** Field-weighted length of a typical record (the demo set averages 580, short portal records far less). */
export const REF_LEN = 500;

/** Length part of the BM25 denominator for a record of this (field-weighted) length. */
export const lengthNorm = (len: number): number => K1 * (1 - B + (B * len) / REF_LEN);

/** Term saturation in [0, 1). */
export const saturation = (tf: number, len: number): number => tf / (tf + lengthNorm(len));

/** Saturation quantised to a byte, as stored in postings. */
export const impact = (tf: number, len: number): number => Math.round(255 * saturation(tf, len));

const K3 = 4;
const QTF = new Float64Array(256).map((_, tf) => (tf * (K3 + 1)) / (tf + K3));
/** Saturating weight of a term's (field-weighted) count in the record that asks, in [0, K3 + 1). */
export function queryTf(tf: number): number {
  return tf < 256 ? QTF[tf]! : (tf * (K3 + 1)) / (tf + K3);
}
export const QUERY_TF_MAX = K3 + 1;

/** queryTf quantised to a byte, as stored in postings for the reverse direction. */
export const queryImpact = (tf: number): number => Math.round((255 * queryTf(tf)) / QUERY_TF_MAX);

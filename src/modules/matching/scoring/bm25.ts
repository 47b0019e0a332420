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

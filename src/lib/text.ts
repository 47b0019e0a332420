/** Vietnamese-aware text helpers shared by the registry's search and (later) the matcher. */

/** NFC-normalises a string; every text ketnoi stores goes through this. */
export const nfc = (s: string): string => s.normalize('NFC');

/**
 * Removes diacritics: NFD, drop combining marks, then đ→d / Đ→D (đ has no decomposition).
 * "Xử lý nước thải Đà Nẵng" → "Xu ly nuoc thai Da Nang".
 */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Lower-case NFC, as the exact (diacritic-preserving) search form. */
export const exactForm = (s: string): string => nfc(s).toLocaleLowerCase('vi');

/** Lower-case folded form. */
export const foldedForm = (s: string): string => fold(exactForm(s));

/** Splits into syllables/words of letters and digits only, so tokens are safe inside a tsquery. */
export function tokens(s: string): string[] {
  return s.split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 0);
}

/** Recursively NFC-normalises every string in a JSON-like value (request bodies on write). */
export function nfcDeep<T>(value: T): T {
  if (typeof value === 'string') return nfc(value) as T;
  if (Array.isArray(value)) return value.map((v) => nfcDeep(v)) as T;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, nfcDeep(v)])) as T;
  }
  return value;
}

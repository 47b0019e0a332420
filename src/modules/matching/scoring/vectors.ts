import type { DemandInput, Localized, OfferInput } from './types.js';
import { analyzeInto } from './analyze.js';

/**
 * Term dictionary and per-record term vectors. Term ids are shared by offers and demands, so a
 * demand's vector can be looked up directly in the offers' postings and merged with an offer's.
 */
export class TermDict {
  private readonly ids = new Map<string, number>();
  get size(): number {
    return this.ids.size;
  }
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }
  lookup(term: string): number | undefined {
    return this.ids.get(term);
  }
}

/** A record's terms, sorted by id; tf is the field-weighted count; exact a 16-bit hash of the first exact form seen. */
export interface TermVector {
  terms: Int32Array;
  tf: Uint16Array;
  exact: Uint16Array;
  /** Sum of tf. */
  len: number;
}

// Integer field weights keep tf and lengths exact integers, so sums never depend on insertion order.
const OFFER_FIELDS = [
  ['title', 4],
  ['summary', 2],
  ['applications', 1],
  ['description', 1],
  ['advantages', 1],
] as const;
const DEMAND_FIELDS = [
  ['title', 4],
  ['problem', 2],
  ['requiredResult', 2],
  ['currentProcess', 1],
  ['constraints', 1],
] as const;
const KEYWORD_WEIGHT = 4;

function hash16(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & 0xffff;
}

function texts(l: Localized | null | undefined): string[] {
  if (!l) return [];
  const out: string[] = [];
  if (l.vi) out.push(l.vi);
  if (l.en) out.push(l.en);
  if (l.ko) out.push(l.ko);
  return out;
}

function build(dict: TermDict, parts: [string[], number][], keywords: readonly string[]): TermVector {
  const tf = new Map<number, number>();
  const exact = new Map<number, number>();
  const sink = (folded: string, ex: string, w: number): void => {
    const id = dict.id(folded);
    const prev = tf.get(id);
    if (prev === undefined) {
      tf.set(id, w);
      exact.set(id, hash16(ex));
    } else tf.set(id, prev + w);
  };
  for (const [list, w] of parts) for (const t of list) analyzeInto(t, w, sink);
  for (const k of keywords) analyzeInto(k, KEYWORD_WEIGHT, sink);
  const ids = [...tf.keys()].sort((a, b) => a - b);
  const v: TermVector = { terms: Int32Array.from(ids), tf: new Uint16Array(ids.length), exact: new Uint16Array(ids.length), len: 0 };
  let len = 0;
  for (let i = 0; i < ids.length; i++) {
    const f = Math.min(65535, tf.get(ids[i]!)!);
    v.tf[i] = f;
    v.exact[i] = exact.get(ids[i]!)!;
    len += f;
  }
  v.len = len;
  return v;
}

export function offerVector(dict: TermDict, o: OfferInput): TermVector {
  return build(
    dict,
    OFFER_FIELDS.map(([k, w]) => [texts(o[k]), w] as [string[], number]),
    o.keywords,
  );
}

export function demandVector(dict: TermDict, d: DemandInput): TermVector {
  return build(
    dict,
    DEMAND_FIELDS.map(([k, w]) => [texts(d[k]), w] as [string[], number]),
    d.keywords,
  );
}

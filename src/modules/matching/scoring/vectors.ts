import type { DemandInput, Localized, OfferInput } from './types.js';
import { scan, type ScanVisitor } from './analyze.js';

/**
 * Term dictionary and per-record term vectors. Term ids are shared by offers and demands, so a
 * demand's vector can be looked up directly in the offers' postings and merged with an offer's.
 */
export class TermDict {
  private readonly ids = new Map<string, number>();
  // Bigrams keyed by their two syllable ids: no string is built per bigram while indexing.
  private pairA = new Int32Array(1 << 16);
  private pairB = new Int32Array(1 << 16);
  private pairId = new Int32Array(1 << 16).fill(-1);
  private pairCount = 0;
  private next = 0;
  /**
   * A hash of each term's text, by id. Ids depend on insertion order; wherever term order could
   * change a result (ties between query terms), the hash decides instead, so an index built in any
   * order gives the same answers.
   */
  hashes: Int32Array = new Int32Array(1 << 16);
  /** A dictionary that only knows the hashes and size of another (a helper thread's view: see MatchIndexImpl.fromView). */
  static view(hashes: Int32Array, size: number): TermDict {
    const d = new TermDict();
    d.hashes = hashes;
    d.next = size;
    return d;
  }
  get size(): number {
    return this.next;
  }
  id(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.newId(hash32(term));
      this.ids.set(term, id);
    }
    return id;
  }
  private newId(h: number): number {
    const id = this.next++;
    if (id >= this.hashes.length) {
      const a = new Int32Array(this.hashes.length * 2);
      a.set(this.hashes);
      this.hashes = a;
    }
    this.hashes[id] = h;
    return id;
  }
  /** Open addressing on two int keys: a Map keyed by a*2^26+b hashes heap doubles and was the build's hot spot. */
  pair(a: number, b: number): number {
    const mask = this.pairId.length - 1;
    let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b)) & mask;
    for (;;) {
      const id = this.pairId[h]!;
      if (id < 0) break;
      if (this.pairA[h] === a && this.pairB[h] === b) return id;
      h = (h + 1) & mask;
    }
    const id = this.newId(Math.imul(this.hashes[a]!, 0x01000193) ^ this.hashes[b]!);
    this.pairA[h] = a;
    this.pairB[h] = b;
    this.pairId[h] = id;
    if (++this.pairCount * 2 > this.pairId.length) this.rehash();
    return id;
  }

  private rehash(): void {
    const [oa, ob, oi] = [this.pairA, this.pairB, this.pairId];
    const n = oi.length * 2;
    this.pairA = new Int32Array(n);
    this.pairB = new Int32Array(n);
    this.pairId = new Int32Array(n).fill(-1);
    const mask = n - 1;
    for (let i = 0; i < oi.length; i++) {
      if (oi[i]! < 0) continue;
      let h = (Math.imul(oa[i]!, 0x9e3779b1) ^ Math.imul(ob[i]!, 0x85ebca6b)) & mask;
      while (this.pairId[h]! >= 0) h = (h + 1) & mask;
      this.pairA[h] = oa[i]!;
      this.pairB[h] = ob[i]!;
      this.pairId[h] = oi[i]!;
    }
  }
}

/**
 * A record's terms, sorted by id, at [off, off + n) of the arrays: tf is the field-weighted count
 * (capped at 255), exact a 16-bit hash of the first exact form seen. Indexed records share pooled
 * arrays (three typed arrays per record would cost more in headers than in data).
 */
export interface TermVector {
  terms: Int32Array;
  tf: Uint8Array;
  exact: Uint16Array;
  off: number;
  n: number;
  /** Sum of tf. */
  len: number;
}

export const emptyVector = (): TermVector => ({ terms: new Int32Array(0), tf: new Uint8Array(0), exact: new Uint16Array(0), off: 0, n: 0, len: 0 });

// Integer field weights keep tf and lengths exact integers, so sums never depend on insertion order.
// Bigrams come only from fields of weight 2 and more: the long free-text fields would double the
// index for little precision, their syllables still count.
const BIGRAM_MIN_WEIGHT = 2;
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

function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
const hash16 = (s: string): number => {
  const h = hash32(s);
  return (h ^ (h >>> 16)) & 0xffff;
};

function texts(l: Localized | null | undefined): string[] {
  if (!l) return [];
  const out: string[] = [];
  if (l.vi) out.push(l.vi);
  if (l.en) out.push(l.en);
  if (l.ko) out.push(l.ko);
  return out;
}

const hashCache = new Map<string, number>();
function hashOf(exact: string): number {
  let h = hashCache.get(exact);
  if (h === undefined) {
    h = hash16(exact);
    if (hashCache.size > 200_000) hashCache.clear();
    hashCache.set(exact, h);
  }
  return h;
}

// One set of scratch arrays for all builds (single-threaded): tf and exact hash by term id.
let tfAcc = new Int32Array(1 << 16);
let exactAcc = new Uint16Array(1 << 16);
let touched = new Int32Array(1 << 12);
let nTouched = 0;

function addTerm(id: number, w: number, h: number): void {
  if (id >= tfAcc.length) {
    let n = tfAcc.length;
    while (n <= id) n *= 2;
    const a = new Int32Array(n);
    a.set(tfAcc);
    tfAcc = a;
    const b = new Uint16Array(n);
    b.set(exactAcc);
    exactAcc = b;
  }
  if (tfAcc[id] === 0) {
    if (nTouched === touched.length) {
      const t = new Int32Array(touched.length * 2);
      t.set(touched);
      touched = t;
    }
    touched[nTouched++] = id;
    exactAcc[id] = h;
  }
  tfAcc[id]! += w;
}

let outTerms = new Int32Array(1024);
let outTf = new Uint8Array(1024);
let outExact = new Uint16Array(1024);

/** Builds into shared scratch arrays: the result is valid until the next build (copy it to keep it). */
function build(dict: TermDict, parts: [string[], number][], keywords: readonly string[]): TermVector {
  let bigrams = true;
  let prevId = -1;
  let prevH = 0;
  const visitor: ScanVisitor = {
    term(f, e, w) {
      addTerm(dict.id(f), w, hashOf(e));
    },
    token(f, e, w, unigram) {
      const id = dict.id(f);
      const h = hashOf(e);
      if (unigram) addTerm(id, w, h);
      if (bigrams && prevId >= 0) addTerm(dict.pair(prevId, id), w, (Math.imul(prevH, 31) + h) & 0xffff);
      prevId = id;
      prevH = h;
    },
    gap() {
      prevId = -1;
    },
  };
  for (const [list, w] of parts) {
    bigrams = w >= BIGRAM_MIN_WEIGHT;
    for (const t of list) scan(t, w, visitor);
  }
  bigrams = true;
  for (const k of keywords) scan(k, KEYWORD_WEIGHT, visitor);
  const n = nTouched;
  if (n > outTerms.length) {
    let cap = outTerms.length;
    while (cap < n) cap *= 2;
    outTerms = new Int32Array(cap);
    outTf = new Uint8Array(cap);
    outExact = new Uint16Array(cap);
  }
  const ids = touched.subarray(0, n).sort();
  let len = 0;
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    const f = Math.min(255, tfAcc[id]!);
    outTerms[i] = id;
    outTf[i] = f;
    outExact[i] = exactAcc[id]!;
    len += f;
    tfAcc[id] = 0;
  }
  nTouched = 0;
  return { terms: outTerms, tf: outTf, exact: outExact, off: 0, n, len };
}

/** A standalone copy of a vector (for one not kept in an index). */
export function detach(v: TermVector): TermVector {
  return {
    terms: v.terms.slice(v.off, v.off + v.n),
    tf: v.tf.slice(v.off, v.off + v.n),
    exact: v.exact.slice(v.off, v.off + v.n),
    off: 0,
    n: v.n,
    len: v.len,
  };
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

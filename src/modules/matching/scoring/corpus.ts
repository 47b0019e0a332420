import { FIELDS } from '../../reference/fields.data.js';
import { impact, queryImpact } from './bm25.js';
import type { TermVector } from './vectors.js';

const PARENT = new Map(FIELDS.map((f) => [f.code, f.parent]));

/** Top-level theme of a field code; unknown codes fall back to the part before the dot. */
const THEME_BIT = new Map<string, number>();
/** One bit per top-level theme (codes beyond 31 themes share bits: a cheap pre-check, never the verdict). */
export function themeMask(codes: readonly string[]): number {
  let m = 0;
  for (const c of codes) {
    const t = themeOf(c);
    let bit = THEME_BIT.get(t);
    if (bit === undefined) {
      bit = 1 << (THEME_BIT.size % 31);
      THEME_BIT.set(t, bit);
    }
    m |= bit;
  }
  return m;
}

/** What the field similarity needs of one code, computed once per distinct code. */
export interface CodeInfo {
  theme: string;
  /** The code is a theme itself (a top-level code). */
  isTheme: boolean;
}
const CODE_INFO = new Map<string, CodeInfo>();

export function codeInfo(code: string): CodeInfo {
  let info = CODE_INFO.get(code);
  if (info === undefined) {
    const p = PARENT.get(code);
    const dot = code.indexOf('.');
    const theme = p !== undefined ? (p ?? code) : dot < 0 ? code : code.slice(0, dot);
    info = { theme, isTheme: theme === code };
    // Codes come from a validated taxonomy; the bound only guards against unbounded junk.
    if (CODE_INFO.size > 10_000) CODE_INFO.clear();
    CODE_INFO.set(code, info);
  }
  return info;
}

export function themeOf(code: string): string {
  return codeInfo(code).theme;
}

type Pooled = Int32Array | Uint16Array | Uint8Array | Float64Array;
type PooledCtor<T extends Pooled> = { new (buffer: ArrayBufferLike): T; BYTES_PER_ELEMENT: number };

/**
 * a itself when it is on shared memory, else a copy there. The index's arrays grow on shared memory
 * (see grow), so helper threads (engine/parallel.ts) read them without a copy of their own; only
 * arrays made otherwise (a fresh side, a trimmed one) are copied here, once.
 */
function toShared<T extends Pooled>(a: T): T {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const Ctor = a.constructor as PooledCtor<T>;
  const b = new Ctor(new SharedArrayBuffer(a.length * Ctor.BYTES_PER_ELEMENT));
  b.set(a as never);
  return b;
}

// Growth of the index's arrays. By default 4×: the unused tail of a new block is never written, so
// it takes address space, not memory, and few steps leave little garbage behind (1.5× left about
// twice the index's size to the collector). Arrays filled with a value are written whole: those grow
// by 1.5×, and so do arrays that must keep one length together (the per-term arrays).
const SPARSE_GROWTH = 4;
const DENSE_GROWTH = 1.5;

/**
 * a, or a larger copy on shared memory. The old block is freed once collected, on a later turn of
 * the event loop: the engine's thread takes a turn between sync batches (a bench that indexes in
 * one go must too, or the old blocks pile up).
 */
function grow<T extends Pooled>(a: T, need: number, fill = 0, factor = fill === 0 ? SPARSE_GROWTH : DENSE_GROWTH): T {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length);
  while (n < need) n = Math.ceil(n * factor);
  const Ctor = a.constructor as PooledCtor<T>;
  const b = new Ctor(new SharedArrayBuffer(n * Ctor.BYTES_PER_ELEMENT));
  b.set(a as never);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

/** Organisation ids as small integers, shared by both sides, so hot loops compare numbers, not strings. */
const ORG_IDS = new Map<string, number>();
export function orgNumber(id: string): number {
  let n = ORG_IDS.get(id);
  if (n === undefined) {
    n = ORG_IDS.size + 1;
    ORG_IDS.set(id, n);
  }
  return n;
}

/** Slot flags: the slot holds a live record; the record is a prohibited technology. */
export const LIVE = 1;
export const PROHIBITED = 2;

const FIRST_BLOCK = 2;
const MAX_BLOCK = 1024;

/** One side of the index as another thread receives it (see Corpus.view). */
export interface CorpusView<T> {
  docs: (T | undefined)[];
  lens: Int32Array;
  themes: Int32Array;
  orgs: Int32Array;
  flags: Uint8Array;
  vOff: Int32Array;
  vN: Int32Array;
  vTerms: Int32Array;
  vTf: Uint8Array;
  vExact: Uint16Array;
  df: Int32Array;
  pool: Int32Array;
  poolTf: Uint8Array;
  poolQ: Uint8Array;
  head: Int32Array;
  tailUsed: Int32Array;
  byField: Map<string, number[]>;
  live: number;
  totalLen: number;
  dead: number;
  epoch: number;
}

/**
 * One side of the index (offers or demands): records by slot, their term vectors, live document
 * frequencies, and postings. Vectors and postings live in a few pooled typed arrays (postings as
 * linked blocks of slot ids with a parallel byte array of BM25 impacts), so a hundred thousand records cost a few
 * large arrays, not a million small objects. Removal leaves a tombstone that queries skip; the side
 * is rebuilt once tombstones outnumber live records.
 */
export class Corpus<T extends { id: string; fields: string[]; organizationId: string; regulatoryClass?: string }> {
  docs: (T | undefined)[] = [];
  lens: Int32Array = new Int32Array(16);
  /** themeMask of each slot's fields. */
  themes: Int32Array = new Int32Array(16);
  /** orgNumber of each slot's organisation, and its LIVE / PROHIBITED flags (hot loops never touch the records). */
  orgs: Int32Array = new Int32Array(16);
  flags: Uint8Array = new Uint8Array(16);
  private vOff: Int32Array = new Int32Array(16);
  private vN: Int32Array = new Int32Array(16);
  private vTerms: Int32Array = new Int32Array(1 << 16);
  private vTf: Uint8Array = new Uint8Array(1 << 16);
  private vExact: Uint16Array = new Uint16Array(1 << 16);
  private vUsed = 0;
  slotOf = new Map<string, number>();
  live = 0;
  totalLen = 0;
  dead = 0;
  /** Bumped on every change; caches keyed on it stay valid between changes. */
  epoch = 0;
  df: Int32Array = new Int32Array(1024);
  byField = new Map<string, number[]>();
  byTheme = new Map<string, number[]>();

  private pool: Int32Array = new Int32Array(1 << 16);
  poolTf: Uint8Array = new Uint8Array(1 << 16);
  /** queryTf of the posting's record, for the coverage of that record's own terms. */
  poolQ: Uint8Array = new Uint8Array(1 << 16);
  private poolUsed = 0;
  private head: Int32Array = new Int32Array(1024).fill(-1);
  private tail: Int32Array = new Int32Array(1024).fill(-1);
  private tailUsed: Int32Array = new Int32Array(1024);

  /**
   * What another thread needs to query this side: the arrays (on shared memory, so not copied when
   * posted) and the records (this side's own list: see engine/packed-records.ts for posting them).
   * Valid until this side next changes.
   */
  view(): CorpusView<T> {
    this.lens = toShared(this.lens);
    this.themes = toShared(this.themes);
    this.orgs = toShared(this.orgs);
    this.flags = toShared(this.flags);
    this.vOff = toShared(this.vOff);
    this.vN = toShared(this.vN);
    this.vTerms = toShared(this.vTerms);
    this.vTf = toShared(this.vTf);
    this.vExact = toShared(this.vExact);
    this.df = toShared(this.df);
    this.pool = toShared(this.pool);
    this.poolTf = toShared(this.poolTf);
    this.poolQ = toShared(this.poolQ);
    this.head = toShared(this.head);
    this.tailUsed = toShared(this.tailUsed);
    return {
      docs: this.docs,
      lens: this.lens,
      themes: this.themes,
      orgs: this.orgs,
      flags: this.flags,
      vOff: this.vOff,
      vN: this.vN,
      vTerms: this.vTerms,
      vTf: this.vTf,
      vExact: this.vExact,
      df: this.df,
      pool: this.pool,
      poolTf: this.poolTf,
      poolQ: this.poolQ,
      head: this.head,
      tailUsed: this.tailUsed,
      byField: this.byField,
      live: this.live,
      totalLen: this.totalLen,
      dead: this.dead,
      epoch: this.epoch,
    };
  }

  /** A read-only side over a view (slotOf, byTheme and the means to add or remove are left empty). */
  static fromView<T extends { id: string; fields: string[]; organizationId: string; regulatoryClass?: string }>(v: CorpusView<T>): Corpus<T> {
    const c = new Corpus<T>();
    c.docs = v.docs;
    c.lens = v.lens;
    c.themes = v.themes;
    c.orgs = v.orgs;
    c.flags = v.flags;
    c.vOff = v.vOff;
    c.vN = v.vN;
    c.vTerms = v.vTerms;
    c.vTf = v.vTf;
    c.vExact = v.vExact;
    c.df = v.df;
    c.pool = v.pool;
    c.poolTf = v.poolTf;
    c.poolQ = v.poolQ;
    c.head = v.head;
    c.tailUsed = v.tailUsed;
    c.byField = v.byField;
    c.live = v.live;
    c.totalLen = v.totalLen;
    c.dead = v.dead;
    c.epoch = v.epoch;
    return c;
  }

  get(id: string): T | undefined {
    const s = this.slotOf.get(id);
    return s === undefined ? undefined : this.docs[s];
  }

  /** The vector of a slot, written into out (no allocation). */
  vector(slot: number, out: TermVector): TermVector {
    out.terms = this.vTerms;
    out.tf = this.vTf;
    out.exact = this.vExact;
    out.off = this.vOff[slot]!;
    out.n = this.vN[slot]!;
    out.len = this.lens[slot]!;
    return out;
  }

  add(doc: T, vec: TermVector): void {
    if (this.slotOf.has(doc.id)) this.remove(doc.id);
    const slot = this.docs.length;
    this.docs.push(doc);
    this.lens = grow(this.lens, slot + 1);
    this.themes = grow(this.themes, slot + 1);
    this.themes[slot] = themeMask(doc.fields);
    this.orgs = grow(this.orgs, slot + 1);
    this.orgs[slot] = orgNumber(doc.organizationId);
    this.flags = grow(this.flags, slot + 1);
    this.flags[slot] = LIVE | (doc.regulatoryClass === 'prohibited' ? PROHIBITED : 0);
    this.vOff = grow(this.vOff, slot + 1);
    this.vN = grow(this.vN, slot + 1);
    this.lens[slot] = vec.len;
    const need = this.vUsed + vec.n;
    if (need > this.vTerms.length) {
      this.vTerms = grow(this.vTerms, need);
      this.vTf = grow(this.vTf, need);
      this.vExact = grow(this.vExact, need);
    }
    this.vTerms.set(vec.terms.subarray(vec.off, vec.off + vec.n), this.vUsed);
    this.vTf.set(vec.tf.subarray(vec.off, vec.off + vec.n), this.vUsed);
    this.vExact.set(vec.exact.subarray(vec.off, vec.off + vec.n), this.vUsed);
    this.vOff[slot] = this.vUsed;
    this.vN[slot] = vec.n;
    this.vUsed = need;
    this.slotOf.set(doc.id, slot);
    this.live++;
    this.totalLen += vec.len;
    this.epoch++;
    this.indexSlot(slot, doc);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    for (let i = this.vOff[slot]!, end = i + this.vN[slot]!; i < end; i++) this.df[this.vTerms[i]!]!--;
    this.docs[slot] = undefined;
    this.flags[slot] = 0;
    this.slotOf.delete(id);
    this.live--;
    this.totalLen -= this.lens[slot]!;
    this.dead++;
    this.epoch++;
    if (this.dead > 1000 && this.dead > this.live) this.compact();
    return true;
  }

  /** Releases the unused tail of the pools (after a bulk build). */
  trim(): void {
    this.vTerms = this.vTerms.slice(0, Math.max(16, this.vUsed));
    this.vTf = this.vTf.slice(0, this.vTerms.length);
    this.vExact = this.vExact.slice(0, this.vTerms.length);
    this.pool = this.pool.slice(0, Math.max(16, this.poolUsed));
    this.poolTf = this.poolTf.slice(0, this.pool.length);
    this.poolQ = this.poolQ.slice(0, this.pool.length);
  }

  /**
   * The raw postings for hot loops: a term's blocks start at head[t] and chain through pool[b]
   * (-1 ends); a block holds pool[b + 1] entries from b + 2 (the last block tailUsed[t]), each a
   * slot with its impact and own byte at the same index.
   */
  postings(): { pool: Int32Array; impacts: Uint8Array; own: Uint8Array; head: Int32Array; tailUsed: Int32Array } {
    return { pool: this.pool, impacts: this.poolTf, own: this.poolQ, head: this.head, tailUsed: this.tailUsed };
  }

  liveDf(t: number): number {
    return t < this.df.length ? this.df[t]! : 0;
  }

  private indexSlot(slot: number, doc: T): void {
    const off = this.vOff[slot]!;
    const n = this.vN[slot]!;
    const maxTerm = n > 0 ? this.vTerms[off + n - 1]! : 0;
    if (maxTerm >= this.df.length) {
      // One length for the four (df's is the one tested).
      this.df = grow(this.df, maxTerm + 1, 0, DENSE_GROWTH);
      this.head = grow(this.head, maxTerm + 1, -1, DENSE_GROWTH);
      this.tail = grow(this.tail, maxTerm + 1, -1, DENSE_GROWTH);
      this.tailUsed = grow(this.tailUsed, maxTerm + 1, 0, DENSE_GROWTH);
    }
    const len = this.lens[slot]!;
    for (let i = off; i < off + n; i++) {
      const t = this.vTerms[i]!;
      this.df[t]!++;
      this.append(t, slot, impact(this.vTf[i]!, len), queryImpact(this.vTf[i]!));
    }
    const themes = new Set<string>();
    for (const f of new Set(doc.fields)) {
      pushTo(this.byField, f, slot);
      themes.add(themeOf(f));
    }
    for (const th of themes) pushTo(this.byTheme, th, slot);
  }

  private append(t: number, slot: number, imp: number, own: number): void {
    let b = this.tail[t]!;
    if (b < 0 || this.tailUsed[t]! >= this.pool[b + 1]!) {
      const cap = b < 0 ? FIRST_BLOCK : Math.min(MAX_BLOCK, this.pool[b + 1]! * 2);
      const nb = this.poolUsed;
      this.poolUsed += cap + 2;
      if (this.poolUsed > this.pool.length) {
        this.pool = grow(this.pool, this.poolUsed);
        this.poolTf = grow(this.poolTf, this.poolUsed);
        this.poolQ = grow(this.poolQ, this.poolUsed);
      }
      this.pool[nb] = -1;
      this.pool[nb + 1] = cap;
      if (b < 0) this.head[t] = nb;
      else this.pool[b] = nb;
      this.tail[t] = nb;
      this.tailUsed[t] = 0;
      b = nb;
    }
    const at = b + 2 + this.tailUsed[t]!;
    this.pool[at] = slot;
    this.poolTf[at] = imp;
    this.poolQ[at] = own;
    this.tailUsed[t]!++;
  }

  private compact(): void {
    const docs = this.docs;
    const old = { terms: this.vTerms, tf: this.vTf, exact: this.vExact, off: this.vOff, n: this.vN, len: this.lens };
    this.docs = [];
    this.vTerms = new Int32Array(Math.max(1 << 16, this.vUsed));
    this.vTf = new Uint8Array(this.vTerms.length);
    this.vExact = new Uint16Array(this.vTerms.length);
    this.vOff = new Int32Array(16);
    this.vN = new Int32Array(16);
    this.lens = new Int32Array(16);
    this.themes = new Int32Array(16);
    this.orgs = new Int32Array(16);
    this.flags = new Uint8Array(16);
    this.vUsed = 0;
    this.slotOf.clear();
    this.byField.clear();
    this.byTheme.clear();
    this.live = 0;
    this.totalLen = 0;
    this.dead = 0;
    this.poolUsed = 0;
    this.df.fill(0);
    this.head.fill(-1);
    this.tail.fill(-1);
    this.tailUsed.fill(0);
    for (let s = 0; s < docs.length; s++) {
      const d = docs[s];
      if (d !== undefined) this.add(d, { terms: old.terms, tf: old.tf, exact: old.exact, off: old.off[s]!, n: old.n[s]!, len: old.len[s]! });
    }
  }
}

function pushTo(m: Map<string, number[]>, k: string, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

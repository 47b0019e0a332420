import { FIELDS } from '../../reference/fields.data.js';
import type { TermVector } from './vectors.js';

const PARENT = new Map(FIELDS.map((f) => [f.code, f.parent]));

/** Top-level theme of a field code; unknown codes fall back to the part before the dot. */
export function themeOf(code: string): string {
  const p = PARENT.get(code);
  if (p !== undefined) return p ?? code;
  const dot = code.indexOf('.');
  return dot < 0 ? code : code.slice(0, dot);
}

function grow<T extends Int32Array | Uint16Array | Float64Array>(a: T, need: number, fill = 0): T {
  if (need <= a.length) return a;
  let n = Math.max(16, a.length);
  while (n < need) n *= 2;
  const b = new (a.constructor as new (n: number) => T)(n);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}

const FIRST_BLOCK = 2;
const MAX_BLOCK = 1024;

/**
 * One side of the index (offers or demands): records by slot, their term vectors, live document
 * frequencies, and postings. Postings live in one pooled Int32Array of linked blocks (slot ids) with a
 * parallel Uint16Array (tf), so a hundred thousand records cost a few typed arrays, not millions of
 * small objects. Removal leaves a tombstone that queries skip; the side is rebuilt once tombstones
 * outnumber live records.
 */
export class Corpus<T extends { id: string; fields: string[] }> {
  docs: (T | undefined)[] = [];
  vecs: (TermVector | undefined)[] = [];
  lens = new Int32Array(16);
  slotOf = new Map<string, number>();
  live = 0;
  totalLen = 0;
  dead = 0;
  /** Bumped on every change; caches keyed on it stay valid between changes. */
  epoch = 0;
  df = new Int32Array(1024);
  byField = new Map<string, number[]>();
  byTheme = new Map<string, number[]>();

  private pool = new Int32Array(1 << 16);
  poolTf = new Uint16Array(1 << 16);
  private poolUsed = 0;
  private head = new Int32Array(1024).fill(-1);
  private tail = new Int32Array(1024).fill(-1);
  private tailUsed = new Int32Array(1024);

  get avgLen(): number {
    return this.live > 0 ? this.totalLen / this.live : 1;
  }

  get(id: string): T | undefined {
    const s = this.slotOf.get(id);
    return s === undefined ? undefined : this.docs[s];
  }

  add(doc: T, vec: TermVector): void {
    if (this.slotOf.has(doc.id)) this.remove(doc.id);
    const slot = this.docs.length;
    this.docs.push(doc);
    this.vecs.push(vec);
    this.lens = grow(this.lens, slot + 1);
    this.lens[slot] = vec.len;
    this.slotOf.set(doc.id, slot);
    this.live++;
    this.totalLen += vec.len;
    this.epoch++;
    this.indexSlot(slot, doc, vec);
  }

  remove(id: string): boolean {
    const slot = this.slotOf.get(id);
    if (slot === undefined) return false;
    const vec = this.vecs[slot]!;
    for (let i = 0; i < vec.terms.length; i++) this.df[vec.terms[i]!]!--;
    this.docs[slot] = undefined;
    this.vecs[slot] = undefined;
    this.slotOf.delete(id);
    this.live--;
    this.totalLen -= vec.len;
    this.dead++;
    this.epoch++;
    if (this.dead > 1000 && this.dead > this.live) this.compact();
    return true;
  }

  /** Calls fn(slot, tf) for every live posting of term t. */
  forEachPosting(t: number, fn: (slot: number, tf: number) => void): void {
    if (t >= this.head.length) return;
    const pool = this.pool;
    const tfs = this.poolTf;
    for (let b = this.head[t]!; b >= 0; b = pool[b]!) {
      const n = pool[b] === -1 ? this.tailUsed[t]! : pool[b + 1]!;
      for (let i = b + 2, end = b + 2 + n; i < end; i++) {
        const slot = pool[i]!;
        if (this.docs[slot] !== undefined) fn(slot, tfs[i]!);
      }
    }
  }

  /** Raw block walk for hot loops: returns [start, end) ranges into pool/poolTf via the callback. */
  postingBlocks(t: number, fn: (pool: Int32Array, tfs: Uint16Array, start: number, end: number) => void): void {
    if (t >= this.head.length) return;
    const pool = this.pool;
    for (let b = this.head[t]!; b >= 0; b = pool[b]!) {
      const n = pool[b] === -1 ? this.tailUsed[t]! : pool[b + 1]!;
      fn(pool, this.poolTf, b + 2, b + 2 + n);
    }
  }

  liveDf(t: number): number {
    return t < this.df.length ? this.df[t]! : 0;
  }

  private indexSlot(slot: number, doc: T, vec: TermVector): void {
    const maxTerm = vec.terms.length ? vec.terms[vec.terms.length - 1]! : 0;
    if (maxTerm >= this.df.length) {
      this.df = grow(this.df, maxTerm + 1);
      this.head = grow(this.head, maxTerm + 1, -1);
      this.tail = grow(this.tail, maxTerm + 1, -1);
      this.tailUsed = grow(this.tailUsed, maxTerm + 1);
    }
    for (let i = 0; i < vec.terms.length; i++) {
      const t = vec.terms[i]!;
      this.df[t]!++;
      this.append(t, slot, vec.tf[i]!);
    }
    const themes = new Set<string>();
    for (const f of new Set(doc.fields)) {
      pushTo(this.byField, f, slot);
      themes.add(themeOf(f));
    }
    for (const th of themes) pushTo(this.byTheme, th, slot);
  }

  private append(t: number, slot: number, tf: number): void {
    let b = this.tail[t]!;
    if (b < 0 || this.tailUsed[t]! >= this.pool[b + 1]!) {
      const cap = b < 0 ? FIRST_BLOCK : Math.min(MAX_BLOCK, this.pool[b + 1]! * 2);
      const nb = this.poolUsed;
      this.poolUsed += cap + 2;
      if (this.poolUsed > this.pool.length) {
        this.pool = grow(this.pool, this.poolUsed);
        this.poolTf = grow(this.poolTf, this.poolUsed);
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
    this.poolTf[at] = tf;
    this.tailUsed[t]!++;
  }

  private compact(): void {
    const docs = this.docs;
    const vecs = this.vecs;
    this.docs = [];
    this.vecs = [];
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
      if (d !== undefined) this.add(d, vecs[s]!);
    }
  }
}

function pushTo(m: Map<string, number[]>, k: string, v: number): void {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}

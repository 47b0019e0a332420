import type { DemandInput, OfferInput } from './types.js';
import { queryTf } from './bm25.js';
import { Corpus, type CorpusView } from './corpus.js';
import { demandVector, detach, emptyVector, offerVector, TermDict, type TermVector } from './vectors.js';

/** In-memory, incremental index of offers and demands; the corpus statistics the scorer needs. */
export interface MatchIndex {
  upsertOffer(o: OfferInput): void;
  removeOffer(id: string): void;
  upsertDemand(d: DemandInput): void;
  removeDemand(id: string): void;
  offer(id: string): OfferInput | undefined;
  demand(id: string): DemandInput | undefined;
  readonly offerCount: number;
  readonly demandCount: number;
}

/** What another thread needs to query the index: shared arrays, and the records (see CorpusView). */
export interface IndexView {
  hashes: Int32Array;
  terms: number;
  offers: CorpusView<OfferInput>;
  demands: CorpusView<DemandInput>;
}

/** The concrete index; the public type stays the narrow interface above. */
export class MatchIndexImpl implements MatchIndex {
  /** idf by term id, valid where idfStamp equals the current epoch (read directly in hot loops). */
  idfCache = new Float64Array(1024);
  idfStamp = new Int32Array(1024).fill(-1);
  private denomStamp = { offer: new Int32Array(16).fill(-1), demand: new Int32Array(16).fill(-1) };
  private denomCache = { offer: new Float64Array(16), demand: new Float64Array(16) };

  /** A view for another thread (see IndexView); valid until the index next changes. */
  view(): IndexView {
    return { hashes: this.dict.hashes, terms: this.dict.size, offers: this.offers.view(), demands: this.demands.view() };
  }

  /** A read-only index over a view, for queries (retrieve) in another thread. */
  static fromView(v: IndexView): MatchIndexImpl {
    return new MatchIndexImpl(TermDict.view(v.hashes, v.terms), Corpus.fromView(v.offers), Corpus.fromView(v.demands));
  }

  constructor(
    readonly dict = new TermDict(),
    readonly offers = new Corpus<OfferInput>(),
    readonly demands = new Corpus<DemandInput>(),
  ) {}

  upsertOffer(o: OfferInput): void {
    this.offers.add(o, offerVector(this.dict, o));
  }
  removeOffer(id: string): void {
    this.offers.remove(id);
  }
  upsertDemand(d: DemandInput): void {
    this.demands.add(d, demandVector(this.dict, d));
  }
  removeDemand(id: string): void {
    this.demands.remove(id);
  }
  offer(id: string): OfferInput | undefined {
    return this.offers.get(id);
  }
  demand(id: string): DemandInput | undefined {
    return this.demands.get(id);
  }
  get offerCount(): number {
    return this.offers.live;
  }
  get demandCount(): number {
    return this.demands.live;
  }

  /** Changes whenever either side changes. */
  get epoch(): number {
    return (this.offers.epoch + this.demands.epoch) | 0;
  }

  /** BM25 idf over both sides together, so demand→offer and offer→demand text use one weighting. */
  idf(t: number, e: number = this.epoch): number {
    if (t >= this.idfCache.length) {
      let n = this.idfCache.length;
      while (n <= t) n *= 2;
      const c = new Float64Array(n);
      c.set(this.idfCache);
      const s = new Int32Array(n).fill(-1);
      s.set(this.idfStamp);
      this.idfCache = c;
      this.idfStamp = s;
    }
    if (this.idfStamp[t] === e) return this.idfCache[t]!;
    const n = this.offers.live + this.demands.live;
    const df = this.offers.liveDf(t) + this.demands.liveDf(t);
    const v = Math.log(1 + (n - df + 0.5) / (df + 0.5));
    this.idfCache[t] = v;
    this.idfStamp[t] = e;
    return v;
  }

  /** The indexed vector of this very record, or a fresh one for a record not (or no longer) indexed. */
  offerVec(o: OfferInput): { vec: TermVector; slot: number } {
    const slot = this.offers.slotOf.get(o.id);
    if (slot !== undefined && this.offers.docs[slot] === o) return { vec: this.offers.vector(slot, emptyVector()), slot };
    return { vec: detach(offerVector(this.dict, o)), slot: -1 };
  }
  demandVec(d: DemandInput): { vec: TermVector; slot: number } {
    const slot = this.demands.slotOf.get(d.id);
    if (slot !== undefined && this.demands.docs[slot] === d) return { vec: this.demands.vector(slot, emptyVector()), slot };
    return { vec: detach(demandVector(this.dict, d)), slot: -1 };
  }

  /** Σ of the record's query weights: the coverage denominator (all terms, so a short or odd text is not inflated). */
  denominator(side: 'offer' | 'demand', vec: TermVector, slot: number): number {
    const e = this.epoch;
    if (slot >= 0) {
      if (slot >= this.denomStamp[side].length) {
        let n = this.denomStamp[side].length;
        while (n <= slot) n *= 2;
        const s = new Int32Array(n).fill(-1);
        s.set(this.denomStamp[side]);
        const c = new Float64Array(n);
        c.set(this.denomCache[side]);
        this.denomStamp[side] = s;
        this.denomCache[side] = c;
      }
      if (this.denomStamp[side][slot] === e) return this.denomCache[side][slot]!;
    }
    let sum = 0;
    for (let i = vec.off, end = vec.off + vec.n; i < end; i++) sum += Math.round(this.idf(vec.terms[i]!, e) * queryTf(vec.tf[i]!) * FIXED);
    if (slot >= 0) {
      this.denomStamp[side][slot] = e;
      this.denomCache[side][slot] = sum;
    }
    return sum;
  }
}

/** Fixed-point scale of the coverage sums (see score.ts). */
export const FIXED = 2 ** 32;


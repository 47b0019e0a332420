import { countGapsInRow, idleInRow } from './gaps.js';
import type { Model } from './model.js';

/**
 * The mutable schedule the search works on: who is busy when, how many onsite meetings run per slot,
 * and each participant's gap count kept up to date, so that a move costs only the rows it touches.
 */
export class State {
  readonly slotOf: Int32Array;
  readonly occ: Int32Array;
  readonly onsiteCount: Int32Array;
  readonly count: Int32Array;
  readonly gaps: Int32Array;
  /** Histogram of gap counts over the participants that fairness looks at. */
  readonly hist: Int32Array;
  readonly slotList: Int32Array[];
  readonly slotLen: Int32Array;
  readonly posInSlot: Int32Array;
  totalGaps = 0;
  totalIdle = 0;
  readonly idle: Int32Array;
  placedPriority = 0;
  placedCount = 0;
  private readonly mark: Int32Array;
  private stamp = 0;
  private readonly touched: Int32Array;

  constructor(readonly model: Model) {
    const { M, P, T } = model;
    this.slotOf = new Int32Array(M).fill(-1);
    this.occ = new Int32Array(P * T).fill(-1);
    this.onsiteCount = new Int32Array(T);
    this.count = new Int32Array(P);
    this.gaps = new Int32Array(P);
    this.idle = new Int32Array(P);
    this.hist = new Int32Array(T + 1);
    if (model.fairAll) this.hist[0] = P;
    this.slotList = Array.from({ length: T }, () => new Int32Array(M));
    this.slotLen = new Int32Array(T);
    this.posInSlot = new Int32Array(M).fill(-1);
    this.mark = new Int32Array(P);
    this.touched = new Int32Array(P);
  }

  private counted(p: number): boolean {
    return this.model.fairAll || (this.count[p] as number) > 0;
  }

  private detach(p: number): void {
    const g = this.gaps[p] as number;
    if (this.counted(p)) this.hist[g] = (this.hist[g] as number) - 1;
    this.totalGaps -= g;
    this.totalIdle -= this.idle[p] as number;
  }

  private attach(p: number): void {
    const m = this.model;
    const g = countGapsInRow(this.occ, p * m.T, m.T, m.session, m.across);
    this.gaps[p] = g;
    this.totalGaps += g;
    const idle = g === 0 ? 0 : idleInRow(this.occ, p * m.T, m.T, m.session, m.across);
    this.idle[p] = idle;
    this.totalIdle += idle;
    if (this.counted(p)) this.hist[g] = (this.hist[g] as number) + 1;
  }

  private listAdd(x: number, s: number): void {
    const len = this.slotLen[s] as number;
    (this.slotList[s] as Int32Array)[len] = x;
    this.posInSlot[x] = len;
    this.slotLen[s] = len + 1;
  }

  private listRemove(x: number, s: number): void {
    const list = this.slotList[s] as Int32Array;
    const len = (this.slotLen[s] as number) - 1;
    const pos = this.posInSlot[x] as number;
    const last = list[len] as number;
    list[pos] = last;
    this.posInSlot[last] = pos;
    this.slotLen[s] = len;
    this.posInSlot[x] = -1;
  }

  /** Re-slot a group of meetings at once (−1 = unplace); the rows touched are recounted once. */
  assign(meetings: ArrayLike<number>, n: number, newSlots: ArrayLike<number>): void {
    const md = this.model;
    const T = md.T;
    const st = ++this.stamp;
    let nt = 0;
    for (let i = 0; i < n; i++) {
      const parts = md.meetParts[meetings[i] as number] as Int32Array;
      for (let j = 0; j < parts.length; j++) {
        const p = parts[j] as number;
        if (this.mark[p] !== st) {
          this.mark[p] = st;
          this.touched[nt++] = p;
          this.detach(p);
        }
      }
    }
    for (let i = 0; i < n; i++) {
      const x = meetings[i] as number;
      const s = this.slotOf[x] as number;
      if (s < 0) continue;
      const parts = md.meetParts[x] as Int32Array;
      for (let j = 0; j < parts.length; j++) {
        const p = parts[j] as number;
        if (this.occ[p * T + s] === x) this.occ[p * T + s] = -1;
        this.count[p] = (this.count[p] as number) - 1;
      }
      if (md.onsite[x]) this.onsiteCount[s] = (this.onsiteCount[s] as number) - 1;
      this.listRemove(x, s);
      this.slotOf[x] = -1;
      this.placedCount--;
      this.placedPriority -= md.priority[x] as number;
    }
    for (let i = 0; i < n; i++) {
      const x = meetings[i] as number;
      const s = newSlots[i] as number;
      if (s < 0) continue;
      const parts = md.meetParts[x] as Int32Array;
      for (let j = 0; j < parts.length; j++) {
        const p = parts[j] as number;
        this.occ[p * T + s] = x;
        this.count[p] = (this.count[p] as number) + 1;
      }
      if (md.onsite[x]) this.onsiteCount[s] = (this.onsiteCount[s] as number) + 1;
      this.listAdd(x, s);
      this.slotOf[x] = s;
      this.placedCount++;
      this.placedPriority += md.priority[x] as number;
    }
    for (let i = 0; i < nt; i++) this.attach(this.touched[i] as number);
  }

  place(x: number, s: number): void {
    this.assign([x], 1, [s]);
  }

  unplace(x: number): void {
    this.assign([x], 1, [-1]);
  }

  /** Replace the whole schedule (used to go back to the best one found). */
  load(slots: Int32Array): void {
    const all: number[] = [];
    for (let x = 0; x < this.slotOf.length; x++) if ((this.slotOf[x] as number) >= 0) all.push(x);
    this.assign(all, all.length, new Int32Array(all.length).fill(-1));
    const xs: number[] = [];
    const ss: number[] = [];
    slots.forEach((s, x) => {
      if (s >= 0) {
        xs.push(x);
        ss.push(s);
      }
    });
    this.assign(xs, xs.length, ss);
  }

  minGaps(): number {
    for (let v = 0; v < this.hist.length; v++) if ((this.hist[v] as number) > 0) return v;
    return 0;
  }

  maxGaps(): number {
    for (let v = this.hist.length - 1; v >= 0; v--) if ((this.hist[v] as number) > 0) return v;
    return 0;
  }

  /** How far the participants are beyond the fairness bound, summed (0 = bound met). */
  fairExcess(): number {
    const d = this.model.fairness;
    if (d === null) return 0;
    const limit = this.minGaps() + d;
    let excess = 0;
    for (let v = limit + 1; v < this.hist.length; v++) excess += (this.hist[v] as number) * (v - limit);
    return excess;
  }

  /** Could meeting x be added at slot s without breaking a hard rule? */
  canPlace(x: number, s: number): boolean {
    const md = this.model;
    const T = md.T;
    if (md.allowed[x * T + s] !== 1) return false;
    if (md.onsite[x] && (this.onsiteCount[s] as number) >= md.capacity) return false;
    const parts = md.meetParts[x] as Int32Array;
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j] as number;
      if ((this.occ[p * T + s] as number) >= 0) return false;
      if ((this.count[p] as number) >= (md.maxMeetings[p] as number)) return false;
    }
    return this.precedenceOk(x, s);
  }

  precedenceOk(x: number, s: number): boolean {
    const md = this.model;
    const preds = md.preds[x] as Int32Array;
    for (let j = 0; j < preds.length; j++) {
      const ps = this.slotOf[preds[j] as number] as number;
      if (ps >= 0 && ps >= s) return false;
    }
    const succs = md.succs[x] as Int32Array;
    for (let j = 0; j < succs.length; j++) {
      const ss = this.slotOf[succs[j] as number] as number;
      if (ss >= 0 && ss <= s) return false;
    }
    return true;
  }

  /** Change in total gaps if x were added at s (its participants free there). */
  insertDelta(x: number, s: number): number {
    const md = this.model;
    const T = md.T;
    const parts = md.meetParts[x] as Int32Array;
    let delta = 0;
    for (let j = 0; j < parts.length; j++) {
      const base = (parts[j] as number) * T;
      let l = s - 1;
      while (l >= 0 && (this.occ[base + l] as number) < 0) l--;
      let r = s + 1;
      while (r < T && (this.occ[base + r] as number) < 0) r++;
      const hasL = l >= 0;
      const hasR = r < T;
      if (hasL && hasR && this.isGap(l, r)) delta--;
      if (hasL && this.isGap(l, s)) delta++;
      if (hasR && this.isGap(s, r)) delta++;
    }
    return delta;
  }

  /** Gaps (plus idleW per idle slot) that participant q gains if busy at s too (q free at s). */
  rowInsertCost(q: number, s: number, idleW: number): number {
    const T = this.model.T;
    const base = q * T;
    let l = s - 1;
    while (l >= 0 && (this.occ[base + l] as number) < 0) l--;
    let r = s + 1;
    while (r < T && (this.occ[base + r] as number) < 0) r++;
    let c = 0;
    const hasL = l >= 0;
    const hasR = r < T;
    if (hasL && hasR && this.isGap(l, r)) c -= 1 + idleW * (r - l - 1);
    if (hasL && this.isGap(l, s)) c += 1 + idleW * (s - l - 1);
    if (hasR && this.isGap(s, r)) c += 1 + idleW * (r - s - 1);
    return c;
  }

  private isGap(a: number, b: number): boolean {
    return b - a > 1 && (this.model.across || this.model.session[a] === this.model.session[b]);
  }
}

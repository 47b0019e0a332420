/**
 * A small CDCL SAT solver (MiniSat/Glucose style): two watched literals with blockers, binary
 * clauses in implication lists, native at-most-k constraints (counted, explained by their true
 * literals), first-UIP learning with clause minimisation, VSIDS, target phases (decisions follow
 * the longest conflict-free trail since the last restart, seeded by `setPhase`), Luby restarts of
 * 3,000 conflicts a unit (100 found the same models several times slower), LBD-based clause
 * deletion, and assumptions. Literals are 2·var (positive) and 2·var+1 (negative). Clauses may be
 * added between calls to `solve`, which keeps what it learnt. Deterministic for a given sequence
 * of calls, except where the clock stops it.
 */

const LEARNT = 1;
const DELETED = 2;
/** reason[v]: −1 = decision or level-0 unit; ≥ 0 = clause offset; ≤ −2 = binary, −2 − the other (false) literal. */
const NONE = -1;

export const pos = (v: number): number => v << 1;
export const neg = (v: number): number => (v << 1) | 1;

function luby(y: number, i: number): number {
  let size = 1;
  let seq = 0;
  while (size < i + 1) {
    seq++;
    size = 2 * size + 1;
  }
  let x = i;
  while (size - 1 !== x) {
    size = (size - 1) >> 1;
    seq--;
    x %= size;
  }
  return Math.pow(y, seq);
}

export class Sat {
  nVars = 0;
  /** False once the clauses added so far are proven unsatisfiable. */
  ok = true;
  conflicts = 0;
  propagations = 0;
  decisions = 0;
  private val: Int8Array = new Int8Array(0);
  private level: Int32Array = new Int32Array(0);
  private reason: Int32Array = new Int32Array(0);
  private trail: Int32Array = new Int32Array(0);
  private trailLen = 0;
  private qhead = 0;
  private trailLim: number[] = [];
  private activity: Float64Array = new Float64Array(0);
  private polarity: Uint8Array = new Uint8Array(0);
  private seen: Uint8Array = new Uint8Array(0);
  private heap: Int32Array = new Int32Array(0);
  private heapLen = 0;
  private heapPos: Int32Array = new Int32Array(0);
  private varInc = 1;
  private bins: number[][] = [];
  private watches: number[][] = [];
  private mem: Int32Array = new Int32Array(1 << 16);
  private memLen = 0;
  private learnts: number[] = [];
  private levelStamp: Int32Array = new Int32Array(0);
  private stamp = 0;
  private nextReduce = 4000;
  private reductions = 0;
  private restarts = 0;
  private decision: Uint8Array = new Uint8Array(0);
  /**
   * Target phases: the values of the longest conflict-free trail since the last restart; decisions
   * follow them (a model is often near the deepest point the search reached).
   */
  private target: Uint8Array = new Uint8Array(0);
  private targetLen = 0;
  useTarget = true;
  restartUnit = 3000;
  /** 1 when reason[v] is the index of a cardinality constraint. */
  private isCard: Uint8Array = new Uint8Array(0);
  private tpos: Int32Array = new Int32Array(0);
  private cardLits: Int32Array[] = [];
  private cardK: number[] = [];
  private cardCount: Int32Array = new Int32Array(16);
  private cardsOf: number[][] = [];
  /** Where the scan for undecided non-decision variables resumes (reset on backtracking). */
  private scan = 0;

  /** A new variable; `decision` false = never branched on before every decision variable is set (aux variables of an encoding). */
  newVar(decision = true): number {
    const v = this.nVars++;
    if (v >= this.level.length) this.grow(Math.max(1024, v * 2));
    this.val[2 * v] = 0;
    this.val[2 * v + 1] = 0;
    this.level[v] = 0;
    this.reason[v] = NONE;
    this.activity[v] = 0;
    this.polarity[v] = 0;
    this.bins.push([], []);
    this.cardsOf.push([], []);
    this.watches.push([], []);
    this.heapPos[v] = -1;
    this.decision[v] = decision ? 1 : 0;
    if (this.decision[v]) this.heapInsert(v);
    return v;
  }

  private grow(n: number): void {
    const g8 = (a: Int8Array, k: number): Int8Array => {
      const b = new Int8Array(k);
      b.set(a);
      return b;
    };
    const g32 = (a: Int32Array, k: number): Int32Array => {
      const b = new Int32Array(k);
      b.set(a);
      return b;
    };
    const gu8 = (a: Uint8Array, k: number): Uint8Array => {
      const b = new Uint8Array(k);
      b.set(a);
      return b;
    };
    this.val = g8(this.val, 2 * n);
    this.level = g32(this.level, n);
    this.reason = g32(this.reason, n);
    this.trail = g32(this.trail, n);
    const act = new Float64Array(n);
    act.set(this.activity);
    this.activity = act;
    this.polarity = gu8(this.polarity, n);
    this.seen = gu8(this.seen, n);
    this.heap = g32(this.heap, n);
    this.heapPos = g32(this.heapPos, n);
    this.levelStamp = g32(this.levelStamp, n + 1);
    this.decision = gu8(this.decision, n);
    this.target = gu8(this.target, n);
    this.isCard = gu8(this.isCard, n);
    this.tpos = g32(this.tpos, n);
  }

  /** Preferred value of v at its next decision (phase saving overwrites it as the search goes). */
  setPhase(v: number, value: boolean): void {
    this.polarity[v] = value ? 1 : 0;
    this.target[v] = value ? 1 : 0;
  }

  /** Raise v's activity so that the search decides it early. */
  bump(v: number, amount = 1): void {
    this.activity[v] = (this.activity[v] as number) + amount * this.varInc;
    if (this.heapPos[v] !== -1) this.heapUp(this.heapPos[v] as number);
  }

  value(v: number): boolean {
    return this.val[2 * v] === 1;
  }

  private decisionLevel(): number {
    return this.trailLim.length;
  }

  /** Adds a clause at decision level 0 (call between solves). Returns false when unsatisfiable. */
  addClause(lits: readonly number[]): boolean {
    if (!this.ok) return false;
    if (this.decisionLevel() > 0) this.cancelUntil(0);
    const out: number[] = [];
    for (const l of lits) {
      const v = this.val[l] as number;
      if (v === 1) return true;
      if (v === -1) continue;
      if (out.includes(l)) continue;
      if (out.includes(l ^ 1)) return true;
      out.push(l);
    }
    if (out.length === 0) {
      this.ok = false;
      return false;
    }
    if (out.length === 1) {
      this.enqueue(out[0] as number, NONE);
      if (this.propagate() !== null) this.ok = false;
      return this.ok;
    }
    if (out.length === 2) {
      const a = out[0] as number;
      const b = out[1] as number;
      (this.bins[a] as number[]).push(b);
      (this.bins[b] as number[]).push(a);
      return true;
    }
    this.alloc(out, false, 0);
    return true;
  }

  private alloc(lits: readonly number[], learnt: boolean, lbd: number): number {
    const need = this.memLen + 3 + lits.length;
    if (need > this.mem.length) {
      const m = new Int32Array(Math.max(need, this.mem.length * 2));
      m.set(this.mem.subarray(0, this.memLen));
      this.mem = m;
    }
    const c = this.memLen;
    this.mem[c] = lits.length;
    this.mem[c + 1] = learnt ? LEARNT : 0;
    this.mem[c + 2] = lbd;
    for (let i = 0; i < lits.length; i++) this.mem[c + 3 + i] = lits[i] as number;
    this.memLen = need;
    (this.watches[lits[0] as number] as number[]).push(c, lits[1] as number);
    (this.watches[lits[1] as number] as number[]).push(c, lits[0] as number);
    if (learnt) this.learnts.push(c);
    return c;
  }

  private enqueue(l: number, reason: number, card = 0): void {
    const v = l >> 1;
    this.val[l] = 1;
    this.val[l ^ 1] = -1;
    this.level[v] = this.decisionLevel();
    this.reason[v] = reason;
    this.isCard[v] = card;
    this.tpos[v] = this.trailLen;
    this.trail[this.trailLen++] = l;
    const cs = this.cardsOf[l] as number[];
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as number;
      this.cardCount[c] = (this.cardCount[c] as number) + 1;
    }
  }

  /**
   * At most k of `lits` true, propagated natively (count of true literals; at k every other one is
   * set false, explained by the true ones). Returns its index, for `setCardBound`.
   */
  addAtMost(lits: readonly number[], k: number): number {
    if (this.decisionLevel() > 0) this.cancelUntil(0);
    const c = this.cardLits.length;
    this.cardLits.push(Int32Array.from(lits));
    this.cardK.push(k);
    if (c >= this.cardCount.length) {
      const g = new Int32Array(this.cardCount.length * 2);
      g.set(this.cardCount);
      this.cardCount = g;
    }
    let n = 0;
    for (const l of lits) {
      (this.cardsOf[l] as number[]).push(c);
      if (this.val[l] === 1) n++;
    }
    this.cardCount[c] = n;
    this.settleCard(c);
    return c;
  }

  /** Tightens (or loosens) constraint c's bound; call between solves. */
  setCardBound(c: number, k: number): boolean {
    if (!this.ok) return false;
    if (this.decisionLevel() > 0) this.cancelUntil(0);
    this.cardK[c] = k;
    this.settleCard(c);
    return this.ok;
  }

  private settleCard(c: number): void {
    if (!this.ok) return;
    const n = this.cardCount[c] as number;
    const k = this.cardK[c] as number;
    if (n > k) {
      this.ok = false;
      return;
    }
    if (n === k) for (const l of this.cardLits[c] as Int32Array) if (this.val[l] === 0) this.enqueue(l ^ 1, c, 1);
    if (this.propagate() !== null) this.ok = false;
  }

  /** Conflict literals of the last conflict (all false). */
  private confl: number[] = [];

  /** Unit propagation; null when no conflict, otherwise fills `confl`. */
  private propagate(): number[] | null {
    const val = this.val;
    const mem = this.mem;
    while (this.qhead < this.trailLen) {
      const p = this.trail[this.qhead++] as number;
      this.propagations++;
      const fl = p ^ 1;
      const bl = this.bins[fl] as number[];
      for (let i = 0; i < bl.length; i++) {
        const q = bl[i] as number;
        const vq = val[q] as number;
        if (vq === 1) continue;
        if (vq === -1) {
          this.confl = [fl, q];
          return this.confl;
        }
        this.enqueue(q, -2 - fl);
      }
      const cs = this.cardsOf[p] as number[];
      for (let i = 0; i < cs.length; i++) {
        const c = cs[i] as number;
        const cnt = this.cardCount[c] as number;
        const k = this.cardK[c] as number;
        if (cnt < k) continue;
        const lits = this.cardLits[c] as Int32Array;
        if (cnt > k) {
          const cl: number[] = [];
          for (let t = 0; t < lits.length; t++) if (val[lits[t] as number] === 1) cl.push((lits[t] as number) ^ 1);
          this.qhead = this.trailLen;
          this.confl = cl;
          return cl;
        }
        for (let t = 0; t < lits.length; t++) {
          const l = lits[t] as number;
          if (val[l] === 0) this.enqueue(l ^ 1, c, 1);
        }
      }
      const ws = this.watches[fl] as number[];
      const n = ws.length;
      let i = 0;
      let j = 0;
      while (i < n) {
        const c = ws[i] as number;
        const blk = ws[i + 1] as number;
        i += 2;
        if (val[blk] === 1) {
          ws[j++] = c;
          ws[j++] = blk;
          continue;
        }
        if (((mem[c + 1] as number) & DELETED) !== 0) continue;
        const base = c + 3;
        if (mem[base] === fl) {
          mem[base] = mem[base + 1] as number;
          mem[base + 1] = fl;
        }
        const first = mem[base] as number;
        if (first !== blk && val[first] === 1) {
          ws[j++] = c;
          ws[j++] = first;
          continue;
        }
        const size = mem[c] as number;
        let found = false;
        for (let k = 2; k < size; k++) {
          const l = mem[base + k] as number;
          if (val[l] !== -1) {
            mem[base + 1] = l;
            mem[base + k] = fl;
            (this.watches[l] as number[]).push(c, first);
            found = true;
            break;
          }
        }
        if (found) continue;
        ws[j++] = c;
        ws[j++] = first;
        if (val[first] === -1) {
          while (i < n) ws[j++] = ws[i++] as number;
          ws.length = j;
          this.qhead = this.trailLen;
          const lits: number[] = [];
          for (let k = 0; k < size; k++) lits.push(mem[base + k] as number);
          this.confl = lits;
          return lits;
        }
        this.enqueue(first, c);
      }
      if (j !== n) ws.length = j;
    }
    return null;
  }

  private cancelUntil(lvl: number): void {
    if (this.decisionLevel() <= lvl) return;
    const lim = this.trailLim[lvl] as number;
    for (let i = this.trailLen - 1; i >= lim; i--) {
      const l = this.trail[i] as number;
      const v = l >> 1;
      this.val[l] = 0;
      this.val[l ^ 1] = 0;
      this.reason[v] = NONE;
      const cs = this.cardsOf[l] as number[];
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j] as number;
        this.cardCount[c] = (this.cardCount[c] as number) - 1;
      }
      this.polarity[v] = (l & 1) === 0 ? 1 : 0;
      if (this.heapPos[v] === -1 && this.decision[v]) this.heapInsert(v);
    }
    this.scan = 0;
    this.trailLen = lim;
    this.qhead = lim;
    this.trailLim.length = lvl;
  }

  /** The other literals of v's reason (all false), into `out`. */
  private reasonLits(v: number, out: number[]): void {
    out.length = 0;
    const r = this.reason[v] as number;
    if (this.isCard[v]) {
      const lits = this.cardLits[r] as Int32Array;
      const tp = this.tpos[v] as number;
      for (let t = 0; t < lits.length; t++) {
        const l = lits[t] as number;
        if (this.val[l] === 1 && (this.tpos[l >> 1] as number) < tp) out.push(l ^ 1);
      }
      return;
    }
    if (r <= -2) {
      out.push(-2 - r);
      return;
    }
    const size = this.mem[r] as number;
    for (let k = 1; k < size; k++) out.push(this.mem[r + 3 + k] as number);
  }

  private readonly tmp: number[] = [];

  private analyze(confl: number[]): { learnt: number[]; btLevel: number; lbd: number } {
    const seen = this.seen;
    const learnt: number[] = [-1];
    let pathC = 0;
    let p = -1;
    let idx = this.trailLen - 1;
    let lits = confl;
    const dl = this.decisionLevel();
    const toClear: number[] = [];
    for (;;) {
      for (const q of lits) {
        const v = q >> 1;
        if (seen[v] || (this.level[v] as number) === 0) continue;
        this.varBump(v);
        seen[v] = 1;
        toClear.push(v);
        if ((this.level[v] as number) >= dl) pathC++;
        else learnt.push(q);
      }
      while (!seen[(this.trail[idx] as number) >> 1]) idx--;
      p = this.trail[idx] as number;
      idx--;
      seen[p >> 1] = 0;
      pathC--;
      if (pathC === 0) break;
      this.reasonLits(p >> 1, this.tmp);
      lits = this.tmp.slice();
    }
    learnt[0] = p ^ 1;
    // Local minimisation: drop a literal whose reason's literals are all in the clause already.
    let j = 1;
    const other: number[] = [];
    for (let i = 1; i < learnt.length; i++) {
      const q = learnt[i] as number;
      const v = q >> 1;
      if ((this.reason[v] as number) === NONE) {
        learnt[j++] = q;
        continue;
      }
      this.reasonLits(v, other);
      let keep = false;
      for (const r of other) {
        const w = r >> 1;
        if (!seen[w] && (this.level[w] as number) > 0) {
          keep = true;
          break;
        }
      }
      if (keep) learnt[j++] = q;
    }
    learnt.length = j;
    for (const v of toClear) seen[v] = 0;
    let btLevel = 0;
    if (learnt.length > 1) {
      let maxI = 1;
      for (let i = 2; i < learnt.length; i++) if ((this.level[(learnt[i] as number) >> 1] as number) > (this.level[(learnt[maxI] as number) >> 1] as number)) maxI = i;
      const t = learnt[1] as number;
      learnt[1] = learnt[maxI] as number;
      learnt[maxI] = t;
      btLevel = this.level[(learnt[1] as number) >> 1] as number;
    }
    this.stamp++;
    let lbd = 0;
    for (const q of learnt) {
      const lv = this.level[q >> 1] as number;
      if (this.levelStamp[lv] !== this.stamp) {
        this.levelStamp[lv] = this.stamp;
        lbd++;
      }
    }
    return { learnt, btLevel, lbd };
  }

  private varBump(v: number): void {
    const a = (this.activity[v] as number) + this.varInc;
    this.activity[v] = a;
    if (a > 1e100) {
      for (let i = 0; i < this.nVars; i++) this.activity[i] = (this.activity[i] as number) * 1e-100;
      this.varInc *= 1e-100;
    }
    if (this.heapPos[v] !== -1) this.heapUp(this.heapPos[v] as number);
  }

  private reduceDb(): void {
    const mem = this.mem;
    const locked = (c: number): boolean => {
      const l = mem[c + 3] as number;
      return this.val[l] === 1 && this.reason[l >> 1] === c && !this.isCard[l >> 1];
    };
    this.learnts.sort((a, b) => (mem[b + 2] as number) - (mem[a + 2] as number) || a - b);
    const half = this.learnts.length >> 1;
    const keep: number[] = [];
    for (let i = 0; i < this.learnts.length; i++) {
      const c = this.learnts[i] as number;
      if (i < half && (mem[c + 2] as number) > 2 && !locked(c)) mem[c + 1] = (mem[c + 1] as number) | DELETED;
      else keep.push(c);
    }
    this.learnts = keep;
  }

  /**
   * Searches until a model, a proof of unsatisfiability, or the deadline. Returns true (model:
   * read it with `value`), false (unsatisfiable under the assumptions; `ok` false = without them
   * too) or null (out of time). Learnt clauses stay valid across calls with other assumptions.
   */
  solve(deadline: number, now: () => number, assumptions: readonly number[] = []): boolean | null {
    if (!this.ok) return false;
    this.cancelUntil(0);
    if (this.propagate() !== null) {
      this.ok = false;
      return false;
    }
    let tick = 0;
    for (;;) {
      const budget = luby(2, this.restarts++) * this.restartUnit;
      let conflictsHere = 0;
      for (;;) {
        if ((++tick & 127) === 0 && now() > deadline) {
          this.cancelUntil(0);
          return null;
        }
        const confl = this.propagate();
        if (confl !== null) {
          this.conflicts++;
          if (this.useTarget && this.trailLen > this.targetLen) {
            this.targetLen = this.trailLen;
            for (let i = 0; i < this.trailLen; i++) {
              const l = this.trail[i] as number;
              this.target[l >> 1] = (l & 1) === 0 ? 1 : 0;
            }
          }
          conflictsHere++;
          if (this.decisionLevel() === 0) {
            this.ok = false;
            return false;
          }
          const { learnt, btLevel, lbd } = this.analyze(confl);
          this.cancelUntil(btLevel);
          if (learnt.length === 1) this.enqueue(learnt[0] as number, NONE);
          else if (learnt.length === 2) {
            const a = learnt[0] as number;
            const b = learnt[1] as number;
            (this.bins[a] as number[]).push(b);
            (this.bins[b] as number[]).push(a);
            this.enqueue(a, -2 - b);
          } else {
            const c = this.alloc(learnt, true, lbd);
            this.enqueue(learnt[0] as number, c);
          }
          this.varInc /= 0.95;
          if (this.conflicts >= this.nextReduce) {
            this.reductions++;
            this.nextReduce = this.conflicts + 4000 + 300 * this.reductions;
            this.reduceDb();
          }
          continue;
        }
        if (conflictsHere >= budget) {
          this.cancelUntil(0);
          this.targetLen = 0;
          break;
        }
        let v = -1;
        let assumed = false;
        while (this.decisionLevel() < assumptions.length) {
          const a = assumptions[this.decisionLevel()] as number;
          if (this.val[a] === 1) {
            this.trailLim.push(this.trailLen);
            continue;
          }
          if (this.val[a] === -1) {
            this.cancelUntil(0);
            return false;
          }
          this.decisions++;
          this.trailLim.push(this.trailLen);
          this.enqueue(a, NONE);
          assumed = true;
          break;
        }
        if (assumed) continue;
        while (this.heapLen > 0) {
          const w = this.heapPop();
          if (this.val[2 * w] === 0) {
            v = w;
            break;
          }
        }
        if (v < 0) {
          while (this.scan < this.nVars && this.val[2 * this.scan] !== 0) this.scan++;
          if (this.scan === this.nVars) return true;
          v = this.scan;
        }
        this.decisions++;
        this.trailLim.push(this.trailLen);
        this.enqueue((this.useTarget ? this.target[v] : this.polarity[v]) ? pos(v) : neg(v), NONE);
      }
    }
  }

  // Binary max-heap on activity.
  private heapInsert(v: number): void {
    this.heapPos[v] = this.heapLen;
    this.heap[this.heapLen++] = v;
    this.heapUp(this.heapLen - 1);
  }

  private heapUp(i: number): void {
    const heap = this.heap;
    const act = this.activity;
    const v = heap[i] as number;
    const a = act[v] as number;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pv = heap[parent] as number;
      if ((act[pv] as number) >= a) break;
      heap[i] = pv;
      this.heapPos[pv] = i;
      i = parent;
    }
    heap[i] = v;
    this.heapPos[v] = i;
  }

  private heapPop(): number {
    const heap = this.heap;
    const act = this.activity;
    const top = heap[0] as number;
    this.heapPos[top] = -1;
    const last = heap[--this.heapLen] as number;
    if (this.heapLen === 0) return top;
    let i = 0;
    const a = act[last] as number;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= this.heapLen) break;
      const r = l + 1;
      const c = r < this.heapLen && (act[heap[r] as number] as number) > (act[heap[l] as number] as number) ? r : l;
      if ((act[heap[c] as number] as number) <= a) break;
      heap[i] = heap[c] as number;
      this.heapPos[heap[i] as number] = i;
      i = c;
    }
    heap[i] = last;
    this.heapPos[last] = i;
    return top;
  }
}

import type { Model } from './model.js';
import { neg, pos, Sat } from './sat.js';
import type { State } from './state.js';

/** Past these sizes the encoding costs more than it can win in the time a run has. */
const MAX_X_VARS = 40_000;
const MAX_COUNTER_CELLS = 400_000;
/** Literals in the pairwise at-most-one and span clauses. */
const MAX_CLAUSE_LITERALS = 6_000_000;

/** Is the fairness minimum 0 in every complete schedule with at most `budget` gaps? */
function minGapsSurelyZero(md: Model, budget: number): boolean {
  let counted = 0;
  for (let p = 0; p < md.P; p++) {
    const k = (md.meetingsOf[p] as Int32Array).length;
    if (!md.fairAll && k === 0) continue;
    if (k <= 1) return true;
    counted++;
  }
  return budget < counted;
}

/**
 * The exact side of the search, by SAT: encodes "every meeting placed, every hard rule, fairness,
 * total gaps ≤ B" once, with B chosen per call by an assumption, so that what the solver learns
 * carries over from one bound to the next and from one time slice to the next.
 *
 * Variables: x[m,s] (meeting m in slot s, s in its domain); u[p,s] (p busy at s); z[p,s] (p has a
 * meeting at s or later in the same run of slots that gaps count over); br[p,s] (a gap of p starts
 * at s: busy at s−1, idle at s, a meeting later). Implied constraints as in Bofill et al. (JAIR
 * 2022): each participant is busy in exactly as many slots as they have meetings (native
 * cardinality constraints); and, redundant, "busy at a and at b with b − a ≥ k ⇒ a gap starts in
 * between". Tables per slot by a totalizer over the meetings: its auxiliary variables ("at least j
 * of these meetings here") are what lets the solver learn about crowded slots — as a native
 * cardinality constraint the same refutation took over a hundred times more conflicts. Total gaps
 * by a totalizer whose outputs the assumptions bound. Every variable is a decision variable
 * (deciding only the x's found nothing in the same time), and the solver's first guesses are the
 * schedule in hand.
 */
export class SatSearch {
  private readonly sat = new Sat();
  private readonly xBase: Int32Array;
  private readonly uVar: Int32Array;
  private readonly zVar: Int32Array;
  private readonly brVar: Int32Array;
  /** Literals: total[j−1] ⇐ at least j gaps, j = 1..upper. */
  private readonly total: number[];
  readonly upper: number;
  /** Bounds below this are proven impossible (for complete schedules that meet fairness). */
  provenBelow = 0;
  conflicts = 0;
  private phasedAt = -1;

  /** Use `SatSearch.create`, which returns null when the encoding does not apply or is too large. */
  private constructor(private readonly st: State, upper: number, lowerBound: number) {
    const md = st.model;
    const { M, P, T } = md;
    const sat = this.sat;
    this.upper = upper;
    this.provenBelow = lowerBound;
    const chained = (s: number): boolean => md.across || md.session[s] === md.session[s + 1];

    this.xBase = new Int32Array(M);
    for (let m = 0; m < M; m++) {
      const dom = md.domain[m] as Int32Array;
      this.xBase[m] = sat.nVars;
      for (let i = 0; i < dom.length; i++) sat.newVar();
    }
    const xBase = this.xBase;
    const xAt = (m: number, s: number): number => {
      const dom = md.domain[m] as Int32Array;
      for (let i = 0; i < dom.length; i++) if (dom[i] === s) return (xBase[m] as number) + i;
      return -1;
    };
    const uVar = new Int32Array(P * T);
    for (let i = 0; i < P * T; i++) uVar[i] = sat.newVar();
    this.uVar = uVar;

    // Each meeting exactly once.
    for (let m = 0; m < M; m++) {
      const dom = md.domain[m] as Int32Array;
      const b = xBase[m] as number;
      const alo: number[] = [];
      for (let i = 0; i < dom.length; i++) alo.push(pos(b + i));
      sat.addClause(alo);
      for (let i = 0; i < dom.length; i++) for (let j = i + 1; j < dom.length; j++) sat.addClause([neg(b + i), neg(b + j)]);
    }
    // Precedences.
    for (let m = 0; m < M; m++) {
      for (const q of md.preds[m] as Int32Array) {
        const dm = md.domain[m] as Int32Array;
        const dq = md.domain[q] as Int32Array;
        for (let i = 0; i < dm.length; i++)
          for (let j = 0; j < dq.length; j++) if ((dq[j] as number) >= (dm[i] as number)) sat.addClause([neg((xBase[m] as number) + i), neg((xBase[q] as number) + j)]);
      }
    }
    // Busy slots: u[p,s] ⇔ one of p's meetings is at s; at most one is.
    const atPS: number[] = [];
    for (let p = 0; p < P; p++) {
      const mine = md.meetingsOf[p] as Int32Array;
      for (let s = 0; s < T; s++) {
        atPS.length = 0;
        for (const m of mine) {
          const v = xAt(m, s);
          if (v >= 0) atPS.push(v);
        }
        const u = uVar[p * T + s] as number;
        if (atPS.length === 0) {
          sat.addClause([neg(u)]);
          continue;
        }
        for (let i = 0; i < atPS.length; i++) {
          sat.addClause([neg(atPS[i] as number), pos(u)]);
          for (let j = i + 1; j < atPS.length; j++) sat.addClause([neg(atPS[i] as number), neg(atPS[j] as number)]);
        }
        sat.addClause([neg(u), ...atPS.map(pos)]);
      }
    }
    // Each participant busy in exactly as many slots as they have meetings.
    for (let p = 0; p < P; p++) {
      const k = (md.meetingsOf[p] as Int32Array).length;
      const us: number[] = [];
      for (let s = 0; s < T; s++) us.push(pos(uVar[p * T + s] as number));
      if (k < T) sat.addAtMost(us, k);
      if (k > 0)
        sat.addAtMost(
          us.map((l) => l ^ 1),
          T - k,
        );
    }
    // Tables: at most `capacity` onsite meetings per slot.
    for (let s = 0; s < T; s++) {
      const here: number[] = [];
      for (let m = 0; m < M; m++) {
        if (!md.onsite[m]) continue;
        const v = xAt(m, s);
        if (v >= 0) here.push(pos(v));
      }
      if (here.length > md.capacity) this.atMostCounter(here, md.capacity);
    }
    // Gaps.
    const brAll: number[] = [];
    const zVar = new Int32Array(P * T).fill(-1);
    const brVar = new Int32Array(P * T).fill(-1);
    this.zVar = zVar;
    this.brVar = brVar;
    const d = md.fairness;
    for (let p = 0; p < P; p++) {
      if ((md.meetingsOf[p] as Int32Array).length < 2) continue;
      for (let s = T - 1; s >= 0; s--) {
        const z = sat.newVar();
        zVar[p * T + s] = z;
        const u = uVar[p * T + s] as number;
        sat.addClause([neg(u), pos(z)]);
        if (s + 1 < T && chained(s)) {
          const z1 = zVar[p * T + s + 1] as number;
          sat.addClause([neg(z1), pos(z)]);
          sat.addClause([neg(z), pos(u), pos(z1)]);
        } else sat.addClause([neg(z), pos(u)]);
      }
      const mine: number[] = [];
      for (let s = 1; s + 1 < T; s++) {
        if (!chained(s - 1) || !chained(s)) continue;
        const b = sat.newVar();
        brVar[p * T + s] = b;
        const uPrev = uVar[p * T + s - 1] as number;
        const u = uVar[p * T + s] as number;
        const zNext = zVar[p * T + s + 1] as number;
        sat.addClause([neg(uPrev), pos(u), neg(zNext), pos(b)]);
        sat.addClause([neg(b), pos(uPrev)]);
        sat.addClause([neg(b), neg(u)]);
        sat.addClause([neg(b), pos(zNext)]);
        brAll.push(pos(b));
        mine.push(pos(b));
      }
      // Busy at a and at b with b − a ≥ k: not all the slots between can be busy, so a gap starts
      // between them. Redundant, but with few gaps left it tells at once how far apart p's
      // meetings may be.
      const k = (md.meetingsOf[p] as Int32Array).length;
      for (let a = 0; a < T; a++) {
        for (let b = a + k; b < T; b++) {
          let sameRun = true;
          for (let s = a; s < b; s++) if (!chained(s)) sameRun = false;
          if (!sameRun) break;
          const cl = [neg(uVar[p * T + a] as number), neg(uVar[p * T + b] as number)];
          for (let s = a + 1; s < b; s++) {
            const bv = brVar[p * T + s] as number;
            if (bv >= 0) cl.push(pos(bv));
          }
          sat.addClause(cl);
        }
      }
      // Fairness: the minimum is 0 (see create), so everyone is within d.
      if (d !== null && d < upper && mine.length > d) sat.addAtMost(mine, d);
    }
    this.total = this.counter(brAll, upper);
  }

  static create(st: State, upper: number, lowerBound: number): SatSearch | null {
    const md = st.model;
    if (st.placedCount !== md.M || upper <= lowerBound) return null;
    let xs = 0;
    let cells = 0;
    for (let m = 0; m < md.M; m++) xs += (md.domain[m] as Int32Array).length;
    if (xs > MAX_X_VARS) return null;
    let lits = 0;
    for (let m = 0; m < md.M; m++) lits += (md.domain[m] as Int32Array).length ** 2;
    for (let p = 0; p < md.P; p++) {
      const k = (md.meetingsOf[p] as Int32Array).length;
      if (k >= 2) lits += md.T * k * k + md.T ** 3 / 6;
    }
    if (lits > MAX_CLAUSE_LITERALS) return null;
    for (let s = 0; s < md.T; s++) {
      let n = 0;
      for (let m = 0; m < md.M; m++) if (md.onsite[m] && md.allowed[m * md.T + s] === 1) n++;
      if (n > md.capacity) cells += n * (md.capacity + 1);
    }
    cells += md.P * md.T * upper;
    if (cells > MAX_COUNTER_CELLS) return null;
    if (md.fairness !== null && !minGapsSurelyZero(md, upper - 1)) return null;
    return new SatSearch(st, upper, lowerBound);
  }

  /**
   * Totalizer (Bailleux–Boufkhad), cut at k: returns out[j−1] ⇐ "at least j of lits true",
   * j = 1..min(k, n). Only the upward clauses: enough for an upper bound, and arc-consistent.
   */
  private counter(lits: number[], k: number): number[] {
    const sat = this.sat;
    const build = (from: number, to: number): number[] => {
      if (to - from === 1) return [lits[from] as number];
      const mid = (from + to) >> 1;
      const a = build(from, mid);
      const b = build(mid, to);
      const size = Math.min(k, a.length + b.length);
      const out: number[] = [];
      for (let j = 0; j < size; j++) out.push(pos(sat.newVar()));
      for (let i = 0; i <= a.length; i++) {
        for (let j = 0; j <= b.length; j++) {
          if (i + j === 0) continue;
          const cl: number[] = [];
          if (i > 0) cl.push((a[i - 1] as number) ^ 1);
          if (j > 0) cl.push((b[j - 1] as number) ^ 1);
          cl.push(out[Math.min(i + j, size) - 1] as number);
          sat.addClause(cl);
        }
      }
      return out;
    };
    if (lits.length === 0) return [];
    return build(0, lits.length);
  }

  private atMostCounter(lits: number[], k: number): void {
    const out = this.counter(lits, k + 1);
    if (out.length > k) this.sat.addClause([(out[k] as number) ^ 1]);
  }

  private setPhases(): void {
    const { st, sat } = this;
    const md = st.model;
    const { M, P, T } = md;
    for (let m = 0; m < M; m++) {
      const dom = md.domain[m] as Int32Array;
      const s = st.slotOf[m] as number;
      for (let i = 0; i < dom.length; i++) sat.setPhase((this.xBase[m] as number) + i, dom[i] === s);
    }
    for (let p = 0; p < P; p++) {
      let last = -1;
      for (let s = 0; s < T; s++) {
        const busy = (st.occ[p * T + s] as number) >= 0;
        sat.setPhase(this.uVar[p * T + s] as number, busy);
        if (busy) last = s;
      }
      let prevBusy = false;
      for (let s = 0; s < T; s++) {
        const busy = (st.occ[p * T + s] as number) >= 0;
        const z = this.zVar[p * T + s] as number;
        if (z >= 0) sat.setPhase(z, s <= last);
        const b = this.brVar[p * T + s] as number;
        if (b >= 0) sat.setPhase(b, prevBusy && !busy && s < last);
        prevBusy = busy;
      }
    }
  }

  /**
   * Looks for a complete fair schedule with at most `bound` gaps (bound < upper) until the
   * deadline. true: the state now holds it; false: none exists (provenBelow rises); null: out of
   * time, or the model did not check out, and the state is unchanged.
   */
  solve(bound: number, deadline: number, now: () => number): boolean | null {
    const { st, sat } = this;
    const md = st.model;
    if (bound < this.provenBelow) return false;
    // Fresh guesses only when the schedule in hand changed; otherwise the solver goes on from
    // the phases it had.
    if (st.totalGaps !== this.phasedAt) {
      this.setPhases();
      this.phasedAt = st.totalGaps;
    }
    const assumption = bound < this.total.length ? [(this.total[bound] as number) ^ 1] : [];
    const r = sat.solve(deadline, now, assumption);
    this.conflicts = sat.conflicts;
    if (r === null) return null;
    if (r === false) {
      this.provenBelow = sat.ok ? Math.max(this.provenBelow, bound + 1) : Infinity;
      return false;
    }
    const slots = new Int32Array(md.M);
    for (let m = 0; m < md.M; m++) {
      const dom = md.domain[m] as Int32Array;
      slots[m] = -1;
      for (let i = 0; i < dom.length; i++) if (sat.value((this.xBase[m] as number) + i)) slots[m] = dom[i] as number;
    }
    const before = Int32Array.from(st.slotOf);
    st.load(slots);
    // The model is checked on the state itself: anything off and it is not taken.
    if (st.placedCount !== md.M || st.totalGaps > bound || st.fairExcess() > 0 || !hardRulesHold(md, st)) {
      st.load(before);
      return null;
    }
    return true;
  }
}

function hardRulesHold(md: Model, st: State): boolean {
  const { M, T } = md;
  for (let s = 0; s < T; s++) if ((st.onsiteCount[s] as number) > md.capacity) return false;
  for (let m = 0; m < M; m++) {
    const s = st.slotOf[m] as number;
    if (s < 0 || md.allowed[m * T + s] !== 1 || !st.precedenceOk(m, s)) return false;
    for (const p of md.meetParts[m] as Int32Array) if (st.occ[p * T + s] !== m) return false;
  }
  return true;
}

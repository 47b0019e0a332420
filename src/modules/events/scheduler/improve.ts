import type { State } from './state.js';
import { makeBlockers } from './ejection.js';
import { randInt } from './rng.js';
import { windowMove } from './window-move.js';
import { makeEject } from './eject.js';
import { makeKempe } from './kempe.js';
import { lnsStep, makeLns } from './lns.js';

export interface ImproveLimits {
  deadline: number;
  now: () => number;
  /** Stop as soon as the gaps reach this proven bound with fairness met. */
  lowerBound: number;
  /** Stop when the best schedule has not improved for this long (absent = run to the deadline). */
  stallMs?: number;
}

/** Fairness is a bound, not a preference: a unit beyond it costs as much as ten gaps. */
const FAIR_WEIGHT = 10;
const PRIORITY_WEIGHT = 1e6;
/** Share of moves that try to bring a waiting meeting in for blockers of no more priority. */
const SWAP_IN = 0.05;
/** Weight of idle slots inside gaps: small, only to tell a shrinking gap from a standing one. */
const IDLE_WEIGHT = 0.5;
/** Share of moves aimed at a participant who has a gap. */
const TARGETED = 0.5;
/** Share of moves that swap two whole slots. */
const WHOLE = 0.01;
/** Share of moves that re-place all of one participant's meetings as one block (costly, so rare). */
const WINDOW = 0.01;

/** Share of moves that try a gap-closing ejection chain, its depth, width per step and work cap. */
const EJECT = 0.005;
const EJECT_DEPTH = 4;
const EJECT_WIDTH = 2;
const EJECT_WORK = 60;

/** One move in this many is an exact re-solve of a small neighbourhood (see lns.ts). */
const LNS_EVERY = 2000;
const LNS_NODES = 3000;
const LNS_MAX_FREED = 30;
/**
 * Annealing from T0 down to T_MIN over each cycle; a cycle is a share of the budget (by the clock,
 * not by moves, so that a loaded machine still finishes its cycles cold).
 */
const T0 = 1.0;
const T_MIN = 0.1;
const CYCLE_SHARE = 0.5;

/**
 * Simulated annealing on the exact gap count. Every move is a Kempe-chain swap between two slots:
 * starting from one meeting (sometimes two, one per slot), pull in every meeting of the other slot
 * that shares a participant, transitively, and swap the whole chain. Such a swap never puts anyone
 * in two meetings at once, so only blocked/allowed slots, tables and precedences need checking.
 * A chain of one meeting is a plain move. Now and then a small neighbourhood is re-solved exactly
 * (lns.ts), and the temperature follows the clock. Placement never changes here.
 */
export function improve(st: State, rng: () => number, limits: ImproveLimits): number {
  const md = st.model;
  const { M, T } = md;
  const movable: number[] = [];
  const waiting: number[] = [];
  for (let x = 0; x < M; x++) {
    if ((md.locked[x] as number) >= 0 || (md.domain[x] as Int32Array).length === 0) continue;
    movable.push(x);
    if ((st.slotOf[x] as number) < 0) waiting.push(x);
  }
  if (movable.length === 0) return 0;
  const blockers = makeBlockers(st, rng);
  const lns = makeLns(st, rng);
  const out: number[] = [];
  const swapMs: number[] = [];
  const swapOld: number[] = [];
  const swapNew: number[] = [];

  const kempe = makeKempe(st);
  const { chain, newSlots } = kempe;
  const buildChain = kempe.build;

  const swapBack = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const x = chain[i] as number;
      newSlots[i] = st.slotOf[x] as number;
    }
  };
  const backSlots = new Int32Array(M);
  const cand = new Int32Array(T);
  const wMs = new Int32Array(M);
  const wOld = new Int32Array(M);
  const record = (): void => {
    const ex = st.fairExcess();
      const pr = st.placedPriority;
      if (pr > bestPriority + 1e-9 || (pr > bestPriority - 1e-9 && (ex < bestExcess || (ex === bestExcess && st.totalGaps < bestGaps)))) {
        bestPriority = pr;
        bestExcess = ex;
        bestGaps = st.totalGaps;
        bestSlots = Int32Array.from(st.slotOf);
        gained = true;
      }
  };
  let gained = false;
  const accept = (next: number): boolean => {
    const delta = next - cur;
    if (delta <= 0 || rng() < Math.exp(-delta / temp)) {
      cur = next;
      record();
      return true;
    }
    return false;
  };
  let temp = 1;

  // Placed priority comes first (lexicographic), then fairness, then gaps.
  const cost = (): number => st.totalGaps + FAIR_WEIGHT * st.fairExcess() + IDLE_WEIGHT * st.totalIdle - PRIORITY_WEIGHT * st.placedPriority;
  const eject = makeEject(st, kempe, rng, cost, EJECT_WIDTH, EJECT_WORK);
  let cur = cost();
  let bestExcess = st.fairExcess();
  let bestPriority = st.placedPriority;
  let bestGaps = st.totalGaps;
  let bestSlots = Int32Array.from(st.slotOf);
  // A new cycle goes back to the best schedule half of the time.
  const startMs = limits.now();
  let lastGain = startMs;
  const cycleMs = Math.max(1, (limits.deadline - startMs) * CYCLE_SHARE);
  let cycleNo = 0;
  let iter = 0;
  while (true) {
    if ((iter & 255) === 0) {
      const t = limits.now();
      if (t > limits.deadline) break;
      if (bestExcess === 0 && bestGaps <= limits.lowerBound && waiting.length === 0) break;
      if (gained) {
        gained = false;
        lastGain = t;
      } else if (limits.stallMs !== undefined && t - lastGain > limits.stallMs) break;
      const elapsed = (t - startMs) / cycleMs;
      const no = Math.floor(elapsed);
      temp = T0 * Math.pow(T_MIN / T0, elapsed - no);
      if (no !== cycleNo) {
        cycleNo = no;
        if (rng() < 0.5) {
          st.load(bestSlots);
          cur = cost();
        }
      }
    }
    iter++;
    if (LNS_EVERY > 0 && iter % LNS_EVERY === 0) {
      if (lnsStep(st, lns, rng, LNS_NODES, LNS_MAX_FREED)) {
        cur = cost();
        record();
      }
      continue;
    }
    if (waiting.length > 0 && rng() < SWAP_IN) {
      // Same placed priority, other meetings: the set placed is part of what the gaps depend on.
      const wi = randInt(rng, waiting.length);
      const u = waiting[wi] as number;
      if ((st.slotOf[u] as number) >= 0) {
        waiting[wi] = waiting[waiting.length - 1] as number;
        waiting.pop();
        continue;
      }
      const dom = md.domain[u] as Int32Array;
      const s = dom[randInt(rng, dom.length)] as number;
      if (!blockers(u, s, out)) continue;
      let lost = 0;
      for (const y of out) lost += md.priority[y] as number;
      if (lost > (md.priority[u] as number) + 1e-9) continue;
      swapMs.length = 0;
      swapOld.length = 0;
      swapNew.length = 0;
      for (const y of [u, ...out]) {
        swapMs.push(y);
        swapOld.push(st.slotOf[y] as number);
        swapNew.push(y === u ? s : -1);
      }
      st.assign(swapMs, swapMs.length, swapNew);
      if (accept(cost())) {
        waiting[wi] = waiting[waiting.length - 1] as number;
        waiting.pop();
        waiting.push(...out);
      } else st.assign(swapMs, swapMs.length, swapOld);
      continue;
    }
    if (rng() < EJECT) {
      let p = randInt(rng, md.P);
      for (let k = 0; k < 24 && (st.gaps[p] as number) === 0; k++) p = randInt(rng, md.P);
      if ((st.gaps[p] as number) === 0) continue;
      if (eject(p, EJECT_DEPTH, cur)) {
        cur = cost();
        record();
      }
      continue;
    }
    if (rng() < WINDOW) {
      let p = randInt(rng, md.P);
      if (rng() < 0.5) for (let k = 0; k < 24 && (st.gaps[p] as number) === 0; k++) p = randInt(rng, md.P);
      const k = windowMove(st, p, IDLE_WEIGHT, rng, wMs, wOld);
      if (k > 0 && !accept(cost())) st.assign(wMs, k, wOld);
      continue;
    }
    let x = -1;
    let b = -1;
    const whole = rng() < WHOLE;
    if (whole) {
      const a0 = randInt(rng, T);
      const b0 = randInt(rng, T);
      if (a0 === b0 || ((st.slotLen[a0] as number) === 0 && (st.slotLen[b0] as number) === 0)) continue;
      x = (st.slotLen[a0] as number) > 0 ? ((st.slotList[a0] as Int32Array)[0] as number) : ((st.slotList[b0] as Int32Array)[0] as number);
      b = st.slotOf[x] === a0 ? b0 : a0;
    } else if (rng() < TARGETED) {
      // Aim at a gap: move one of a gapped participant's meetings next to another of theirs.
      let p = randInt(rng, md.P);
      for (let k = 0; k < 24 && (st.gaps[p] as number) === 0; k++) p = randInt(rng, md.P);
      if ((st.gaps[p] as number) === 0) continue;
      const base = p * T;
      const mine = md.meetingsOf[p] as Int32Array;
      x = mine[randInt(rng, mine.length)] as number;
      if (rng() < 0.5) {
        // Shrink a gap of p from one of its ends: the meeting next to it steps into it.
        let nb = 0;
        let last = -1;
        for (let s = 0; s < T; s++) {
          if ((st.occ[base + s] as number) < 0) continue;
          if (last >= 0 && s - last > 1) {
            cand[nb++] = last;
            cand[nb++] = -s - 1;
          }
          last = s;
        }
        if (nb > 0) {
          const c = cand[randInt(rng, nb)] as number;
          const from = c >= 0 ? c : -c - 1;
          x = st.occ[base + from] as number;
          b = c >= 0 ? from + 1 : from - 1;
          if ((md.locked[x] as number) >= 0 || md.allowed[x * T + b] !== 1) continue;
        }
      }
      if ((st.slotOf[x] as number) < 0 || (md.locked[x] as number) >= 0) continue;
      if (b < 0) {
        let nb = 0;
        for (let s = 0; s < T; s++) {
          if ((st.occ[base + s] as number) >= 0 || md.allowed[x * T + s] !== 1) continue;
          if ((s > 0 && (st.occ[base + s - 1] as number) >= 0) || (s + 1 < T && (st.occ[base + s + 1] as number) >= 0)) cand[nb++] = s;
        }
        if (nb === 0) continue;
        b = cand[randInt(rng, nb)] as number;
      }
    } else {
      x = movable[randInt(rng, movable.length)] as number;
      if ((st.slotOf[x] as number) < 0) continue;
      const dom = md.domain[x] as Int32Array;
      if (dom.length < 2) continue;
      b = dom[randInt(rng, dom.length)] as number;
    }
    const a = st.slotOf[x] as number;
    if (b === a) continue;
    let seedB = -1;
    const lenB = st.slotLen[b] as number;
    const full = md.onsite[x] && (st.onsiteCount[b] as number) >= md.capacity;
    if (!whole && lenB > 0 && (full || rng() < 0.25)) {
      seedB = (st.slotList[b] as Int32Array)[randInt(rng, lenB)] as number;
      if ((md.locked[seedB] as number) >= 0) continue;
    }
    const n = buildChain(x, seedB, a, b, whole);
    if (n < 0) continue;
    swapBack(n);
    backSlots.set(newSlots.subarray(0, n));
    for (let i = 0; i < n; i++) newSlots[i] = backSlots[i] === a ? b : a;
    st.assign(chain, n, newSlots);
    if (!accept(cost())) st.assign(chain, n, backSlots);
  }
  st.load(bestSlots);
  return iter;
}

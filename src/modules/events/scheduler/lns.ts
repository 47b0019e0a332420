import { randInt } from './rng.js';
import type { State } from './state.js';

/** Excess over the fairness bound weighs more than any number of gaps in the exact re-solve. */
const EXCESS_KEY = 1000;

/**
 * Large-neighbourhood move: take a small set of placed meetings out and put them back by a
 * depth-first branch-and-bound on the exact gap count (most constrained meeting first, the slot that
 * adds fewest gaps first), limited in nodes. Keeps the result only when it is strictly better
 * (less fairness excess, then fewer gaps); otherwise the state is left exactly as it was.
 *
 * The bound: rows nobody freed are final; inserting one meeting changes a row's gaps by at most one,
 * so a row with k meetings still to come ends with at least gaps − k.
 */
export function makeLns(st: State, rng: () => number) {
  const md = st.model;
  const { M, P, T } = md;
  const pend = new Int32Array(P);
  const rowMark = new Int32Array(P);
  let rowStamp = 0;
  const rows: number[] = [];
  const done = new Uint8Array(M);
  const one = new Int32Array(1);
  const oneSlot = new Int32Array(1);
  const cands: Int32Array[] = Array.from({ length: M + 1 }, () => new Int32Array(T));
  const candScore = new Float64Array(T);
  let freed: number[] = [];
  let lo = 0;
  let hi = T - 1;
  let nodes = 0;
  let nodeLimit = 0;
  let bestKey = 0;
  let bestSlots = new Int32Array(0);
  let fairLimit = 0x3fffffff;

  const set = (x: number, s: number): void => {
    one[0] = x;
    oneSlot[0] = s;
    st.assign(one, 1, oneSlot);
  };

  const options = (x: number, out: Int32Array | null): number => {
    let n = 0;
    for (let s = lo; s <= hi; s++) {
      if (!st.canPlace(x, s)) continue;
      if (out) out[n] = s;
      n++;
    }
    return n;
  };

  const dfs = (left: number, depth: number): void => {
    if (++nodes > nodeLimit) return;
    let lb = st.totalGaps;
    for (const p of rows) {
      const g = st.gaps[p] as number;
      const k = pend[p] as number;
      if (k === 0) continue;
      lb -= Math.min(g, k);
      if (g - k > fairLimit) return;
    }
    if (lb >= bestKey) return;
    if (left === 0) {
      const key = st.fairExcess() * EXCESS_KEY + st.totalGaps;
      if (key < bestKey) {
        bestKey = key;
        for (let i = 0; i < freed.length; i++) bestSlots[i] = st.slotOf[freed[i] as number] as number;
      }
      return;
    }
    let pick = -1;
    let pickN = Infinity;
    for (const x of freed) {
      if (done[x]) continue;
      const n = options(x, null);
      if (n < pickN) {
        pickN = n;
        pick = x;
        if (n <= 1) break;
      }
    }
    if (pickN === 0) return;
    const list = cands[depth] as Int32Array;
    const n = options(pick, list);
    for (let i = 0; i < n; i++) candScore[list[i] as number] = st.insertDelta(pick, list[i] as number) + rng() * 0.9;
    // Insertion sort: lists are at most T long.
    for (let i = 1; i < n; i++) {
      const v = list[i] as number;
      let j = i - 1;
      while (j >= 0 && (candScore[list[j] as number] as number) > (candScore[v] as number)) {
        list[j + 1] = list[j] as number;
        j--;
      }
      list[j + 1] = v;
    }
    const parts = md.meetParts[pick] as Int32Array;
    done[pick] = 1;
    for (let i = 0; i < n && nodes <= nodeLimit; i++) {
      set(pick, list[i] as number);
      for (const p of parts) pend[p] = (pend[p] as number) - 1;
      dfs(left - 1, depth + 1);
      for (const p of parts) pend[p] = (pend[p] as number) + 1;
      set(pick, -1);
    }
    done[pick] = 0;
  };

  /**
   * Re-solves `meetings` (placed, not locked) within slots [from, to]. Returns true when the state
   * improved.
   */
  return (meetings: number[], from: number, to: number, limit: number): boolean => {
    const n = meetings.length;
    if (n === 0) return false;
    freed = meetings;
    lo = from;
    hi = to;
    nodes = 0;
    nodeLimit = limit;
    const old = new Int32Array(n);
    for (let i = 0; i < n; i++) old[i] = st.slotOf[meetings[i] as number] as number;
    bestSlots = Int32Array.from(old);
    bestKey = st.fairExcess() * EXCESS_KEY + st.totalGaps;
    const d = md.fairness;
    fairLimit = d === null ? 0x3fffffff : st.minGaps() + d;
    rowStamp++;
    rows.length = 0;
    for (const x of meetings) {
      for (const p of md.meetParts[x] as Int32Array) {
        if (rowMark[p] !== rowStamp) {
          rowMark[p] = rowStamp;
          rows.push(p);
          pend[p] = 0;
        }
        pend[p] = (pend[p] as number) + 1;
      }
    }
    const startKey = bestKey;
    st.assign(meetings, n, new Int32Array(n).fill(-1));
    dfs(n, 0);
    st.assign(meetings, n, bestSlots);
    for (const p of rows) pend[p] = 0;
    return bestKey < startKey;
  };
}

export type Lns = ReturnType<typeof makeLns>;

/**
 * Picks a neighbourhood: all meetings of one participant with a gap plus one to three others
 * (mostly their partners), capped in size; or every meeting in a window of two or three slots,
 * kept inside that window.
 */
export function lnsStep(st: State, lns: Lns, rng: () => number, limit: number, maxFreed: number): boolean {
  const md = st.model;
  const { P, T } = md;
  const inSet = new Set<number>();
  const movable = (x: number): boolean => (st.slotOf[x] as number) >= 0 && (md.locked[x] as number) < 0;
  if (rng() < 0.3) {
    const w = 2 + randInt(rng, 3);
    if (w > T) return false;
    let a = randInt(rng, T - w + 1);
    // Session edges are where the tables run out: people with morning-only and afternoon-only
    // meetings all need the last slot before and the first one after to avoid a break.
    if (rng() < 0.5) {
      const edges: number[] = [];
      for (let s = 1; s < T; s++) if (md.session[s] !== md.session[s - 1]) edges.push(s);
      if (edges.length > 0) a = Math.max(0, Math.min(T - w, (edges[randInt(rng, edges.length)] as number) - 1 - randInt(rng, w - 1)));
    }
    for (let s = a; s < a + w; s++) {
      const list = st.slotList[s] as Int32Array;
      const len = st.slotLen[s] as number;
      for (let i = 0; i < len; i++) if (movable(list[i] as number)) inSet.add(list[i] as number);
    }
    return lns([...inSet], a, a + w - 1, limit);
  }
  let p = randInt(rng, P);
  for (let k = 0; k < 40 && (st.gaps[p] as number) === 0; k++) p = randInt(rng, P);
  const chosen = [p];
  for (const x of md.meetingsOf[p] as Int32Array) if (movable(x)) inSet.add(x);
  const extra = 1 + randInt(rng, 3);
  for (let k = 0; k < extra * 4 && chosen.length <= extra; k++) {
    let q: number;
    if (rng() < 0.7) {
      const from = chosen[randInt(rng, chosen.length)] as number;
      const mine = md.meetingsOf[from] as Int32Array;
      if (mine.length === 0) continue;
      const parts = md.meetParts[mine[randInt(rng, mine.length)] as number] as Int32Array;
      q = parts[randInt(rng, parts.length)] as number;
    } else {
      q = randInt(rng, P);
      for (let j = 0; j < 10 && (st.gaps[q] as number) === 0; j++) q = randInt(rng, P);
    }
    if (chosen.includes(q)) continue;
    const add = (md.meetingsOf[q] as Int32Array).filter((x) => movable(x) && !inSet.has(x));
    if (inSet.size + add.length > maxFreed && chosen.length > 1) continue;
    chosen.push(q);
    for (const x of add) inSet.add(x);
  }
  if (inSet.size > maxFreed * 1.5) return false;
  return lns([...inSet], 0, T - 1, limit);
}

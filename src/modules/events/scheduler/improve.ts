import type { State } from './state.js';
import { randInt } from './rng.js';

export interface ImproveLimits {
  deadline: number;
  now: () => number;
  /** Stop as soon as the gaps reach this proven bound with fairness met. */
  lowerBound: number;
}

const FAIR_WEIGHT = 3;
const MAX_CHAIN = 40;

/**
 * Simulated annealing on the exact gap count. Every move is a Kempe-chain swap between two slots:
 * starting from one meeting (sometimes two, one per slot), pull in every meeting of the other slot
 * that shares a participant, transitively, and swap the whole chain. Such a swap never puts anyone
 * in two meetings at once, so only blocked/allowed slots, tables and precedences need checking.
 * A chain of one meeting is a plain move. Placement never changes here.
 */
export function improve(st: State, rng: () => number, limits: ImproveLimits): number {
  const md = st.model;
  const { M, T } = md;
  const movable: number[] = [];
  for (let x = 0; x < M; x++) if ((st.slotOf[x] as number) >= 0 && (md.locked[x] as number) < 0) movable.push(x);
  if (movable.length === 0) return 0;

  const chain = new Int32Array(M);
  const newSlots = new Int32Array(M);
  const inChain = new Int32Array(M);
  let stamp = 0;

  const buildChain = (seedA: number, seedB: number, a: number, b: number): number => {
    stamp++;
    let n = 0;
    for (const seed of [seedA, seedB]) {
      if (seed < 0 || inChain[seed] === stamp) continue;
      inChain[seed] = stamp;
      chain[n++] = seed;
    }
    for (let i = 0; i < n; i++) {
      const x = chain[i] as number;
      const other = st.slotOf[x] === a ? b : a;
      for (const p of md.meetParts[x] as Int32Array) {
        const y = st.occ[p * T + other] as number;
        if (y < 0 || inChain[y] === stamp) continue;
        if ((md.locked[y] as number) >= 0 || n >= MAX_CHAIN) return -1;
        inChain[y] = stamp;
        chain[n++] = y;
      }
    }
    let dA = 0;
    for (let i = 0; i < n; i++) {
      const x = chain[i] as number;
      const to = st.slotOf[x] === a ? b : a;
      newSlots[i] = to;
      if (md.allowed[x * T + to] !== 1) return -1;
      if (md.onsite[x]) dA += to === a ? 1 : -1;
    }
    if ((st.onsiteCount[a] as number) + dA > md.capacity || (st.onsiteCount[b] as number) - dA > md.capacity) return -1;
    for (let i = 0; i < n; i++) {
      const x = chain[i] as number;
      const to = newSlots[i] as number;
      for (const y of md.preds[x] as Int32Array) {
        const ys = inChain[y] === stamp ? (st.slotOf[y] === a ? b : a) : (st.slotOf[y] as number);
        if (ys >= 0 && ys >= to) return -1;
      }
      for (const y of md.succs[x] as Int32Array) {
        const ys = inChain[y] === stamp ? (st.slotOf[y] === a ? b : a) : (st.slotOf[y] as number);
        if (ys >= 0 && ys <= to) return -1;
      }
    }
    return n;
  };

  const swapBack = (n: number): void => {
    for (let i = 0; i < n; i++) {
      const x = chain[i] as number;
      newSlots[i] = st.slotOf[x] as number;
    }
  };
  const backSlots = new Int32Array(M);

  const cost = (): number => st.totalGaps + FAIR_WEIGHT * st.fairExcess();
  let cur = cost();
  let bestExcess = st.fairExcess();
  let bestGaps = st.totalGaps;
  let bestSlots = Int32Array.from(st.slotOf);
  const t0 = 0.8;
  const tMin = 0.05;
  const cycle = 20000 + 40 * movable.length;
  let iter = 0;
  while (true) {
    if ((iter & 255) === 0) {
      if (limits.now() > limits.deadline) break;
      if (bestExcess === 0 && bestGaps <= limits.lowerBound) break;
    }
    iter++;
    const phase = (iter % cycle) / cycle;
    const temp = t0 * Math.pow(tMin / t0, phase);
    if (iter % cycle === 0 && rng() < 0.5) {
      st.load(bestSlots);
      cur = cost();
    }
    const x = movable[randInt(rng, movable.length)] as number;
    const a = st.slotOf[x] as number;
    const dom = md.domain[x] as Int32Array;
    if (dom.length < 2) continue;
    const b = dom[randInt(rng, dom.length)] as number;
    if (b === a) continue;
    let seedB = -1;
    const lenB = st.slotLen[b] as number;
    const full = md.onsite[x] && (st.onsiteCount[b] as number) >= md.capacity;
    if (lenB > 0 && (full || rng() < 0.25)) {
      seedB = (st.slotList[b] as Int32Array)[randInt(rng, lenB)] as number;
      if ((md.locked[seedB] as number) >= 0) continue;
    }
    const n = buildChain(x, seedB, a, b);
    if (n < 0) continue;
    swapBack(n);
    backSlots.set(newSlots.subarray(0, n));
    for (let i = 0; i < n; i++) newSlots[i] = backSlots[i] === a ? b : a;
    st.assign(chain, n, newSlots);
    const next = cost();
    const delta = next - cur;
    if (delta <= 0 || rng() < Math.exp(-delta / temp)) {
      cur = next;
      const ex = st.fairExcess();
      if (ex < bestExcess || (ex === bestExcess && st.totalGaps < bestGaps)) {
        bestExcess = ex;
        bestGaps = st.totalGaps;
        bestSlots = Int32Array.from(st.slotOf);
      }
    } else {
      st.assign(chain, n, backSlots);
    }
  }
  st.load(bestSlots);
  return iter;
}

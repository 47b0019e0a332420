import type { State } from './state.js';

/** Longest chain a move may pull in before it is given up. */
export const MAX_CHAIN = 40;

/**
 * Kempe chains between two slots a and b: starting from one meeting (or two, one per slot), pull in
 * every meeting of the other slot that shares a participant, transitively. Swapping the whole chain
 * never puts anyone in two meetings at once, so only allowed slots, tables and precedences are
 * checked. `build` fills `chain[0..n)` and `newSlots[0..n)` (each meeting's slot after the swap) and
 * returns n, or −1 when the swap is not allowed; `whole` swaps everything in both slots.
 */
export function makeKempe(st: State) {
  const md = st.model;
  const { M, T } = md;
  const chain = new Int32Array(M);
  const newSlots = new Int32Array(M);
  const inChain = new Int32Array(M);
  let stamp = 0;

  const build = (seedA: number, seedB: number, a: number, b: number, whole: boolean): number => {
    stamp++;
    let n = 0;
    if (whole) {
      // Swapping two whole slots: a Kempe chain that takes everything in both.
      for (const s of [a, b]) {
        const list = st.slotList[s] as Int32Array;
        const len = st.slotLen[s] as number;
        for (let i = 0; i < len; i++) {
          const y = list[i] as number;
          if ((md.locked[y] as number) >= 0) return -1;
          inChain[y] = stamp;
          chain[n++] = y;
        }
      }
    }
    for (const seed of [seedA, seedB]) {
      if (seed < 0 || inChain[seed] === stamp) continue;
      inChain[seed] = stamp;
      chain[n++] = seed;
    }
    for (let i = 0; i < n && !whole; i++) {
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

  return { chain, newSlots, build };
}

export type Kempe = ReturnType<typeof makeKempe>;

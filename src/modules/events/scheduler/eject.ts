import type { Kempe } from './kempe.js';
import { randInt } from './rng.js';
import type { State } from './state.js';

/**
 * Gap-closing ejection chains. `eject(p, depth, start)`: step a meeting of p at one end of one of
 * p's gaps into the gap (a Kempe swap between its slot and the next one); if that opens a gap for
 * someone in the swap, or p still has one, close that the same way, up to `depth` steps. The first
 * state on the way whose `cost()` is strictly below `start` is kept (returns true); otherwise every
 * step is undone and the state is exactly as before (returns false). Annealing alone rarely crosses
 * such chains, since each step on its own costs a gap. `width` = gap ends tried per step, `work` =
 * most swaps tried per call.
 */
export function makeEject(st: State, kempe: Kempe, rng: () => number, cost: () => number, width: number, work: number) {
  const md = st.model;
  const { T } = md;
  let spent = 0;

  const step = (p: number, depth: number, start: number): boolean => {
    const base = p * T;
    const ends: number[] = [];
    let last = -1;
    for (let s = 0; s < T; s++) {
      if ((st.occ[base + s] as number) < 0) continue;
      if (last >= 0 && s - last > 1) ends.push(last, -s - 1);
      last = s;
    }
    for (let i = ends.length - 1; i > 0; i--) {
      const j = randInt(rng, i + 1);
      const t = ends[i] as number;
      ends[i] = ends[j] as number;
      ends[j] = t;
    }
    for (let e = 0; e < ends.length && e < width; e++) {
      if (++spent > work) return false;
      const c = ends[e] as number;
      const from = c >= 0 ? c : -c - 1;
      const x = st.occ[base + from] as number;
      const b = c >= 0 ? from + 1 : from - 1;
      if ((md.locked[x] as number) >= 0 || md.allowed[x * T + b] !== 1) continue;
      let seedB = -1;
      const lenB = st.slotLen[b] as number;
      if (md.onsite[x] && (st.onsiteCount[b] as number) >= md.capacity) {
        // The slot is full: one of its meetings has to come back the other way.
        if (lenB === 0) continue;
        seedB = (st.slotList[b] as Int32Array)[randInt(rng, lenB)] as number;
        if ((md.locked[seedB] as number) >= 0) continue;
      }
      const n = kempe.build(x, seedB, from, b, false);
      if (n < 0) continue;
      const ms = Int32Array.from(kempe.chain.subarray(0, n));
      const back = new Int32Array(n);
      const to = new Int32Array(n);
      for (let i = 0; i < n; i++) {
        back[i] = st.slotOf[ms[i] as number] as number;
        to[i] = back[i] === from ? b : from;
      }
      const touched: number[] = [];
      const before: number[] = [];
      for (const y of ms) {
        for (const q of md.meetParts[y] as Int32Array) {
          if (touched.includes(q)) continue;
          touched.push(q);
          before.push(st.gaps[q] as number);
        }
      }
      st.assign(ms, n, to);
      if (cost() < start - 1e-9) return true;
      if (depth > 1) {
        for (let i = 0; i < touched.length; i++) {
          const q = touched[i] as number;
          const g = st.gaps[q] as number;
          if ((g > (before[i] as number) || (q === p && g > 0)) && step(q, depth - 1, start)) return true;
        }
      }
      st.assign(ms, n, back);
    }
    return false;
  };

  return (p: number, depth: number, start: number): boolean => {
    spent = 0;
    return step(p, depth, start);
  };
}

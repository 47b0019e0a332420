import { bestSlot } from './construct.js';
import type { State } from './state.js';
import { makeBlockers } from './ejection.js';
import { randInt } from './rng.js';

export interface RepairLimits {
  deadline: number;
  now: () => number;
  /** Give up after this many iterations without a better placed priority. */
  maxIdle: number;
}

/**
 * Places what greedy left out by ejecting what stands in the way (a tabu ejection chain, as in
 * PartialCol for graph colouring): the unplaced meeting takes the slot whose blockers weigh least,
 * the blockers try a free slot elsewhere, and a tabu list keeps them from coming straight back.
 * Always ends on the best schedule seen (most placed priority), so it never makes things worse.
 */
export function repair(st: State, rng: () => number, limits: RepairLimits): number {
  const md = st.model;
  const { T, M } = md;
  const pending: number[] = [];
  for (let x = 0; x < M; x++) if ((st.slotOf[x] as number) < 0 && (md.domain[x] as Int32Array).length > 0) pending.push(x);
  if (pending.length === 0) return 0;

  const tabu = new Int32Array(M * T);
  const blockers = makeBlockers(st, rng);
  const ejected: number[] = [];
  const bestEject: number[] = [];
  let best = st.placedPriority;
  let bestCount = st.placedCount;
  let bestSlots = Int32Array.from(st.slotOf);
  let iter = 0;
  let idle = 0;

  while (pending.length > 0 && idle < limits.maxIdle) {
    if ((iter & 63) === 0 && limits.now() > limits.deadline) break;
    iter++;
    idle++;
    // Three random draws, the heaviest wins: high priority is served first without starving the rest.
    let pi = randInt(rng, pending.length);
    for (let k = 0; k < 2; k++) {
      const c = randInt(rng, pending.length);
      if ((md.priority[pending[c] as number] as number) > (md.priority[pending[pi] as number] as number)) pi = c;
    }
    const x = pending[pi] as number;
    if ((st.slotOf[x] as number) >= 0) {
      pending[pi] = pending[pending.length - 1] as number;
      pending.pop();
      continue;
    }
    let bestS = -1;
    let bestCost = Infinity;
    for (const s of md.domain[x] as Int32Array) {
      if ((tabu[x * T + s] as number) > iter) continue;
      if (!blockers(x, s, ejected)) continue;
      let cost = rng() * 0.01;
      for (const y of ejected) cost += (md.priority[y] as number) + 1e-3;
      if (cost < bestCost) {
        bestCost = cost;
        bestS = s;
        bestEject.length = 0;
        bestEject.push(...ejected);
      }
    }
    if (bestS < 0) continue;
    const moved = [x, ...bestEject];
    const slots = [bestS, ...bestEject.map(() => -1)];
    const tenure = 7 + randInt(rng, 10) + Math.floor(pending.length * 0.6);
    for (const y of bestEject) tabu[y * T + (st.slotOf[y] as number)] = iter + tenure;
    st.assign(moved, moved.length, slots);
    pending[pi] = pending[pending.length - 1] as number;
    pending.pop();
    for (const y of bestEject) {
      const s = bestSlot(st, y, rng);
      if (s >= 0) st.place(y, s);
      else pending.push(y);
    }
    if (st.placedPriority > best + 1e-9 || (st.placedPriority >= best - 1e-9 && st.placedCount > bestCount)) {
      best = st.placedPriority;
      bestCount = st.placedCount;
      bestSlots = Int32Array.from(st.slotOf);
      idle = 0;
    }
  }
  st.load(bestSlots);
  return iter;
}

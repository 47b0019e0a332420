/**
 * The matcher's assignment: with at most N proposals per demand and M per offer, choose the set
 * of candidate pairs with the largest total score. Pure and deterministic.
 *
 * Method: exact min-cost flow by successive shortest paths with potentials, one unit at a time
 * (the Jonker–Volgenant way of growing an optimal partial solution row by row). The network is
 * row → column (capacity 1, cost −score) → sink (capacity cap(column)), plus a cost-0 "leave it
 * unused" arc from every row to the sink; rows are the demands, or the offers when offers have less
 * capacity in total (the problem is symmetric). Each Dijkstra starts at one row and stops as soon
 * as the sink is settled, so a search only explores the few nodes that compete with it; that is
 * what keeps a 2M-edge nightly graph in seconds where a textbook global-source Dijkstra per unit of
 * flow would not. The "unused" arc makes the flow stop exactly when no improving path is left, so
 * the total score is maximised (not the number of pairs).
 *
 * Scores are scaled to integers (1e-6 resolution) so that every reduced cost is exact.
 */
import { Heap } from './assign-heap.js';

export interface AssignEdge {
  demandId: string;
  offerId: string;
  score: number;
}

export type AssignCap = number | ((id: string) => number);

export interface AssignCaps {
  perDemand: AssignCap;
  perOffer: AssignCap;
}

const SCALE = 1_000_000;

/** A cap as a count: Infinity means no cap; NaN, negative or missing means none allowed. */
export function capOf(cap: AssignCap, id: string): number {
  const value = typeof cap === 'number' ? cap : cap(id);
  if (value === Infinity) return 0x7fffffff;
  return Number.isFinite(value) && value > 0 ? Math.min(0x7fffffff, Math.floor(value)) : 0;
}

/**
 * The candidate graph in arrays. Rows are the side the flow starts from (the demands, or the offers
 * when they have less capacity: see assign), columns the other side. Nodes: rows 0..nR-1, columns
 * nR..nR+nC-1, the sink nR+nC.
 */
interface Graph {
  nR: number;
  nC: number;
  /** Edges grouped by row, each row's edges best first: rStart[r]..rStart[r+1]. */
  rStart: Int32Array;
  weight: Float64Array;
  head: Int32Array;
  tail: Int32Array;
  /** Edge indices grouped by column: cEdges[cStart[c]..cStart[c+1]]. */
  cStart: Int32Array;
  cEdges: Int32Array;
  rowCap: Int32Array;
  colCap: Int32Array;
}

/** Min-cost flow; returns the flow (0 or 1) on each edge. */
function solve(g: Graph): Uint8Array {
  const { nR, nC, rStart, weight, head, tail, cStart, cEdges, colCap } = g;
  const sink = nR + nC;
  const flow = new Uint8Array(weight.length);
  const load = new Int32Array(nC);
  const pi = new Float64Array(sink + 1);
  let maxW = 0;
  for (let d = 0; d < nR; d++) {
    for (let k = rStart[d]!, end = rStart[d + 1]!; k < end; k++) {
      const o = head[k]!;
      if (-weight[k]! < pi[o]!) pi[o] = -weight[k]!;
      if (weight[k]! > maxW) maxW = weight[k]!;
    }
  }
  pi[sink] = -maxW;

  const dist = new Float64Array(sink + 1);
  const seen = new Int32Array(sink + 1);
  const done = new Int32Array(sink + 1);
  const pred = new Int32Array(sink + 1); // edge index, or -1 - node for the arc into the sink
  const settled = new Int32Array(sink + 1);
  const heap = new Heap(1024);
  let stamp = 0;

  const relax = (v: number, d: number, via: number): void => {
    // Nothing at or beyond the sink's tentative distance can be settled before it.
    if (v !== sink && d >= dist[sink]!) return;
    if (seen[v] !== stamp || d < dist[v]!) {
      seen[v] = stamp;
      dist[v] = d;
      pred[v] = via;
      heap.push(d, v);
    }
  };

  /** One shortest path from row `src` to the sink; false when leaving the unit unused is best. */
  const augmentFrom = (src: number): boolean => {
    stamp++;
    heap.size = 0;
    let nSettled = 0;
    // The source's own "unused" arc first, so that another path only wins when strictly shorter.
    relax(sink, pi[src]! - pi[sink]!, -1 - src);
    relax(src, 0, -1);
    while (heap.size > 0) {
      const u = heap.nodes[0]!;
      const du = heap.keys[0]!;
      heap.pop();
      if (done[u] === stamp || du > dist[u]!) continue;
      done[u] = stamp;
      settled[nSettled++] = u;
      if (u === sink) break;
      const pu = pi[u]!;
      if (u < nR) {
        // Any row reached here holds flow, so its "unused" arc exists.
        if (u !== src) relax(sink, du + pu - pi[sink]!, -1 - u);
        for (let k = rStart[u]!, end = rStart[u + 1]!; k < end; k++) {
          if (flow[k] !== 0) continue;
          const v = head[k]!;
          if (done[v] !== stamp) relax(v, du - weight[k]! + pu - pi[v]!, k);
        }
      } else {
        const o = u - nR;
        if (load[o]! < colCap[o]!) relax(sink, du + pu - pi[sink]!, -1 - u);
        for (let j = cStart[o]!, end = cStart[o + 1]!; j < end; j++) {
          const k = cEdges[j]!;
          if (flow[k] !== 1) continue;
          const v = tail[k]!;
          if (done[v] !== stamp) relax(v, du + weight[k]! + pu - pi[v]!, k);
        }
      }
    }
    const dT = dist[sink]!;
    for (let i = 0; i < nSettled; i++) {
      const v = settled[i]!;
      pi[v] = pi[v]! + dist[v]! - dT;
    }
    if (pred[sink] === -1 - src) return false;
    let v = -1 - pred[sink]!;
    if (v >= nR) load[v - nR]!++;
    while (v !== src) {
      const into = pred[v]!;
      if (v >= nR) {
        flow[into] = 1;
        v = tail[into]!;
      } else {
        flow[into] = 0;
        v = head[into]!;
      }
    }
    return true;
  };

  for (let r = 0; r < nR; r++) {
    const units = Math.min(g.rowCap[r]!, rStart[r + 1]! - rStart[r]!);
    for (let u = 0; u < units; u++) if (!augmentFrom(r)) break;
  }
  return flow;
}

/** Dense ids for strings in first-seen order, remapped to sorted order at the end. */
class Ids {
  readonly index = new Map<string, number>();
  readonly names: string[] = [];
  of(id: string): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.names.length;
      this.index.set(id, i);
      this.names.push(id);
    }
    return i;
  }
  /** rank[i] = position of names[i] in sorted order; sortedNames in that order. */
  ranks(): { rank: Int32Array; sortedNames: string[] } {
    const byName = Array.from(this.names.keys()).sort((a, b) => (this.names[a]! < this.names[b]! ? -1 : 1));
    const rank = new Int32Array(byName.length);
    byName.forEach((i, r) => (rank[i] = r));
    return { rank, sortedNames: byName.map((i) => this.names[i]!) };
  }
}

/**
 * Chooses at most cap(demand) edges per demand and cap(offer) per offer maximising the total score.
 * Deterministic: ids are ranked in sorted order and each node's edges taken best first (ties by
 * id), so the input order never matters. Duplicate pairs keep their best score; edges with a score
 * that rounds to ≤ 0 (or is not finite) are never chosen. The result is ordered by demandId, then
 * score (best first), then offerId.
 */
export function assign<E extends AssignEdge>(edges: readonly E[], caps: AssignCaps): E[] {
  // Plain loops over typed arrays and no string sorting of edges: at 2M edges the preparation
  // would otherwise cost more than the flow itself.
  const demands = new Ids();
  const offers = new Ids();
  const n = edges.length;
  const dOf = new Int32Array(n);
  const oOf = new Int32Array(n);
  const wOf = new Float64Array(n);
  let lastDemandId: string | undefined;
  let lastD = -1;
  for (let i = 0; i < n; i++) {
    const e = edges[i]!;
    const w = assignWeight(e.score);
    wOf[i] = w;
    if (w <= 0) continue;
    if (e.demandId !== lastDemandId) {
      lastDemandId = e.demandId;
      lastD = demands.of(e.demandId);
    }
    dOf[i] = lastD;
    oOf[i] = offers.of(e.offerId);
  }
  const nD = demands.names.length;
  const nO = offers.names.length;
  if (nD === 0) return [];
  const dRank = demands.ranks();
  const oRank = offers.ranks();
  for (let i = 0; i < n; i++) {
    if (wOf[i]! <= 0) continue;
    dOf[i] = dRank.rank[dOf[i]!]!;
    oOf[i] = oRank.rank[oOf[i]!]!;
  }
  const dCap = Int32Array.from(dRank.sortedNames, (id) => capOf(caps.perDemand, id));
  const oCap = Int32Array.from(oRank.sortedNames, (id) => capOf(caps.perOffer, id));
  return assignDense({ n, dOf, oOf, wOf, nD, nO, dCap, oCap }).map((i) => edges[i]!);
}

/**
 * The candidate graph with dense ids: edge i joins demand dOf[i] (0..nD-1) and offer oOf[i]
 * (0..nO-1) with integer weight wOf[i] (edges with wOf ≤ 0 are ignored). Ids must be ranked in the
 * order that breaks ties (sorted record ids), which makes the result independent of edge order.
 */
export interface DenseGraph {
  n: number;
  dOf: Int32Array;
  oOf: Int32Array;
  wOf: Float64Array;
  nD: number;
  nO: number;
  dCap: Int32Array;
  oCap: Int32Array;
}

/** Scales a score to the integer weight assign works in (≤ 0: never chosen). */
export const assignWeight = (score: number): number => (Number.isFinite(score) ? Math.round(score * SCALE) : 0);

/** The assignment on a dense graph: the chosen edge indices, by demand, then weight (best first), then offer. */
export function assignDense(dense: DenseGraph): number[] {
  const { n, dOf, oOf, wOf, nD, nO, dCap, oCap } = dense;
  if (nD === 0 || nO === 0) return [];
  const dDeg = new Int32Array(nD);
  const oDeg = new Int32Array(nO);
  for (let i = 0; i < n; i++) {
    if (wOf[i]! <= 0) continue;
    dDeg[dOf[i]!]!++;
    oDeg[oOf[i]!]!++;
  }
  let dUnits = 0;
  let oUnits = 0;
  for (let d = 0; d < nD; d++) dUnits += Math.min(dCap[d]!, dDeg[d]!);
  for (let o = 0; o < nO; o++) oUnits += Math.min(oCap[o]!, oDeg[o]!);

  // Augment from the scarcer side: when offers are contested, most searches from a demand end in
  // long chains of displaced holders, while a search from an offer finds a demand with room at once.
  const byOffer = oUnits < dUnits;
  const rOf = byOffer ? oOf : dOf;
  const cOf = byOffer ? dOf : oOf;
  const nR = byOffer ? nO : nD;
  const nC = byOffer ? nD : nO;

  // Bucket by row, then each row's few edges best first; a later duplicate pair is dropped.
  const bucketStart = new Int32Array(nR + 1);
  for (let i = 0; i < n; i++) if (wOf[i]! > 0) bucketStart[rOf[i]! + 1]!++;
  for (let r = 0; r < nR; r++) bucketStart[r + 1]! += bucketStart[r]!;
  const order = new Int32Array(bucketStart[nR]!);
  const next = bucketStart.slice(0, nR);
  for (let i = 0; i < n; i++) if (wOf[i]! > 0) order[next[rOf[i]!]!++] = i;
  const byBest = (a: number, b: number): number => wOf[b]! - wOf[a]! || cOf[a]! - cOf[b]!;
  const keep = new Int32Array(order.length);
  const rStart = new Int32Array(nR + 1);
  const lastRow = new Int32Array(nC).fill(-1);
  let m = 0;
  for (let r = 0; r < nR; r++) {
    rStart[r] = m;
    for (const i of order.subarray(bucketStart[r]!, bucketStart[r + 1]!).sort(byBest)) {
      if (lastRow[cOf[i]!] === r) continue;
      lastRow[cOf[i]!] = r;
      keep[m++] = i;
    }
  }
  rStart[nR] = m;

  const g: Graph = {
    nR,
    nC,
    rStart,
    weight: new Float64Array(m),
    head: new Int32Array(m),
    tail: new Int32Array(m),
    cStart: new Int32Array(nC + 1),
    cEdges: new Int32Array(m),
    rowCap: byOffer ? oCap : dCap,
    colCap: byOffer ? dCap : oCap,
  };
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    g.weight[k] = wOf[i]!;
    g.head[k] = nR + cOf[i]!;
    g.tail[k] = rOf[i]!;
    g.cStart[cOf[i]! + 1]!++;
  }
  for (let c = 0; c < nC; c++) g.cStart[c + 1]! += g.cStart[c]!;
  const fill = g.cStart.slice(0, nC);
  for (let k = 0; k < m; k++) g.cEdges[fill[g.head[k]! - nR]!++] = k;

  const flow = solve(g);
  const chosen: number[] = [];
  for (let k = 0; k < m; k++) if (flow[k] === 1) chosen.push(keep[k]!);
  chosen.sort((a, b) => dOf[a]! - dOf[b]! || wOf[b]! - wOf[a]! || oOf[a]! - oOf[b]!);
  return chosen;
}

/**
 * The matcher's assignment: with at most N proposals per demand and M per offer, choose the set
 * of candidate pairs with the largest total score. Pure and deterministic.
 *
 * Method: exact min-cost flow by successive shortest paths with potentials, one demand unit at a
 * time (the Jonker–Volgenant way of growing an optimal partial solution row by row). The network is
 * demand → offer (capacity 1, cost −score) → sink (capacity cap(offer)), plus a cost-0 "leave it
 * unused" arc from every demand to the sink. Each Dijkstra starts at one demand and stops as soon
 * as the sink is settled, so a search only explores the few nodes that compete with it; that is
 * what keeps a 2M-edge nightly graph in seconds where a textbook global-source Dijkstra per unit of
 * flow would not. The "unused" arc makes the flow stop exactly when no improving path is left, so
 * the total score is maximised (not the number of pairs).
 *
 * Scores are scaled to integers (1e-6 resolution) so that every reduced cost is exact.
 */

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

function capOf(cap: AssignCap, id: string): number {
  const value = typeof cap === 'number' ? cap : cap(id);
  return Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}

/** A binary min-heap of (key, node) with lazy deletion, reused across searches. */
class Heap {
  keys: Float64Array;
  nodes: Int32Array;
  size = 0;
  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.nodes = new Int32Array(capacity);
  }
  push(key: number, node: number): void {
    if (this.size === this.keys.length) this.grow();
    let i = this.size++;
    const keys = this.keys;
    const nodes = this.nodes;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const pk = keys[p]!;
      if (pk < key || (pk === key && nodes[p]! <= node)) break;
      keys[i] = pk;
      nodes[i] = nodes[p]!;
      i = p;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  /** Removes the top; read topKey/topNode before calling. */
  pop(): void {
    const keys = this.keys;
    const nodes = this.nodes;
    const n = --this.size;
    if (n === 0) return;
    const key = keys[n]!;
    const node = nodes[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      const r = c + 1;
      if (r < n && (keys[r]! < keys[c]! || (keys[r] === keys[c] && nodes[r]! < nodes[c]!))) c = r;
      if (key < keys[c]! || (key === keys[c] && node <= nodes[c]!)) break;
      keys[i] = keys[c]!;
      nodes[i] = nodes[c]!;
      i = c;
    }
    keys[i] = key;
    nodes[i] = node;
  }
  private grow(): void {
    const keys = new Float64Array(this.keys.length * 2);
    const nodes = new Int32Array(this.nodes.length * 2);
    keys.set(this.keys);
    nodes.set(this.nodes);
    this.keys = keys;
    this.nodes = nodes;
  }
}

/** The candidate graph in arrays: demands 0..nD-1, offers nD..nD+nO-1, the sink nD+nO. */
interface Graph {
  nD: number;
  nO: number;
  /** Edges grouped by demand, each demand's edges best first: dStart[d]..dStart[d+1]. */
  dStart: Int32Array;
  weight: Float64Array;
  head: Int32Array;
  tail: Int32Array;
  /** Edge indices grouped by offer: oEdges[oStart[o]..oStart[o+1]]. */
  oStart: Int32Array;
  oEdges: Int32Array;
  demandCap: Int32Array;
  offerCap: Int32Array;
}

/** Min-cost flow; returns the flow (0 or 1) on each edge. */
function solve(g: Graph): Uint8Array {
  const { nD, nO, dStart, weight, head, tail, oStart, oEdges, offerCap } = g;
  const sink = nD + nO;
  const flow = new Uint8Array(weight.length);
  const load = new Int32Array(nO);
  const pi = new Float64Array(sink + 1);
  let maxW = 0;
  for (let d = 0; d < nD; d++) {
    for (let k = dStart[d]!, end = dStart[d + 1]!; k < end; k++) {
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
    if (seen[v] !== stamp || d < dist[v]!) {
      seen[v] = stamp;
      dist[v] = d;
      pred[v] = via;
      heap.push(d, v);
    }
  };

  /** One shortest path from demand `src` to the sink; false when leaving the unit unused is best. */
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
      if (u < nD) {
        // Any demand reached here holds flow, so its "unused" arc exists.
        if (u !== src) relax(sink, du + pu - pi[sink]!, -1 - u);
        for (let k = dStart[u]!, end = dStart[u + 1]!; k < end; k++) {
          if (flow[k] !== 0) continue;
          const v = head[k]!;
          if (done[v] !== stamp) relax(v, du - weight[k]! + pu - pi[v]!, k);
        }
      } else {
        const o = u - nD;
        if (load[o]! < offerCap[o]!) relax(sink, du + pu - pi[sink]!, -1 - u);
        for (let j = oStart[o]!, end = oStart[o + 1]!; j < end; j++) {
          const k = oEdges[j]!;
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
    if (v >= nD) load[v - nD]!++;
    while (v !== src) {
      const into = pred[v]!;
      if (v >= nD) {
        flow[into] = 1;
        v = tail[into]!;
      } else {
        flow[into] = 0;
        v = head[into]!;
      }
    }
    return true;
  };

  for (let d = 0; d < nD; d++) {
    const units = Math.min(g.demandCap[d]!, dStart[d + 1]! - dStart[d]!);
    for (let u = 0; u < units; u++) if (!augmentFrom(d)) break;
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
 * Deterministic: demands are processed in id order and each demand's edges best first (ties by
 * offerId), so the input order never matters. Duplicate pairs keep their best score; edges with a
 * score that rounds to ≤ 0 (or is not finite) are never chosen. The result is ordered by
 * demandId, then score (best first), then offerId.
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
    const w = Number.isFinite(e.score) ? Math.round(e.score * SCALE) : 0;
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

  // Bucket by demand, then each demand's few edges best first; a later duplicate pair is dropped.
  const bucketStart = new Int32Array(nD + 1);
  for (let i = 0; i < n; i++) if (wOf[i]! > 0) bucketStart[dOf[i]! + 1]!++;
  for (let d = 0; d < nD; d++) bucketStart[d + 1]! += bucketStart[d]!;
  const order = new Int32Array(bucketStart[nD]!);
  const next = bucketStart.slice(0, nD);
  for (let i = 0; i < n; i++) if (wOf[i]! > 0) order[next[dOf[i]!]!++] = i;
  const byBest = (a: number, b: number): number => wOf[b]! - wOf[a]! || oOf[a]! - oOf[b]!;
  const keep = new Int32Array(order.length);
  const dStart = new Int32Array(nD + 1);
  const lastDemand = new Int32Array(nO).fill(-1);
  let m = 0;
  for (let d = 0; d < nD; d++) {
    dStart[d] = m;
    for (const i of order.subarray(bucketStart[d]!, bucketStart[d + 1]!).sort(byBest)) {
      if (lastDemand[oOf[i]!] === d) continue;
      lastDemand[oOf[i]!] = d;
      keep[m++] = i;
    }
  }
  dStart[nD] = m;

  const g: Graph = {
    nD,
    nO,
    dStart,
    weight: new Float64Array(m),
    head: new Int32Array(m),
    tail: new Int32Array(m),
    oStart: new Int32Array(nO + 1),
    oEdges: new Int32Array(m),
    demandCap: new Int32Array(nD),
    offerCap: new Int32Array(nO),
  };
  for (let k = 0; k < m; k++) {
    const i = keep[k]!;
    g.weight[k] = wOf[i]!;
    g.head[k] = nD + oOf[i]!;
    g.tail[k] = dOf[i]!;
    g.oStart[oOf[i]! + 1]!++;
  }
  for (let o = 0; o < nO; o++) g.oStart[o + 1]! += g.oStart[o]!;
  const fill = g.oStart.slice(0, nO);
  for (let k = 0; k < m; k++) g.oEdges[fill[g.head[k]! - nD]!++] = k;
  for (let d = 0; d < nD; d++) g.demandCap[d] = capOf(caps.perDemand, dRank.sortedNames[d]!);
  for (let o = 0; o < nO; o++) g.offerCap[o] = capOf(caps.perOffer, oRank.sortedNames[o]!);

  const flow = solve(g);
  const chosen: E[] = [];
  for (let k = 0; k < m; k++) if (flow[k] === 1) chosen.push(edges[keep[k]!]!);
  return chosen;
}

/** The assignment's priority queue (assign.ts): typed arrays, no per-entry objects, reused across its many searches. */

/** A binary min-heap of (key, node) with lazy deletion, reused across searches. */
export class Heap {
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

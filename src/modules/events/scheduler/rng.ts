import { mulberry32 } from '../../../lib/random.js';

/** The search's seeded generator (mulberry32). */
export const makeRng = mulberry32;

export function randInt(rng: () => number, n: number): number {
  return Math.floor(rng() * n);
}

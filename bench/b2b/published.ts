import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { B2B_DIR } from './dzn.js';

export interface Published {
  /** Proven optimal total breaks (a solver finished within the paper's limit), null if none. */
  optimum: number | null;
  /** Some solver proved the instance infeasible ("-" in the paper). */
  infeasible: boolean;
}

/**
 * Reads jair2022_results.csv. Configs without "@" are the originals at d = 2; "X@variant" rows
 * are the variant files. A row proves its value when its time is not "TO".
 */
export function loadPublished(): Map<string, Published> {
  const out = new Map<string, Published>();
  const lines = readFileSync(join(B2B_DIR, 'jair2022_results.csv'), 'utf8').trim().split('\n').slice(1);
  for (const line of lines) {
    const [, base, config, time, best] = line.split(',').map((c) => c.trim());
    if (!base || !config) continue;
    const variant = config.includes('@') ? config.split('@')[1] : 'original';
    if (variant === undefined || /^original-d/.test(variant)) continue;
    const key = `${base}.${variant}`;
    const entry = out.get(key) ?? { optimum: null, infeasible: false };
    if (best === '-') entry.infeasible = true;
    else if (time !== 'TO' && best !== undefined && best !== '' && Number.isFinite(Number(best))) {
      entry.optimum = entry.optimum === null ? Number(best) : Math.min(entry.optimum, Number(best));
    }
    out.set(key, entry);
  }
  return out;
}

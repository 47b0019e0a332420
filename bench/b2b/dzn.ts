import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** One B2B instance exactly as the .dzn states it (1-based participants, meetings and slots). */
export interface B2BInstance {
  name: string;
  nBusiness: number;
  nMeetings: number;
  nTables: number;
  nTotalSlots: number;
  nMorningSlots: number;
  /** [p1, p2, session] per meeting; session 1 = morning, 2 = afternoon, 3 = either. */
  requested: [number, number, number][];
  /** Forbidden slots per participant, the meaningless 0 already dropped. */
  forbidden: number[][];
  /** 0 = free, otherwise the slot the meeting must take. */
  fixed: number[];
  /** precedences[m-1] = meetings that must be held strictly before meeting m. */
  precedences: number[][];
}

/** The benchmark data stays in ../shared (academic data, never copied into the repository). */
export const B2B_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared/benchmarks/b2b');
export const INSTANCES_DIR = join(B2B_DIR, 'instances');

export function listInstances(): string[] {
  return readdirSync(INSTANCES_DIR)
    .filter((f) => f.endsWith('.dzn'))
    .map((f) => f.slice(0, -'.dzn'.length))
    .sort();
}

export function loadInstance(name: string): B2BInstance {
  return parseDzn(readFileSync(join(INSTANCES_DIR, `${name}.dzn`), 'utf8'), name);
}

function statement(text: string, name: string): string {
  const m = new RegExp(`\\b${name}\\s*=\\s*([^;]*);`).exec(text);
  if (!m?.[1]) throw new Error(`${name} not found`);
  return m[1];
}

const ints = (s: string): number[] => (s.match(/-?\d+/g) ?? []).map(Number);
const int = (text: string, name: string): number => {
  const v = ints(statement(text, name));
  if (v.length !== 1) throw new Error(`${name} is not an integer`);
  return v[0] as number;
};
const sets = (s: string): number[][] => [...s.matchAll(/\{([^}]*)\}/g)].map((m) => ints(m[1] ?? ''));

export function parseDzn(raw: string, name: string): B2BInstance {
  const text = raw.replace(/%[^\n]*/g, '');
  const nBusiness = int(text, 'nBusiness');
  const nMeetings = int(text, 'nMeetings');
  const nTotalSlots = int(text, 'nTotalSlots');
  const req = ints(statement(text, 'requested'));
  if (req.length !== 3 * nMeetings) throw new Error(`${name}: requested has ${req.length} numbers, expected ${3 * nMeetings}`);
  const requested: [number, number, number][] = [];
  for (let i = 0; i < req.length; i += 3) requested.push([req[i] as number, req[i + 1] as number, req[i + 2] as number]);
  // Slot 0 does not exist: original files write {0} for "none" and {0,17} for "slot 17".
  const forbidden = sets(statement(text, 'forbidden')).map((s) => s.filter((v) => v > 0));
  const fixed = ints(statement(text, 'fixed'));
  const precedences = sets(statement(text, 'precedences'));
  const meetingsxBusiness = sets(statement(text, 'meetingsxBusiness'));
  if (forbidden.length !== nBusiness) throw new Error(`${name}: forbidden has ${forbidden.length} sets`);
  if (fixed.length !== nMeetings || precedences.length !== nMeetings) throw new Error(`${name}: fixed/precedences length`);
  // meetingsxBusiness is redundant (meeting m appears as m+1, plus a dummy 1): only cross-checked.
  meetingsxBusiness.forEach((set, p) => {
    const expected = new Set([1]);
    requested.forEach(([a, b], m) => {
      if (a === p + 1 || b === p + 1) expected.add(m + 2);
    });
    if (set.length !== expected.size || !set.every((v) => expected.has(v))) throw new Error(`${name}: meetingsxBusiness of ${p + 1} disagrees with requested`);
  });
  return {
    name,
    nBusiness,
    nMeetings,
    nTables: int(text, 'nTables'),
    nTotalSlots,
    nMorningSlots: int(text, 'nMorningSlots'),
    requested,
    forbidden,
    fixed,
    precedences,
  };
}

import type { DemandInput, OfferInput } from '../scoring/types.js';

/**
 * Records as a helper thread receives them: columns of numbers, one table of the distinct short
 * strings (codes) and the ids, instead of ~120,000 objects (cloning objects between threads costs
 * seconds at national scale; typed arrays cost a copy). Only what retrieval and fusion read is
 * kept: the texts are already in the index's term vectors, and come back as empty values.
 */
type Kind = 'id' | 'code' | 'num' | 'bool' | 'date' | 'list';

const NO_TEXT = Object.freeze({}) as OfferInput['title'];
const NO_KEYWORDS = Object.freeze([]) as unknown as string[];

export interface PackedRecords {
  n: number;
  /** 0 for a slot without a record (removed). */
  present: Uint8Array;
  /** One cell per (slot, column): a code's or list's index, a number (NaN for null), 0/1, or ms. */
  cells: Float64Array;
  /** The id columns' values, slot by slot ('' for none). */
  ids: string[][];
  codes: string[];
  /** A list cell is an index into listStart; its items are listItems[listStart[i] .. listStart[i + 1]). */
  listStart: Int32Array;
  listItems: Int32Array;
}

/** Reads one packed record's columns; `decode` builds the record from them as one object literal. */
export class PackedReader {
  private width: number;
  private lists: (string[] | undefined)[] = [];
  constructor(
    private readonly p: PackedRecords,
    columns: number,
  ) {
    this.width = columns;
  }
  private cell(s: number, k: number): number {
    return this.p.cells[s * this.width + k]!;
  }
  id(s: number, idColumn: number): string {
    return this.p.ids[idColumn]![s]!;
  }
  code(s: number, k: number): string {
    return this.p.codes[this.cell(s, k)]!;
  }
  codeOrNull(s: number, k: number): string | null {
    const c = this.cell(s, k);
    return Number.isNaN(c) ? null : this.p.codes[c]!;
  }
  num(s: number, k: number): number {
    return this.cell(s, k);
  }
  numOrNull(s: number, k: number): number | null {
    const c = this.cell(s, k);
    return Number.isNaN(c) ? null : c;
  }
  bool(s: number, k: number): boolean {
    return this.cell(s, k) === 1;
  }
  date(s: number, k: number): Date {
    return new Date(this.cell(s, k));
  }
  /** A list, shared by every record with the same items (records are only read). */
  list(s: number, k: number): string[] {
    const c = this.cell(s, k);
    if (Number.isNaN(c)) return NO_KEYWORDS;
    let out = this.lists[c];
    if (out === undefined) {
      const { listStart, listItems, codes } = this.p;
      out = [];
      for (let i = listStart[c]!, end = listStart[c + 1]!; i < end; i++) out.push(codes[listItems[i]!]!);
      this.lists[c] = out;
    }
    return out;
  }
}

export interface Layout<T> {
  /** The kept properties and how each is stored; every other property of T is a text. */
  columns: { [K in keyof T]?: Kind };
  decode(r: PackedReader, s: number): T;
}

export const OFFER_LAYOUT: Layout<OfferInput> = {
  columns: {
    id: 'id',
    organizationId: 'code',
    province: 'code',
    country: 'code',
    language: 'code',
    fields: 'list',
    trl: 'num',
    transferForms: 'list',
    transferMethods: 'list',
    dealTypes: 'list',
    priceMin: 'num',
    priceMax: 'num',
    priceNegotiable: 'bool',
    targetProvinces: 'list',
    targetCountries: 'list',
    regulatoryClass: 'code',
    updatedAt: 'date',
    languages: 'list',
  },
  decode: (r, s) => ({
    id: r.id(s, 0),
    organizationId: r.code(s, 1),
    province: r.code(s, 2),
    country: r.code(s, 3),
    language: r.code(s, 4) as OfferInput['language'],
    title: NO_TEXT,
    summary: NO_TEXT,
    description: null,
    advantages: null,
    applications: null,
    fields: r.list(s, 5),
    keywords: NO_KEYWORDS,
    trl: r.num(s, 6),
    transferForms: r.list(s, 7),
    transferMethods: r.list(s, 8),
    dealTypes: r.list(s, 9),
    priceMin: r.numOrNull(s, 10),
    priceMax: r.numOrNull(s, 11),
    priceNegotiable: r.bool(s, 12),
    targetProvinces: r.list(s, 13),
    targetCountries: r.list(s, 14),
    regulatoryClass: r.code(s, 15) as OfferInput['regulatoryClass'],
    updatedAt: r.date(s, 16),
    languages: r.list(s, 17),
  }),
};

export const DEMAND_LAYOUT: Layout<DemandInput> = {
  columns: {
    id: 'id',
    organizationId: 'code',
    province: 'code',
    country: 'code',
    language: 'code',
    fields: 'list',
    minTrl: 'num',
    dealTypes: 'list',
    transferMethods: 'list',
    originPreference: 'code',
    budgetMin: 'num',
    budgetMax: 'num',
    urgency: 'code',
    neededBy: 'code',
    updatedAt: 'date',
    languages: 'list',
  },
  decode: (r, s) => ({
    id: r.id(s, 0),
    organizationId: r.code(s, 1),
    province: r.code(s, 2),
    country: r.code(s, 3),
    language: r.code(s, 4) as DemandInput['language'],
    title: NO_TEXT,
    problem: NO_TEXT,
    currentProcess: null,
    requiredResult: null,
    constraints: null,
    fields: r.list(s, 5),
    keywords: NO_KEYWORDS,
    minTrl: r.numOrNull(s, 6),
    dealTypes: r.list(s, 7),
    transferMethods: r.list(s, 8),
    originPreference: r.code(s, 9) as DemandInput['originPreference'],
    budgetMin: r.numOrNull(s, 10),
    budgetMax: r.numOrNull(s, 11),
    urgency: r.code(s, 12) as DemandInput['urgency'],
    neededBy: r.codeOrNull(s, 13),
    updatedAt: r.date(s, 14),
    languages: r.list(s, 15),
  }),
};

export function packRecords<T extends object>(docs: readonly (T | undefined)[], layout: Layout<T>): PackedRecords {
  const keys = Object.keys(layout.columns);
  const kinds = Object.values(layout.columns) as Kind[];
  const width = keys.length;
  const codes: string[] = [];
  const codeOf = new Map<string, number>();
  const intern = (s: string): number => {
    let i = codeOf.get(s);
    if (i === undefined) {
      i = codes.length;
      codes.push(s);
      codeOf.set(s, i);
    }
    return i;
  };
  const present = new Uint8Array(docs.length);
  const cells = new Float64Array(docs.length * width).fill(NaN);
  const ids = kinds.filter((k) => k === 'id').map(() => new Array<string>(docs.length).fill(''));
  const listStart: number[] = [0];
  const listItems: number[] = [];
  // Equal lists are stored once (most records share a few: languages, deal types, ...).
  const listOf = new Map<string, number>();
  for (let s = 0; s < docs.length; s++) {
    const doc = docs[s] as Record<string, unknown> | undefined;
    if (doc === undefined) continue;
    present[s] = 1;
    let idColumn = 0;
    for (let k = 0; k < width; k++) {
      const v = doc[keys[k]!];
      const kind = kinds[k];
      if (kind === 'id') ids[idColumn++]![s] = v as string;
      else if (v === null || v === undefined) continue;
      else if (kind === 'code') cells[s * width + k] = intern(v as string);
      else if (kind === 'num') cells[s * width + k] = v as number;
      else if (kind === 'bool') cells[s * width + k] = v ? 1 : 0;
      else if (kind === 'date') cells[s * width + k] = (v as Date).getTime();
      else {
        const key = (v as string[]).join('\u0000');
        let list = listOf.get(key);
        if (list === undefined) {
          list = listStart.length - 1;
          listOf.set(key, list);
          for (const item of v as string[]) listItems.push(intern(item));
          listStart.push(listItems.length);
        }
        cells[s * width + k] = list;
      }
    }
  }
  return { n: docs.length, present, cells, ids, codes, listStart: Int32Array.from(listStart), listItems: Int32Array.from(listItems) };
}

export function unpackRecords<T extends object>(packed: PackedRecords, layout: Layout<T>): (T | undefined)[] {
  const reader = new PackedReader(packed, Object.keys(layout.columns).length);
  const out = new Array<T | undefined>(packed.n);
  for (let s = 0; s < packed.n; s++) if (packed.present[s] === 1) out[s] = layout.decode(reader, s);
  return out;
}

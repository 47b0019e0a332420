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
  /** The id columns' values by column, slot by slot ('' for none). */
  ids: (string[] | null)[];
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
  id(s: number, k: number): string {
    return this.p.ids[k]![s]!;
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

/** Each property's column (its place in the layout's columns). */
type At<T> = { readonly [K in keyof T]-?: number };

export interface Layout<T> {
  /** The kept properties and how each is stored; every other property of T is a text. */
  columns: { [K in keyof T]?: Kind };
  /** The record at slot s, as one object literal; `at` gives each property's column. */
  decode(r: PackedReader, s: number, at: At<T>): T;
}

function columnsAt<T>(layout: Layout<T>): At<T> {
  return Object.fromEntries(Object.keys(layout.columns).map((key, k) => [key, k])) as At<T>;
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
  decode: (r, s, at) => ({
    id: r.id(s, at.id),
    organizationId: r.code(s, at.organizationId),
    province: r.code(s, at.province),
    country: r.code(s, at.country),
    language: r.code(s, at.language) as OfferInput['language'],
    title: NO_TEXT,
    summary: NO_TEXT,
    description: null,
    advantages: null,
    applications: null,
    fields: r.list(s, at.fields),
    keywords: NO_KEYWORDS,
    trl: r.num(s, at.trl),
    transferForms: r.list(s, at.transferForms),
    transferMethods: r.list(s, at.transferMethods),
    dealTypes: r.list(s, at.dealTypes),
    priceMin: r.numOrNull(s, at.priceMin),
    priceMax: r.numOrNull(s, at.priceMax),
    priceNegotiable: r.bool(s, at.priceNegotiable),
    targetProvinces: r.list(s, at.targetProvinces),
    targetCountries: r.list(s, at.targetCountries),
    regulatoryClass: r.code(s, at.regulatoryClass) as OfferInput['regulatoryClass'],
    updatedAt: r.date(s, at.updatedAt),
    languages: r.list(s, at.languages),
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
  decode: (r, s, at) => ({
    id: r.id(s, at.id),
    organizationId: r.code(s, at.organizationId),
    province: r.code(s, at.province),
    country: r.code(s, at.country),
    language: r.code(s, at.language) as DemandInput['language'],
    title: NO_TEXT,
    problem: NO_TEXT,
    currentProcess: null,
    requiredResult: null,
    constraints: null,
    fields: r.list(s, at.fields),
    keywords: NO_KEYWORDS,
    minTrl: r.numOrNull(s, at.minTrl),
    dealTypes: r.list(s, at.dealTypes),
    transferMethods: r.list(s, at.transferMethods),
    originPreference: r.code(s, at.originPreference) as DemandInput['originPreference'],
    budgetMin: r.numOrNull(s, at.budgetMin),
    budgetMax: r.numOrNull(s, at.budgetMax),
    urgency: r.code(s, at.urgency) as DemandInput['urgency'],
    neededBy: r.codeOrNull(s, at.neededBy),
    updatedAt: r.date(s, at.updatedAt),
    languages: r.list(s, at.languages),
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
  const ids = kinds.map((kind) => (kind === 'id' ? new Array<string>(docs.length).fill('') : null));
  const listStart: number[] = [0];
  const listItems: number[] = [];
  // Equal lists are stored once (most records share a few: languages, deal types, ...).
  const listOf = new Map<string, number>();
  for (let s = 0; s < docs.length; s++) {
    const doc = docs[s] as Record<string, unknown> | undefined;
    if (doc === undefined) continue;
    present[s] = 1;
    for (let k = 0; k < width; k++) {
      const v = doc[keys[k]!];
      const kind = kinds[k];
      if (kind === 'id') ids[k]![s] = v as string;
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
  const at = columnsAt(layout);
  const reader = new PackedReader(packed, Object.keys(layout.columns).length);
  const out = new Array<T | undefined>(packed.n);
  for (let s = 0; s < packed.n; s++) if (packed.present[s] === 1) out[s] = layout.decode(reader, s, at);
  return out;
}

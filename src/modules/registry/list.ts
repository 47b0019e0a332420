import { and, asc, desc, eq, getTableColumns, getTableName, gte, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { isNationwide, type Caller } from '../access/caller.js';
import { z } from 'zod';
import type { Db } from '../../db/client.js';
import { CURRENT_PROVINCE_CODES, fieldWithDescendants } from '../reference/reference.lookup.js';
import { fieldCode, provinceCode, str, vnd } from './common.schemas.js';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor, filterFingerprint } from './cursor.js';
import { listByRelevance, relevanceCursorValue } from './relevance.js';
import { LIFECYCLE } from './enums.js';
import type { RegistryTable, ResourceDefinition } from './resource.js';
import { searchQuery } from './search.js';
import { lexemeFrequencies, walkCanFill } from './lexeme-stats.js';
import { filterShape, runSorted, runTier, searchForms, type Values } from './list-shapes.js';

const moneyPrefix = (def: ResourceDefinition) => def.moneyColumns?.[0].replace(/Min$/, '');

/** The list filters of a resource; unknown query parameters are refused (400). */
export function listQuerySchema(def: ResourceDefinition) {
  const sorts = ['relevance', ...def.sorts, ...def.sorts.map((s) => `-${s}`)] as [string, ...string[]];
  const prefix = moneyPrefix(def);
  const shape: Record<string, z.ZodType> = {
    q: str(200, 0).optional().describe('Full-text search, with or without Vietnamese diacritics ("xu ly nuoc thai" finds "xử lý nước thải"). Exact-diacritic and whole-phrase matches rank first.'),
    province: provinceCode.optional().describe('Owning province. A current code also finds the records filed under its pre-2025 predecessors; a code that only names a pre-2025 unit finds the records filed under that unit.'),
    field: fieldCode.optional().describe('Technology field; a parent field also finds its sub-fields.'),
    updatedSince: z.iso.datetime({ offset: true }).optional().describe('Only records changed at or after this time (incremental sync; combine with sort=updatedAt).'),
    includeArchived: z.enum(['true', 'false']).optional().describe('Include archived records (for sync); default false.'),
    sort: z.enum(sorts).optional().describe('Sort key; "-" for descending. Default -updatedAt, or relevance when q is given.'),
    limit: z.coerce.number().int().min(1).max(100).default(20).describe('Page size, 1–100.'),
    cursor: z.string().max(500).optional().describe('nextCursor of the previous page; only valid with the same filters and sort.'),
  };
  if (def.references.some((r) => r.key === 'organizationId' || r.key === 'affiliationId')) {
    shape.organizationId = z.uuid().optional().describe('Only records of this organisation.');
  }
  if (def.lifecycle) shape.status = z.enum(LIFECYCLE).optional().describe('Effective status ("expired" includes published records past validUntil).');
  if (def.trlColumn) {
    shape.trlMin = z.coerce.number().int().min(1).max(9).optional().describe('Lowest TRL.');
    shape.trlMax = z.coerce.number().int().min(1).max(9).optional().describe('Highest TRL.');
  }
  if (prefix) {
    shape[`${prefix}From`] = vnd.optional().describe(`Only records whose ${prefix} range reaches at least this many VND.`);
    shape[`${prefix}To`] = vnd.optional().describe(`Only records whose ${prefix} range starts at most at this many VND.`);
  }
  for (const key of def.exactFilters ?? []) shape[key] = str(50).optional().describe(`Exact ${key}.`);
  return z.strictObject(shape).meta({ description: 'List filters.' });
}

export type ListQuery = Record<string, unknown> & { limit: number; cursor?: string; sort?: string; q?: string };

/** Columns returned by lists and reads: everything but the stored search forms. */
export function readColumns(def: ResourceDefinition) {
  const { searchVector: _sv, titleVector: _tv, ...columns } = getTableColumns(def.table);
  return columns;
}

/**
 * How many of the most recent rows a search tier reads in order before it asks the GIN index.
 * Reading a row's covering-index entry costs a fiftieth of reading the row (migration 0017), and
 * a walk stops as soon as the page is full, so a long walk costs only when it fails; 3,000 (the
 * best length when every walked row was read) left sparse mixes such as
 * q=say lanh&priceTo=…&status=published one row short, and paying for the GIN scan as well.
 */
export const WALK_ROWS = 10_000;

/** The walk length lists use: WALK_ROWS; tests shorten it so that a table crossing the walk's edge stays small. */
export const walkSettings = { rows: WALK_ROWS };

/** The conditions an in-order walk can use to pick its index: archived rows left out, the province. */
function scanConditions(def: ResourceDefinition, query: ListQuery, t: RegistryTable): SQL[] {
  const conditions: SQL[] = [];
  if (query.includeArchived !== 'true') conditions.push(isNull(t.archivedAt));
  if (typeof query.province === 'string') conditions.push(CURRENT_PROVINCE_CODES.has(query.province) ? eq(t.currentProvince, query.province) : eq(t.province, query.province));
  return conditions;
}

/** Filter conditions shared by lists and counts, on the record table or its narrow search copy (same column names). */
export function listConditions(def: ResourceDefinition, query: ListQuery, t: RegistryTable = def.table): SQL[] {
  const conditions: SQL[] = [];
  if (query.includeArchived !== 'true') conditions.push(isNull(t.archivedAt));
  // A current code includes the records filed under its pre-2025 predecessors (stored roll-up);
  // a code that only names a pre-2025 unit finds the records filed under that unit.
  if (typeof query.province === 'string') {
    conditions.push(CURRENT_PROVINCE_CODES.has(query.province) ? eq(t.currentProvince, query.province) : eq(t.province, query.province));
  }
  if (typeof query.field === 'string') conditions.push(sql`${t.fields} && ${sql.param(fieldWithDescendants(query.field))}::text[]`);
  if (typeof query.organizationId === 'string') {
    const column = def.references.find((r) => r.key === 'organizationId' || r.key === 'affiliationId')?.key as string;
    conditions.push(eq(t[column], query.organizationId));
  }
  if (typeof query.updatedSince === 'string') conditions.push(gte(t.updatedAt, new Date(query.updatedSince)));
  if (def.lifecycle && typeof query.status === 'string') {
    if (query.status === 'expired') {
      conditions.push(or(eq(t.status, 'expired'), and(eq(t.status, 'published'), sql`${t.validUntil} < current_date`)) as SQL);
    } else if (query.status === 'published') {
      conditions.push(and(eq(t.status, 'published'), sql`${t.validUntil} >= current_date`) as SQL);
    } else {
      conditions.push(eq(t.status, query.status));
    }
  }
  if (def.trlColumn) {
    if (typeof query.trlMin === 'number') conditions.push(gte(t[def.trlColumn], query.trlMin));
    if (typeof query.trlMax === 'number') conditions.push(lte(t[def.trlColumn], query.trlMax));
  }
  const prefix = moneyPrefix(def);
  if (prefix && def.moneyColumns) {
    const [minCol, maxCol] = def.moneyColumns;
    const from = query[`${prefix}From`];
    const to = query[`${prefix}To`];
    if (typeof from === 'number') conditions.push(sql`coalesce(${t[maxCol]}, ${t[minCol]}) >= ${from}`);
    if (typeof to === 'number') conditions.push(sql`coalesce(${t[minCol]}, ${t[maxCol]}) <= ${to}`);
  }
  for (const key of def.exactFilters ?? []) if (typeof query[key] === 'string') conditions.push(eq(t[key], query[key]));
  return conditions;
}

export interface Page<Row> {
  items: Row[];
  nextCursor: string | null;
}

/**
 * A page as the list chose it: the records' ids in order, and the records themselves when the
 * scan read them whole (resources without a narrow search table); otherwise read them by id.
 */
export interface KeyPage {
  ids: string[];
  rows?: Record<string, unknown>[];
  nextCursor: string | null;
}

/** Keyset pagination over (sort value, id); the cursor is bound to the filters and sort. */
/**
 * What a caller may list: the ministry everything; a portal its own provinces' records and
 * everyone's public ones; a reader public ones only. Applied to every list, always.
 */
export function visibility(def: ResourceDefinition, caller: Caller, t: RegistryTable = def.table): SQL | undefined {
  if (isNationwide(caller)) return undefined;
  const published = def.lifecycle ? and(isNull(t.archivedAt), eq(t.status, 'published')) : isNull(t.archivedAt);
  if (caller.role !== 'portal' || caller.provinces.length === 0) return published;
  return or(inArray(t.currentProvince, [...caller.provinces]), published);
}

/**
 * Lists scan the narrow search table when the resource has one, selecting only ids and sort keys,
 * then read the page's records from the main table by id (row-level security applies to both).
 */
export async function listRecords(db: Db, def: ResourceDefinition, query: ListQuery, caller: Caller): Promise<Page<Record<string, unknown>>> {
  const page = await listKeys(db, def, query, caller);
  return { items: page.rows ?? (await recordsInOrder(db, def, page.ids)), nextCursor: page.nextCursor };
}

/**
 * The page's ids in order (and its rows when the scan read them whole); see listRecords. On a
 * narrow search table the statements are built once per shape (narrowKeys); `shapes: false` builds
 * them here every time, the reference the tests compare that path with.
 */
export async function listKeys(db: Db, def: ResourceDefinition, query: ListQuery, caller: Caller, options: { shapes?: boolean } = {}): Promise<KeyPage> {
  const t = def.table;
  const s = def.searchTable ?? t;
  const narrow = s !== t;
  const { cursor, limit, ...filters } = query;
  const fingerprint = filterFingerprint(filters);
  if (narrow && options.shapes !== false) return narrowKeys(db, def, s, query, caller, fingerprint);
  const conditions = listConditions(def, query, s);
  const visible = visibility(def, caller, s);
  if (visible) conditions.push(visible);
  const search = typeof query.q === 'string' ? searchQuery(query.q, s.searchVector, s.titleVector) : undefined;
  if (search) conditions.push(search.match);

  const sort = query.sort ?? (search ? 'relevance' : '-updatedAt');
  if (sort === 'relevance' && !search) {
    throw new AppError('VALIDATION_FAILED', { en: 'sort=relevance needs q', vi: 'sort=relevance cần có q' }, {
      fields: [{ path: 'query.sort', code: 'invalid_value', message: { en: 'sort=relevance needs q', vi: 'sort=relevance cần có q' } }],
    });
  }
  const state = cursor ? decodeCursor(cursor, fingerprint) : undefined;
  let rows: Record<string, unknown>[];
  let cursorValue: (row: Record<string, unknown>) => string | number | null;

  if (sort === 'relevance' && search) {
    const base = conditions.filter((c) => c !== search.match);
    const columns = narrow ? { id: s.id, updatedAt: s.updatedAt } : readColumns(def);
    // Walking recent rows first pays off on the narrow table (about 15 rows a page), not the wide one.
    // …unless a syllable of the tier is too rare for the walk to fill the page (planner statistics).
    const frequencies = narrow ? await lexemeFrequencies(db, getTableName(s)) : undefined;
    const walk = narrow
      ? { conditions: scanConditions(def, query, s), rows: walkSettings.rows, canFill: (tier: number, need: number) => walkCanFill(frequencies, search.tierLexemes[tier] ?? [], walkSettings.rows, need) }
      : undefined;
    rows = await listByRelevance(db, s, columns, base, search, limit, state, walk);
    cursorValue = relevanceCursorValue;
  } else {
    const column = sort.replace(/^-/, '');
    const descending = sort.startsWith('-');
    const key = s[column];
    const isTime = column === 'updatedAt' || column === 'createdAt';
    if (state) {
      const value = isTime && typeof state.value === 'string' ? new Date(state.value) : state.value;
      conditions.push(descending ? sql`(${key}, ${s.id}) < (${value}, ${state.id})` : sql`(${key}, ${s.id}) > (${value}, ${state.id})`);
    }
    rows = (await db
      .select(narrow ? { id: s.id, [column]: key } : readColumns(def))
      .from(s)
      .where(and(...conditions))
      .orderBy(descending ? desc(key) : asc(key), descending ? desc(s.id) : asc(s.id))
      .limit(limit + 1)) as Record<string, unknown>[];
    cursorValue = (row) => {
      const v = row[column];
      return v instanceof Date ? v.toISOString() : (v as string | number | null);
    };
  }

  const keys = rows.slice(0, limit);
  const last = keys.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ value: cursorValue(last), id: last.id as string }, fingerprint) : null;
  const ids = keys.map((r) => r.id as string);
  return narrow ? { ids, nextCursor } : { ids, rows: keys.map(({ tier: _tier, ...row }) => row), nextCursor };
}

/**
 * listKeys on a narrow search table: the same statements, each built once per shape and run with
 * this list's values (list-shapes.ts).
 */
async function narrowKeys(db: Db, def: ResourceDefinition, s: RegistryTable, query: ListQuery, caller: Caller, fingerprint: string): Promise<KeyPage> {
  const { cursor, limit } = query;
  const values: Values = {};
  const filters = filterShape(def, query, caller, values);
  const forms = typeof query.q === 'string' ? searchForms(query.q, values) : undefined;
  const sort = query.sort ?? (forms ? 'relevance' : '-updatedAt');
  if (sort === 'relevance' && !forms) {
    throw new AppError('VALIDATION_FAILED', { en: 'sort=relevance needs q', vi: 'sort=relevance cần có q' }, {
      fields: [{ path: 'query.sort', code: 'invalid_value', message: { en: 'sort=relevance needs q', vi: 'sort=relevance cần có q' } }],
    });
  }
  const state = cursor ? decodeCursor(cursor, fingerprint) : undefined;
  let rows: Record<string, unknown>[];
  let cursorValue: (row: Record<string, unknown>) => string | number | null;

  if (sort === 'relevance' && forms) {
    // listByRelevance (relevance.ts): tiers best first, each walked or read from the GIN index.
    const frequencies = await lexemeFrequencies(db, getTableName(s));
    let after: { tier: number; time: Date; id: string } | undefined;
    if (state && typeof state.value === 'string') {
      const [tier, time] = state.value.split('|');
      after = { tier: Number(tier), time: new Date(time ?? ''), id: state.id };
    }
    rows = [];
    for (let tier = 0; tier <= forms.tiers && rows.length <= limit; tier++) {
      if (after && tier < after.tier) continue;
      const resume = after !== undefined && tier === after.tier;
      const need = limit + 1 - rows.length;
      const tierValues: Values = { ...values, need, ...(resume && after && { afterTime: after.time, afterId: after.id }) };
      const shape = { filters, search: forms.shape, tier, resume };
      let page: Record<string, unknown>[] | undefined;
      const lexemes = forms.tierLexemes[tier] ?? [];
      if (tier < forms.tiers && walkCanFill(frequencies, lexemes, walkSettings.rows, need)) {
        page = await runTier(db, def, s, { ...shape, plan: 'walk', signature: lexemes.length > 0 }, { ...tierValues, walkRows: walkSettings.rows, signature: lexemes.join(' ') });
        if (page.length < need) page = undefined;
      }
      page ??= await runTier(db, def, s, { ...shape, plan: 'gin' }, tierValues);
      for (const row of page) rows.push({ ...row, tier });
    }
    cursorValue = relevanceCursorValue;
  } else {
    const column = sort.replace(/^-/, '');
    const descending = sort.startsWith('-');
    const isTime = column === 'updatedAt' || column === 'createdAt';
    const sortedValues: Values = { ...values, limit: limit + 1 };
    if (state) {
      sortedValues.afterValue = isTime && typeof state.value === 'string' ? new Date(state.value) : state.value;
      sortedValues.afterId = state.id;
    }
    rows = await runSorted(db, def, s, { filters, ...(forms && { search: forms.shape }), column, descending, after: state !== undefined }, sortedValues);
    cursorValue = (row) => {
      const v = row[column];
      return v instanceof Date ? v.toISOString() : (v as string | number | null);
    };
  }
  const keys = rows.slice(0, limit);
  const last = keys.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ value: cursorValue(last), id: last.id as string }, fingerprint) : null;
  return { ids: keys.map((r) => r.id as string), nextCursor };
}

/** The records with these ids, in this order (the page a narrow scan chose); ids it cannot read are left out. */
export async function recordsInOrder(db: Db, def: ResourceDefinition, ids: string[]): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const t = def.table;
  const found = (await db.select(readColumns(def)).from(t).where(inArray(t.id, ids))) as Record<string, unknown>[];
  const byId = new Map(found.map((row) => [row.id as string, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [row] : [];
  });
}

import { and, asc, desc, eq, getTableColumns, getTableName, gte, inArray, isNull, lte, not, or, sql, type SQL } from 'drizzle-orm';
import { isNationwide, type Caller } from '../access/caller.js';
import type { Db } from '../../db/client.js';
import { CURRENT_PROVINCE_CODES, fieldWithDescendants } from '../reference/reference.lookup.js';
import { exactForm, foldedForm, tokens } from '../../lib/text.js';
import type { ListQuery } from './list.js';
import type { RegistryTable, ResourceDefinition } from './resource.js';

/**
 * The statements a list runs on a narrow search table, built once per *shape* and reused with
 * other values. Building a statement with drizzle (its SQL objects, then the text) cost about a
 * fifth of a search's CPU; here a list computes its values and its shape (which filters are
 * present, which column a province code uses, how many tiers the query has, which tier, walk or
 * GIN index, with or without a cursor…), and only a shape not seen before is built, with
 * placeholders. The builders below see nothing but the shape, so two requests with the same shape
 * cannot get different statements. The statements are unnamed (parsed and planned by PostgreSQL on
 * every execution, as before): only the text and the row mapping are kept here, never a generic plan.
 *
 * Every condition is the one listConditions / visibility / searchQuery / listByRelevance write
 * (list.ts, search.ts, relevance.ts), in the same order; the tests compare both paths' results.
 */

/** Values of one statement, by placeholder name. */
export type Values = Record<string, unknown>;

/** What the filters and the caller's visibility make of the WHERE clause, without values (keyed whole, as JSON). */
export interface FilterShape {
  archived: boolean;
  province?: 'current' | 'recorded';
  field: boolean;
  organization?: string;
  updatedSince: boolean;
  status?: 'expired' | 'published' | 'other';
  trlMin: boolean;
  trlMax: boolean;
  moneyFrom: boolean;
  moneyTo: boolean;
  exact: string[];
  /** all: nationwide; public: published only; a number: a portal with that many provinces. */
  visibility: 'all' | 'public' | number;
}

const moneyPrefix = (def: ResourceDefinition) => def.moneyColumns?.[0].replace(/Min$/, '');

/** The filters' shape, and their values into `values`. */
export function filterShape(def: ResourceDefinition, query: ListQuery, caller: Caller, values: Values): FilterShape {
  const shape: FilterShape = { archived: query.includeArchived !== 'true', field: false, updatedSince: false, trlMin: false, trlMax: false, moneyFrom: false, moneyTo: false, exact: [], visibility: 'all' };
  if (typeof query.province === 'string') {
    shape.province = CURRENT_PROVINCE_CODES.has(query.province) ? 'current' : 'recorded';
    values.province = query.province;
  }
  if (typeof query.field === 'string') {
    shape.field = true;
    values.fields = fieldWithDescendants(query.field);
  }
  if (typeof query.organizationId === 'string') {
    shape.organization = def.references.find((r) => r.key === 'organizationId' || r.key === 'affiliationId')?.key as string;
    values.organizationId = query.organizationId;
  }
  if (typeof query.updatedSince === 'string') {
    shape.updatedSince = true;
    values.updatedSince = new Date(query.updatedSince).toISOString();
  }
  if (def.lifecycle && typeof query.status === 'string') {
    shape.status = query.status === 'expired' || query.status === 'published' ? query.status : 'other';
    if (shape.status === 'other') values.status = query.status;
  }
  if (def.trlColumn) {
    if (typeof query.trlMin === 'number') {
      shape.trlMin = true;
      values.trlMin = query.trlMin;
    }
    if (typeof query.trlMax === 'number') {
      shape.trlMax = true;
      values.trlMax = query.trlMax;
    }
  }
  const prefix = moneyPrefix(def);
  if (prefix && def.moneyColumns) {
    const from = query[`${prefix}From`];
    const to = query[`${prefix}To`];
    if (typeof from === 'number') {
      shape.moneyFrom = true;
      values.moneyFrom = from;
    }
    if (typeof to === 'number') {
      shape.moneyTo = true;
      values.moneyTo = to;
    }
  }
  for (const key of def.exactFilters ?? []) {
    if (typeof query[key] === 'string') {
      shape.exact.push(key);
      values[`exact_${key}`] = query[key];
    }
  }
  if (!isNationwide(caller)) {
    if (caller.role !== 'portal' || caller.provinces.length === 0) shape.visibility = 'public';
    else {
      shape.visibility = caller.provinces.length;
      caller.provinces.forEach((p, i) => (values[`own${i}`] = p));
    }
  }
  return shape;
}

const p = (name: string) => sql.placeholder(name);

/** listConditions and then visibility (list.ts), with placeholders. */
function filterConditions(def: ResourceDefinition, t: RegistryTable, shape: FilterShape): SQL[] {
  const conditions: SQL[] = [];
  if (shape.archived) conditions.push(isNull(t.archivedAt));
  if (shape.province) conditions.push(eq(shape.province === 'current' ? t.currentProvince : t.province, p('province')));
  if (shape.field) conditions.push(sql`${t.fields} && ${p('fields')}::text[]`);
  if (shape.organization) conditions.push(eq(t[shape.organization], p('organizationId')));
  if (shape.updatedSince) conditions.push(gte(t.updatedAt, p('updatedSince')));
  if (shape.status === 'expired') conditions.push(or(eq(t.status, 'expired'), and(eq(t.status, 'published'), sql`${t.validUntil} < current_date`)) as SQL);
  else if (shape.status === 'published') conditions.push(and(eq(t.status, 'published'), sql`${t.validUntil} >= current_date`) as SQL);
  else if (shape.status === 'other') conditions.push(eq(t.status, p('status')));
  if (def.trlColumn) {
    if (shape.trlMin) conditions.push(gte(t[def.trlColumn], p('trlMin')));
    if (shape.trlMax) conditions.push(lte(t[def.trlColumn], p('trlMax')));
  }
  if (def.moneyColumns) {
    const [minCol, maxCol] = def.moneyColumns;
    if (shape.moneyFrom) conditions.push(sql`coalesce(${t[maxCol]}, ${t[minCol]}) >= ${p('moneyFrom')}`);
    if (shape.moneyTo) conditions.push(sql`coalesce(${t[minCol]}, ${t[maxCol]}) <= ${p('moneyTo')}`);
  }
  for (const key of shape.exact) conditions.push(eq(t[key], p(`exact_${key}`)));
  if (shape.visibility !== 'all') {
    const published = def.lifecycle ? and(isNull(t.archivedAt), eq(t.status, 'published')) : isNull(t.archivedAt);
    if (shape.visibility === 'public') conditions.push(published as SQL);
    else conditions.push(or(inArray(t.currentProvince, Array.from({ length: shape.visibility }, (_, i) => p(`own${i}`))), published) as SQL);
  }
  return conditions;
}

/** scanConditions (list.ts): what the walk's index can use. */
function scanConditions(t: RegistryTable, shape: FilterShape): SQL[] {
  const conditions: SQL[] = [];
  if (shape.archived) conditions.push(isNull(t.archivedAt));
  if (shape.province) conditions.push(eq(shape.province === 'current' ? t.currentProvince : t.province, p('province')));
  return conditions;
}

/** searchQuery (search.ts): the query's forms as values, and its tier layout as shape. */
export interface SearchShape {
  /** The query has diacritics: an exact-phrase tier comes first. */
  exactTier: boolean;
  /** More than one syllable: a folded-phrase tier. */
  phraseTier: boolean;
}

export interface SearchForms {
  shape: SearchShape;
  /** Syllables of each tier, best first (the last tier, body-only, has none). */
  tierLexemes: string[][];
  /** Number of title tiers (the body-only tier is number `tiers`). */
  tiers: number;
}

/** Syllables of recent queries (folding a query is a fifth of building its list's values): at most 1,000. */
const syllables = new Map<string, { folded: string[]; exact: string[] }>();

function syllablesOf(q: string): { folded: string[]; exact: string[] } {
  let found = syllables.get(q);
  if (!found) {
    if (syllables.size >= 1_000) syllables.clear();
    // Frozen: the arrays are shared by every list with this q.
    found = { folded: Object.freeze(tokens(foldedForm(q)).slice(0, 12)) as string[], exact: Object.freeze(tokens(exactForm(q)).slice(0, 12)) as string[] };
    syllables.set(q, found);
  }
  return found;
}

export function searchForms(q: string, values: Values): SearchForms | undefined {
  const { folded, exact } = syllablesOf(q);
  if (folded.length === 0) return undefined;
  const andQuery = folded.join(' & ');
  const foldedPhrase = folded.join(' <-> ');
  const exactPhrase = exact.join(' <-> ');
  const shape: SearchShape = { exactTier: exactPhrase !== foldedPhrase, phraseTier: folded.length > 1 };
  const tierLexemes: string[][] = [];
  if (shape.exactTier) {
    values.exactPhrase = exactPhrase;
    tierLexemes.push(exact);
  }
  if (shape.phraseTier) {
    values.foldedPhrase = foldedPhrase;
    tierLexemes.push(folded);
  }
  values.andQuery = andQuery;
  tierLexemes.push(folded);
  return { shape, tierLexemes, tiers: tierLexemes.length };
}

function searchConditions(s: RegistryTable, shape: SearchShape) {
  const tiers: SQL[] = [];
  if (shape.exactTier) tiers.push(sql`${s.titleVector} @@ to_tsquery('simple', ${p('exactPhrase')})`);
  if (shape.phraseTier) tiers.push(sql`${s.titleVector} @@ to_tsquery('simple', ${p('foldedPhrase')})`);
  tiers.push(sql`${s.titleVector} @@ to_tsquery('simple', ${p('andQuery')})`);
  return {
    match: sql`${s.searchVector} @@ to_tsquery('simple', ${p('andQuery')})`,
    tiers,
    notInTitle: sql`NOT (${s.titleVector} @@ to_tsquery('simple', ${p('andQuery')}))`,
  };
}

/** One relevance tier's statement (listByRelevance in relevance.ts). A field added here must be added to runTier's key. */
export interface TierShape {
  filters: FilterShape;
  search: SearchShape;
  tier: number;
  /** The cursor's tier: resume after its row. */
  resume: boolean;
  /** walk: the recent rows' covering index first (walkRows); gin: the full query. */
  plan: 'walk' | 'gin';
  /** The walk tests the tier's syllables against the title signature (they are never none in practice). */
  signature?: boolean;
}

function tierStatement(db: Db, def: ResourceDefinition, s: RegistryTable, shape: TierShape) {
  const search = searchConditions(s, shape.search);
  const count = search.tiers.length;
  const base = filterConditions(def, s, shape.filters);
  const tierConditions: SQL[] = [];
  if (shape.tier < count) {
    tierConditions.push(search.tiers[shape.tier] as SQL);
    const better = search.tiers.slice(0, shape.tier);
    if (better.length > 0) tierConditions.push(not(or(...better) as SQL));
  } else {
    tierConditions.push(search.match, search.notInTitle);
  }
  const resume = shape.resume ? sql`(${s.updatedAt}, ${s.id}) < (${p('afterTime')}, ${p('afterId')})` : undefined;
  const columns = { id: s.id, updatedAt: s.updatedAt };
  if (shape.plan === 'gin') {
    return db
      .select(columns)
      .from(s)
      .where(and(...base, ...tierConditions, ...(resume ? [resume] : [])))
      .orderBy(desc(s.updatedAt), desc(s.id))
      .limit(p('need'))
      .prepare('');
  }
  // walkRows (relevance.ts): the walk's filters are the base conditions (and the resume), tested
  // on the covering index's copy of each recent row, then the tier's query on the few rows left.
  const name = getTableName(s);
  const { searchVector: _sv, titleVector: _tv, createdAt: _c, ...tableColumns } = getTableColumns(s);
  const signatureColumns = Object.fromEntries([0, 1, 2, 3].map((part) => [`titleSig${part}`, sql`${sql.identifier(`title_sig${part}`)}`.as(`title_sig${part}`)]));
  const recent = db
    .select({ ...tableColumns, ...signatureColumns } as Record<string, never>)
    .from(s)
    .where(and(...scanConditions(s, shape.filters), ...(resume ? [resume] : [])))
    .orderBy(desc(s.updatedAt), desc(s.id))
    .limit(p('walkRows'))
    .as(name);
  const signature = !shape.signature ? undefined : and(
    ...[0, 1, 2, 3].map((part) => {
      const column = sql.raw(`title_sig${part}`);
      return sql`(${column} & ketnoi_title_sig(to_tsvector('simple', ${p('signature')}), ${sql.raw(String(part))})) = ketnoi_title_sig(to_tsvector('simple', ${p('signature')}), ${sql.raw(String(part))})`;
    }),
  );
  const candidates = db
    .select({ candidateId: sql<string>`${sql.identifier(name)}.id`.as('candidate_id'), candidateAt: sql<Date>`${sql.identifier(name)}.updated_at`.as('candidate_at') })
    .from(recent)
    .where(and(...base, ...(resume ? [resume] : []), ...(signature ? [signature] : [])))
    .as('walk');
  return db
    .select(columns)
    .from(candidates)
    .innerJoin(s, eq(s.id, candidates.candidateId))
    .where(and(...tierConditions))
    .orderBy(desc(candidates.candidateAt), desc(candidates.candidateId))
    .limit(p('need'))
    .prepare('');
}

/** A sorted (not relevance) page's statement: listKeys' keyset branch on the narrow table. */
export interface SortedShape {
  filters: FilterShape;
  /** The search's match condition (q given, sorted by a column). */
  search?: SearchShape;
  column: string;
  descending: boolean;
  after: boolean;
}

function sortedStatement(db: Db, def: ResourceDefinition, s: RegistryTable, shape: SortedShape) {
  const conditions = filterConditions(def, s, shape.filters);
  if (shape.search) conditions.push(searchConditions(s, shape.search).match);
  const key = s[shape.column];
  if (shape.after) conditions.push(shape.descending ? sql`(${key}, ${s.id}) < (${p('afterValue')}, ${p('afterId')})` : sql`(${key}, ${s.id}) > (${p('afterValue')}, ${p('afterId')})`);
  return db
    .select({ id: s.id, [shape.column]: key })
    .from(s)
    .where(and(...conditions))
    .orderBy(shape.descending ? desc(key) : asc(key), shape.descending ? desc(s.id) : asc(s.id))
    .limit(p('limit'))
    .prepare('');
}

type Statement = { execute(values: Values): Promise<unknown> };

/** At most this many shapes per database handle (the map is emptied past it). */
const MAX_SHAPES = 2_000;
const statements = new WeakMap<Db, Map<string, Statement>>();

function statement(db: Db, key: string, build: () => Statement): Statement {
  let byShape = statements.get(db);
  if (!byShape) {
    byShape = new Map();
    statements.set(db, byShape);
  }
  let found = byShape.get(key);
  if (!found) {
    if (byShape.size >= MAX_SHAPES) byShape.clear();
    found = build();
    byShape.set(key, found);
  }
  return found;
}

/** The filters' part of a key, once per list (its tiers share the object). */
const filterKeys = new WeakMap<FilterShape, string>();
function filterKey(filters: FilterShape): string {
  let key = filterKeys.get(filters);
  if (key === undefined) {
    key = JSON.stringify(filters);
    filterKeys.set(filters, key);
  }
  return key;
}

/** Runs one relevance tier's statement; rows are { id, updatedAt }. */
export function runTier(db: Db, def: ResourceDefinition, s: RegistryTable, shape: TierShape, values: Values): Promise<Record<string, unknown>[]> {
  // Every field of the shape is in the key.
  const key = `${def.name}|tier|${filterKey(shape.filters)}|${+shape.search.exactTier}${+shape.search.phraseTier}|${shape.tier}|${+shape.resume}|${shape.plan}|${+(shape.signature ?? false)}`;
  return statement(db, key, () => tierStatement(db, def, s, shape)).execute(values) as Promise<Record<string, unknown>[]>;
}

/** Runs a sorted page's statement; rows are { id, <column> }. */
export function runSorted(db: Db, def: ResourceDefinition, s: RegistryTable, shape: SortedShape, values: Values): Promise<Record<string, unknown>[]> {
  const key = `${def.name}|sorted|${JSON.stringify(shape)}`;
  return statement(db, key, () => sortedStatement(db, def, s, shape)).execute(values) as Promise<Record<string, unknown>[]>;
}

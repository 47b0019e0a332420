import { and, asc, eq, gt, gte, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { demands, experts, offers, organizations } from '../../db/schema/index.js';
import { currentProvinceOf } from '../reference/reference.lookup.js';
import type { DemandInput, ExpertInput, OfferInput } from './scoring/types.js';

/** Rows are read in keyset batches so that a national run never holds one giant result set. */
export const LOAD_BATCH = 5_000;

const day = (d: Date) => d.toISOString().slice(0, 10);
const current = (codes: string[]) => [...new Set(codes.map((c) => currentProvinceOf(c) ?? c))];
const orgLanguages = (languages: string[] | null, own: string) => (languages && languages.length > 0 ? languages : [own]);

/** Whether a record may be matched at `asOf`: published, not archived, still valid. */
export const matchable = (table: typeof offers | typeof demands, asOf: Date): SQL =>
  and(eq(table.status, 'published'), isNull(table.archivedAt), gte(table.validUntil, day(asOf))) as SQL;

const offerColumns = {
  id: offers.id,
  organizationId: offers.organizationId,
  province: offers.currentProvince,
  language: offers.language,
  title: offers.title,
  summary: offers.summary,
  description: offers.description,
  advantages: offers.advantages,
  applications: offers.applications,
  fields: offers.fields,
  keywords: offers.keywords,
  trl: offers.trl,
  transferForms: offers.transferForms,
  transferMethods: offers.transferMethods,
  dealTypes: offers.dealTypes,
  priceMin: offers.priceMin,
  priceMax: offers.priceMax,
  priceNegotiable: offers.priceNegotiable,
  targetProvinces: offers.targetProvinces,
  targetCountries: offers.targetCountries,
  regulatoryClass: offers.regulatoryClass,
  updatedAt: offers.updatedAt,
  country: organizations.country,
  orgLanguages: organizations.languages,
};

const demandColumns = {
  id: demands.id,
  organizationId: demands.organizationId,
  province: demands.currentProvince,
  language: demands.language,
  title: demands.title,
  problem: demands.problem,
  currentProcess: demands.currentProcess,
  requiredResult: demands.requiredResult,
  constraints: demands.constraints,
  fields: demands.fields,
  keywords: demands.keywords,
  minTrl: demands.minTrl,
  dealTypes: demands.dealTypes,
  transferMethods: demands.transferMethods,
  originPreference: demands.originPreference,
  budgetMin: demands.budgetMin,
  budgetMax: demands.budgetMax,
  urgency: demands.urgency,
  neededBy: demands.neededBy,
  updatedAt: demands.updatedAt,
  country: organizations.country,
  orgLanguages: organizations.languages,
};

/** What changed since a point: records to (re)index, and ids to drop from the index. */
export interface Changes<T> {
  upsert: T[];
  remove: string[];
}

/**
 * Reads a side in keyset batches: matchable records to index, the rest to remove. Without `since`
 * every matchable record; with it, records changed after it, plus those whose validity ended since
 * `expiredSince` (expiry changes no row, so it has to be looked for by date).
 */
async function* batches<R extends { id: string; matchable: boolean }, T>(read: (after: string) => Promise<R[]>, toInput: (row: R) => T): AsyncGenerator<Changes<T>> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await read(after);
    if (rows.length === 0) return;
    after = rows[rows.length - 1]!.id;
    const upsert: T[] = [];
    const remove: string[] = [];
    for (const row of rows) {
      if (row.matchable) upsert.push(toInput(row));
      else remove.push(row.id);
    }
    yield { upsert, remove };
    if (rows.length < LOAD_BATCH) return;
  }
}

function window(table: typeof offers | typeof demands, since: Date | null, asOf: Date, expiredSince: Date | null): SQL | undefined {
  if (!since) return matchable(table, asOf);
  return or(gt(table.updatedAt, since), expiredSince ? and(lt(table.validUntil, day(asOf)), gte(table.validUntil, day(expiredSince))) : undefined);
}

export function offerChanges(db: Db, since: Date | null, asOf: Date, expiredSince: Date | null): AsyncGenerator<Changes<OfferInput>> {
  return batches(
    (after) =>
      db
        .select({ ...offerColumns, matchable: sql<boolean>`${matchable(offers, asOf)}` })
        .from(offers)
        .innerJoin(organizations, eq(organizations.id, offers.organizationId))
        .where(and(gt(offers.id, after), window(offers, since, asOf, expiredSince)))
        .orderBy(asc(offers.id))
        .limit(LOAD_BATCH),
    ({ matchable: _m, orgLanguages: langs, ...r }) => ({
      ...r,
      targetProvinces: current(r.targetProvinces),
      regulatoryClass: r.regulatoryClass as OfferInput['regulatoryClass'],
      languages: orgLanguages(langs, r.language),
    }),
  );
}

export function demandChanges(db: Db, since: Date | null, asOf: Date, expiredSince: Date | null): AsyncGenerator<Changes<DemandInput>> {
  return batches(
    (after) =>
      db
        .select({ ...demandColumns, matchable: sql<boolean>`${matchable(demands, asOf)}` })
        .from(demands)
        .innerJoin(organizations, eq(organizations.id, demands.organizationId))
        .where(and(gt(demands.id, after), window(demands, since, asOf, expiredSince)))
        .orderBy(asc(demands.id))
        .limit(LOAD_BATCH),
    ({ matchable: _m, orgLanguages: langs, ...r }) => ({
      ...r,
      originPreference: r.originPreference as DemandInput['originPreference'],
      urgency: r.urgency as DemandInput['urgency'],
      languages: orgLanguages(langs, r.language),
    }),
  );
}

/** Every live expert (there are hundreds to a few thousand: read whole each run). */
export async function loadExperts(db: Db): Promise<ExpertInput[]> {
  const rows = await db
    .select({
      id: experts.id,
      affiliationId: experts.affiliationId,
      province: experts.currentProvince,
      fields: experts.fields,
      keywords: experts.keywords,
      bio: experts.bio,
      roles: experts.roles,
      languages: experts.languages,
      maxMeetingsPerEvent: experts.maxMeetingsPerEvent,
      conflictOrganizationIds: experts.conflictOrganizationIds,
    })
    .from(experts)
    .where(isNull(experts.archivedAt))
    .orderBy(asc(experts.id));
  return rows;
}

/** Ids of matchable records in a province, or among given ids. */
export async function matchableIds(db: Db, asOf: Date, filter: { province?: string; offerIds?: string[]; demandIds?: string[] }): Promise<{ offerIds: string[]; demandIds: string[] }> {
  const pick = async (table: typeof offers | typeof demands, ids: string[] | undefined) => {
    if (ids && ids.length === 0) return [];
    const rows = await db
      .select({ id: table.id })
      .from(table)
      .where(and(matchable(table, asOf), filter.province ? eq(table.currentProvince, filter.province) : undefined, ids ? inArray(table.id, ids) : undefined))
      .orderBy(asc(table.id));
    return rows.map((r) => r.id);
  };
  return { offerIds: await pick(offers, filter.offerIds), demandIds: await pick(demands, filter.demandIds) };
}

/** Ids of records changed after `since` (any status: a record that left the market must drop its proposals). */
export async function changedIds(db: Db, since: Date | null, until: Date): Promise<{ offerIds: string[]; demandIds: string[] }> {
  const pick = async (table: typeof offers | typeof demands) => {
    const rows = await db
      .select({ id: table.id })
      .from(table)
      .where(and(since ? gt(table.updatedAt, since) : undefined, sql`${table.updatedAt} <= ${until.toISOString()}`))
      .orderBy(asc(table.id));
    return rows.map((r) => r.id);
  };
  return { offerIds: await pick(offers), demandIds: await pick(demands) };
}

/** The latest change to any offer or demand: the watermark a run covers. */
export async function latestChange(db: Db): Promise<Date | null> {
  const [row] = await db.execute<{ at: Date | string | null }>(sql`SELECT greatest((SELECT max(updated_at) FROM offers), (SELECT max(updated_at) FROM demands)) AS at`).then((r) => (r as unknown as { rows: { at: Date | string | null }[] }).rows);
  return row?.at ? new Date(row.at) : null;
}

/** The current province of each given offer and demand that exists (archived ones included). */
export async function ownerProvinces(db: Db, offerIds: string[], demandIds: string[]) {
  const read = async (table: typeof offers | typeof demands, ids: string[]) =>
    new Map(ids.length === 0 ? [] : (await db.select({ id: table.id, province: table.currentProvince }).from(table).where(inArray(table.id, ids))).map((r) => [r.id, r.province] as const));
  return { offer: await read(offers, offerIds), demand: await read(demands, demandIds) };
}

import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, text, uniqueIndex, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { codes, localized, registryColumns, timestamptz } from '../columns.js';

const registryIndexes = (name: string, t: {
  sourceSystem: AnyPgColumn; sourceRef: AnyPgColumn; searchVector: AnyPgColumn; titleVector: AnyPgColumn; updatedAt: AnyPgColumn; id: AnyPgColumn; currentProvince: AnyPgColumn;
}) => [
  uniqueIndex(`${name}_source_ref_key`).on(t.sourceSystem, t.sourceRef),
  index(`${name}_search_idx`).using('gin', t.searchVector),
  index(`${name}_title_search_idx`).using('gin', t.titleVector),
  index(`${name}_updated_idx`).on(t.updatedAt, t.id),
  index(`${name}_province_idx`).on(t.currentProvince, t.updatedAt),
];

export type IpRight = { type: string; status: string; number?: string; jurisdiction?: string };
export type Contact = { name: string; role?: string; email?: string; phone?: string };
export type LanguageSkill = { code: string; level: string };

export const organizations = pgTable(
  'organizations',
  {
    ...registryColumns(),
    kind: text().notNull(),
    name: localized().notNull(),
    shortName: text(),
    taxCode: text(),
    foreignRegistrationNo: text(),
    country: text().notNull(),
    industryCodes: codes(),
    size: text(),
    languages: codes(),
    website: text(),
    contacts: jsonb().$type<Contact[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [...registryIndexes('organizations', t), uniqueIndex('organizations_tax_code_key').on(t.taxCode)],
);

const lifecycle = () => ({
  status: text().notNull(),
  validUntil: date().notNull(),
  publishedAt: timestamptz(),
});

export const offers = pgTable(
  'offers',
  {
    ...registryColumns(),
    ...lifecycle(),
    organizationId: uuid().notNull().references(() => organizations.id),
    title: localized().notNull(),
    summary: localized().notNull(),
    description: localized(),
    advantages: localized(),
    applications: localized(),
    fields: codes(),
    keywords: codes(),
    trl: integer().notNull(),
    ipRights: jsonb().$type<IpRight[]>().notNull().default(sql`'[]'::jsonb`),
    transferForms: codes(),
    transferMethods: codes(),
    dealTypes: codes(),
    priceMin: bigint({ mode: 'number' }),
    priceMax: bigint({ mode: 'number' }),
    priceNegotiable: boolean().notNull().default(false),
    targetProvinces: codes(),
    targetCountries: codes(),
    regulatoryClass: text().notNull(),
  },
  (t) => [
    ...registryIndexes('offers', t),
    index('offers_fields_idx').using('gin', t.fields),
    index('offers_status_idx').on(t.status, t.validUntil),
    index('offers_organization_idx').on(t.organizationId),
    check('offers_trl_range', sql`${t.trl} BETWEEN 1 AND 9`),
    check('offers_price_order', sql`${t.priceMin} IS NULL OR ${t.priceMax} IS NULL OR ${t.priceMin} <= ${t.priceMax}`),
  ],
);

export const demands = pgTable(
  'demands',
  {
    ...registryColumns(),
    ...lifecycle(),
    organizationId: uuid().notNull().references(() => organizations.id),
    title: localized().notNull(),
    problem: localized().notNull(),
    currentProcess: localized(),
    requiredResult: localized(),
    constraints: localized(),
    fields: codes(),
    keywords: codes(),
    minTrl: integer(),
    dealTypes: codes(),
    transferMethods: codes(),
    originPreference: text().notNull(),
    budgetMin: bigint({ mode: 'number' }),
    budgetMax: bigint({ mode: 'number' }),
    fundingSources: codes(),
    neededBy: date(),
    urgency: text().notNull(),
  },
  (t) => [
    ...registryIndexes('demands', t),
    index('demands_fields_idx').using('gin', t.fields),
    index('demands_status_idx').on(t.status, t.validUntil),
    index('demands_organization_idx').on(t.organizationId),
    check('demands_trl_range', sql`${t.minTrl} IS NULL OR ${t.minTrl} BETWEEN 1 AND 9`),
    check('demands_budget_order', sql`${t.budgetMin} IS NULL OR ${t.budgetMax} IS NULL OR ${t.budgetMin} <= ${t.budgetMax}`),
  ],
);

export const experts = pgTable(
  'experts',
  {
    ...registryColumns(),
    fullName: text().notNull(),
    academicTitle: text(),
    affiliationId: uuid().references(() => organizations.id),
    bio: localized(),
    fields: codes(),
    keywords: codes(),
    roles: codes(),
    languages: jsonb().$type<LanguageSkill[]>().notNull().default(sql`'[]'::jsonb`),
    maxMeetingsPerEvent: integer().notNull(),
    conflictOrganizationIds: uuid().array().notNull().default(sql`'{}'::uuid[]`),
    email: text(),
    phone: text(),
  },
  (t) => [...registryIndexes('experts', t), index('experts_fields_idx').using('gin', t.fields)],
);

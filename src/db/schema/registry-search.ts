import { bigint, date, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { codes, timestamptz, tsvector } from '../columns.js';
import { demands, offers } from './registry.js';

/**
 * Narrow copies of the columns that lists filter, sort and search on, one row per offer or demand,
 * kept in step by a trigger on the main table (migration 0014; the application never writes them).
 * A list scans these (about 15 rows per page, small enough to stay in shared buffers) and reads
 * the wide records only for the page it returns; on the wide table a broad search or filter read
 * one heap page per candidate row. Column names match the main table's, so the same filter code
 * serves both. Row-level security mirrors the main table's read policy.
 */
const searchColumns = () => ({
  province: text().notNull(),
  currentProvince: text().notNull(),
  archivedAt: timestamptz(),
  status: text().notNull(),
  validUntil: date().notNull(),
  organizationId: uuid().notNull(),
  fields: codes(),
  createdAt: timestamptz().notNull(),
  updatedAt: timestamptz().notNull(),
  searchVector: tsvector().notNull(),
  titleVector: tsvector().notNull(),
});

const searchIndexes = (name: string, t: Record<'titleVector' | 'searchVector' | 'updatedAt' | 'createdAt' | 'id' | 'currentProvince' | 'fields' | 'status' | 'validUntil', never>) => [
  index(`${name}_title_idx`).using('gin', t.titleVector),
  index(`${name}_vector_idx`).using('gin', t.searchVector),
  index(`${name}_updated_idx`).on(t.updatedAt, t.id),
  index(`${name}_created_idx`).on(t.createdAt, t.id),
  index(`${name}_province_idx`).on(t.currentProvince, t.updatedAt, t.id),
  index(`${name}_fields_idx`).using('gin', t.fields),
  index(`${name}_status_idx`).on(t.status, t.validUntil),
];

export const offersSearch = pgTable(
  'offers_search',
  {
    id: uuid()
      .primaryKey()
      .references(() => offers.id, { onDelete: 'cascade' }),
    ...searchColumns(),
    trl: integer().notNull(),
    priceMin: bigint({ mode: 'number' }),
    priceMax: bigint({ mode: 'number' }),
  },
  (t) => searchIndexes('offers_search', t as never),
);

export const demandsSearch = pgTable(
  'demands_search',
  {
    id: uuid()
      .primaryKey()
      .references(() => demands.id, { onDelete: 'cascade' }),
    ...searchColumns(),
    minTrl: integer(),
    budgetMin: bigint({ mode: 'number' }),
    budgetMax: bigint({ mode: 'number' }),
  },
  (t) => searchIndexes('demands_search', t as never),
);

import { date, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/**
 * Provincial units as a dated table: the 63 units in force until 30 June 2025 (scheme "2008") and
 * the 34 from 1 July 2025 (scheme "2025"). Some codes exist in both schemes for different units;
 * the 2025 unit with a reused code is always the successor of the 2008 unit with that code.
 */
export const provinces = pgTable(
  'provinces',
  {
    scheme: text({ enum: ['2008', '2025'] }).notNull(),
    code: text().notNull(),
    nameVi: text().notNull(),
    shortNameVi: text().notNull(),
    nameEn: text().notNull(),
    kind: text({ enum: ['city', 'province'] }).notNull(),
    validFrom: date().notNull(),
    validTo: date(),
    successorCode: text(),
  },
  (t) => [primaryKey({ columns: [t.scheme, t.code] })],
);

/** The coded, hierarchical taxonomy of technology fields. */
export const technologyFields = pgTable('technology_fields', {
  code: text().primaryKey(),
  parentCode: text(),
  depth: integer().notNull(),
  labelVi: text().notNull(),
  labelEn: text().notNull(),
  nationalCode: text(),
  sortOrder: integer().notNull(),
});

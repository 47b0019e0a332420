import { sql } from 'drizzle-orm';
import { customType, integer, jsonb, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers so every aggregate spells ids, times and versions the same way. */
export const id = () => uuid().primaryKey().default(sql`gen_random_uuid()`);

export const timestamptz = () => timestamp({ withTimezone: true, mode: 'date' });

/** Millisecond precision, so a timestamp survives a round trip through a JS Date (keyset cursors). */
export const auditTimes = () => ({
  createdAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
});

/** Optimistic-locking counter; bumped by every update and exposed as the ETag. */
export const version = () => integer().notNull().default(1);

export const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const localized = () => jsonb().$type<{ vi?: string; en?: string; ko?: string }>();

export const codes = () => text().array().notNull().default(sql`'{}'::text[]`);

/**
 * Columns every registry record has: identity, optimistic version, archive instead of delete,
 * the portal's own id, the owning province (as given, and rolled up to the current unit), the
 * original language, and the stored search forms (never computed per query).
 */
export const registryColumns = () => ({
  id: id(),
  ...auditTimes(),
  version: version(),
  archivedAt: timestamptz(),
  sourceSystem: text(),
  sourceRef: text(),
  province: text().notNull(),
  currentProvince: text().notNull(),
  language: text({ enum: ['vi', 'en', 'ko'] }).notNull(),
  /** Hash of the validated content, so an identical PUT changes nothing. */
  contentHash: text().notNull(),
  /** Every searchable text, exact and folded forms (title weight A, the rest B): what q matches. */
  searchVector: tsvector().notNull(),
  /** Title and keywords only: small enough to stay inline, so ranking never reads the big vector. */
  titleVector: tsvector().notNull(),
});

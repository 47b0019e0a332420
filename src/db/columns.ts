import { sql } from 'drizzle-orm';
import { integer, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Shared column helpers so every aggregate spells ids, times and versions the same way. */
export const id = () => uuid().primaryKey().default(sql`gen_random_uuid()`);

export const timestamptz = () => timestamp({ withTimezone: true, mode: 'date' });

export const auditTimes = () => ({
  createdAt: timestamptz().notNull().defaultNow(),
  updatedAt: timestamptz().notNull().defaultNow(),
});

/** Optimistic-locking counter; bumped by every update and exposed as the ETag. */
export const version = () => integer().notNull().default(1);

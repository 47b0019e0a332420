import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { auditTimes, id, timestamptz } from '../columns.js';

/**
 * API clients: the ministry (nationwide, everything), provincial portals (bound to one or more
 * current provinces) and readers (read-only, public data). A client has up to two active keys.
 */
export const apiClients = pgTable('api_clients', {
  id: id(),
  ...auditTimes(),
  name: text().notNull(),
  role: text({ enum: ['ministry', 'portal', 'reader'] }).notNull(),
  provinces: text().array().notNull().default(sql`'{}'::text[]`),
  revokedAt: timestamptz(),
});

/** Keys are stored only as SHA-256 hashes; the prefix finds the row, the hash is compared in constant time. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: id(),
    clientId: uuid()
      .notNull()
      .references(() => apiClients.id),
    prefix: text().notNull().unique(),
    hash: text().notNull(),
    label: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    lastUsedAt: timestamptz(),
    revokedAt: timestamptz(),
  },
  (t) => [index('api_keys_client_idx').on(t.clientId)],
);

/** Every change, written in the same transaction as the change. Append-only. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial({ mode: 'number' }).primaryKey(),
    at: timestamp({ withTimezone: true, mode: 'date', precision: 3 }).notNull().defaultNow(),
    clientId: uuid(),
    clientName: text(),
    role: text().notNull(),
    provinces: text().array().notNull().default(sql`'{}'::text[]`),
    action: text().notNull(),
    entity: text().notNull(),
    entityId: uuid().notNull(),
    changedFields: text().array().notNull().default(sql`'{}'::text[]`),
    requestId: text(),
  },
  (t) => [index('audit_log_entity_idx').on(t.entity, t.entityId), index('audit_log_at_idx').on(t.at)],
);

/** Idempotency-Key records: the first response to a POST, replayed for the same key and body. */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    clientId: uuid().notNull(),
    key: text().notNull(),
    requestHash: text().notNull(),
    state: text({ enum: ['running', 'done'] }).notNull(),
    responseStatus: integer(),
    responseHeaders: jsonb().$type<Record<string, string>>(),
    responseBody: text(),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.key] }), index('idempotency_keys_created_idx').on(t.createdAt)],
);

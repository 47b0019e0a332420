import { sql } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { id, timestamptz } from '../columns.js';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

export type ImportError = { row: number; column: string | null; code: string; message: { vi: string; en: string } };

/** A spreadsheet upload and its processing: progress, counts and the per-row error list. */
export const imports = pgTable(
  'imports',
  {
    id: id(),
    clientId: uuid(),
    clientName: text().notNull(),
    resource: text().notNull(),
    sourceSystem: text().notNull(),
    format: text({ enum: ['csv', 'xlsx'] }).notNull(),
    fileName: text(),
    fileSha256: text().notNull(),
    file: bytea().notNull(),
    status: text({ enum: ['queued', 'running', 'succeeded', 'failed'] }).notNull(),
    totalRows: integer(),
    processedRows: integer().notNull().default(0),
    created: integer().notNull().default(0),
    updated: integer().notNull().default(0),
    unchanged: integer().notNull().default(0),
    failed: integer().notNull().default(0),
    errors: jsonb().$type<ImportError[]>().notNull().default(sql`'[]'::jsonb`),
    requestId: text(),
    createdAt: timestamptz().notNull().defaultNow(),
    startedAt: timestamptz(),
    finishedAt: timestamptz(),
  },
  (t) => [index('imports_client_idx').on(t.clientId, t.createdAt)],
);

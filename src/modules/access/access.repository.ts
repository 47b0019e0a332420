import { and, asc, count, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { apiClients, apiKeys, auditLog } from '../../db/schema/index.js';

export type ClientRow = typeof apiClients.$inferSelect;
export type KeyRow = typeof apiKeys.$inferSelect;
export type AuditInsert = typeof auditLog.$inferInsert;

export async function insertClient(db: Db, values: typeof apiClients.$inferInsert): Promise<ClientRow> {
  const [row] = await db.insert(apiClients).values(values).returning();
  return row as ClientRow;
}

export async function insertKey(db: Db, values: typeof apiKeys.$inferInsert): Promise<KeyRow> {
  const [row] = await db.insert(apiKeys).values(values).returning();
  return row as KeyRow;
}

/** The key with this prefix and its client, whether or not either is revoked. */
export async function findKeyByPrefix(db: Db, prefix: string) {
  const [row] = await db
    .select({ key: apiKeys, client: apiClients })
    .from(apiKeys)
    .innerJoin(apiClients, eq(apiKeys.clientId, apiClients.id))
    .where(eq(apiKeys.prefix, prefix));
  return row;
}

export async function findClient(db: Db, id: string): Promise<ClientRow | undefined> {
  const [row] = await db.select().from(apiClients).where(eq(apiClients.id, id));
  return row;
}

export async function listClients(db: Db): Promise<ClientRow[]> {
  return db.select().from(apiClients).orderBy(asc(apiClients.createdAt));
}

export async function listKeys(db: Db, clientId: string): Promise<KeyRow[]> {
  return db.select().from(apiKeys).where(eq(apiKeys.clientId, clientId)).orderBy(asc(apiKeys.createdAt));
}

export async function countActiveKeys(db: Db, clientId: string): Promise<number> {
  const [row] = await db.select({ n: count() }).from(apiKeys).where(and(eq(apiKeys.clientId, clientId), isNull(apiKeys.revokedAt)));
  return row?.n ?? 0;
}

export async function writeAudit(db: Db, entry: AuditInsert): Promise<void> {
  await db.insert(auditLog).values(entry);
}

import { desc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { workerHeartbeats } from '../../db/schema/index.js';

export type HeartbeatRow = typeof workerHeartbeats.$inferSelect;
export type HeartbeatInsert = typeof workerHeartbeats.$inferInsert;

/** Upsert: a heartbeat delivered twice (at-least-once jobs) leaves one row with the latest time. */
export async function upsertHeartbeat(db: Db, row: HeartbeatInsert): Promise<void> {
  await db
    .insert(workerHeartbeats)
    .values(row)
    .onConflictDoUpdate({
      target: workerHeartbeats.workerId,
      set: {
        hostname: row.hostname,
        pid: row.pid,
        queueDriver: row.queueDriver,
        queues: row.queues,
        startedAt: row.startedAt,
        // Never move backwards when an older duplicate delivery arrives late.
        lastSeenAt: sql`greatest(${workerHeartbeats.lastSeenAt}, excluded.last_seen_at)`,
      },
    });
}

export async function listHeartbeats(db: Db): Promise<HeartbeatRow[]> {
  return db.select().from(workerHeartbeats).orderBy(desc(workerHeartbeats.lastSeenAt)).limit(100);
}

export async function deleteHeartbeat(db: Db, workerId: string): Promise<void> {
  await db.delete(workerHeartbeats).where(eq(workerHeartbeats.workerId, workerId));
}

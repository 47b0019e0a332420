import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import { timestamptz } from '../columns.js';

/**
 * One row per worker process, refreshed by the process itself every WORKER_HEARTBEAT_MS. Lets operators
 * (and GET /v1/system/status) see which workers consume which queues and whether they are alive.
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerId: text().primaryKey(),
  hostname: text().notNull(),
  pid: integer().notNull(),
  queueDriver: text({ enum: ['bullmq', 'in-process'] }).notNull(),
  queues: text().array().notNull(),
  startedAt: timestamptz().notNull(),
  lastSeenAt: timestamptz().notNull(),
});

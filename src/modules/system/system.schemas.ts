import { createSelectSchema } from 'drizzle-zod';
import { z } from 'zod';
import { workerHeartbeats } from '../../db/schema/index.js';
import { isoDateTime } from '../../http/schemas.js';

const heartbeatRow = createSelectSchema(workerHeartbeats, {
  workerId: (s) => s.describe('Unique id of the worker process (host:pid:random).'),
  hostname: (s) => s.describe('Host the worker runs on.'),
  pid: (s) => s.describe('Process id on that host.'),
  queueDriver: (s) => s.describe('bullmq (Redis) or in-process (embedded default).'),
  queues: (s) => s.describe('Queues the worker consumes.'),
  startedAt: isoDateTime.describe('When the worker started.'),
  lastSeenAt: isoDateTime.describe('When it last wrote its heartbeat.'),
});

export const workerStatusSchema = heartbeatRow
  .extend({
    alive: z.boolean().describe('Whether the last heartbeat is recent (within three heartbeat intervals).'),
  })
  .meta({ id: 'WorkerStatus' });

export const systemStatusSchema = z
  .object({
    version: z.string().describe('API version.'),
    database: z.object({ driver: z.enum(['postgres', 'embedded']).describe('postgres (DATABASE_URL) or embedded (PGlite).') }).describe('The database in use.'),
    queue: z.object({ driver: z.enum(['bullmq', 'in-process']).describe('bullmq (REDIS_URL) or in-process.') }).describe('The job queue in use.'),
    workers: z.array(workerStatusSchema).describe('Worker processes that reported a heartbeat, most recent first.'),
  })
  .meta({ id: 'SystemStatus' });

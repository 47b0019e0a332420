import type { Db } from '../../db/client.js';
import { listHeartbeats, type HeartbeatRow } from './system.repository.js';

export interface WorkerStatus extends HeartbeatRow {
  alive: boolean;
}

/** Workers and whether each is alive, judged against the heartbeat interval. */
export function createSystemService(deps: { db: Db; heartbeatMs: number; now?: () => Date }) {
  const now = deps.now ?? (() => new Date());
  return {
    async workers(): Promise<WorkerStatus[]> {
      const rows = await listHeartbeats(deps.db);
      const cutoff = now().getTime() - 3 * deps.heartbeatMs;
      return rows.map((row) => ({ ...row, alive: row.lastSeenAt.getTime() >= cutoff }));
    },
  };
}

import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { deleteHeartbeat, listHeartbeats, upsertHeartbeat } from '../../src/modules/system/system.repository.js';
import { drivers, type TestDatabase } from '../helpers/context.js';

const heartbeat = (overrides: Partial<Parameters<typeof upsertHeartbeat>[1]> = {}) => ({
  workerId: 'w1',
  hostname: 'h',
  pid: 10,
  queueDriver: 'bullmq' as const,
  queues: ['system'],
  startedAt: new Date('2026-11-22T00:00:00Z'),
  lastSeenAt: new Date('2026-11-22T01:00:00Z'),
  ...overrides,
});

describe.each(drivers)('repositories on the $driver driver', ({ driver, create }) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await create();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('reports its driver', () => {
    expect(t.database.driver).toBe(driver);
    return t.database.ping();
  });

  it('has the extensions search needs (unaccent, pg_trgm)', async () => {
    const [row] = await queryRows<{ folded: string; similar: number }>(
      t.database.db,
      sql`SELECT unaccent('Đà Nẵng xử lý nước thải') AS folded, similarity('xu ly nuoc thai', 'xu ly nuoc') AS similar`,
    );
    expect(row?.folded).toBe('Da Nang xu ly nuoc thai');
    expect(row?.similar).toBeGreaterThan(0.5);
  });

  it('upserts heartbeats idempotently, never moving lastSeenAt backwards', async () => {
    await upsertHeartbeat(t.database.db, heartbeat());
    await upsertHeartbeat(t.database.db, heartbeat({ lastSeenAt: new Date('2026-11-22T02:00:00Z'), pid: 11 }));
    // A late duplicate of the first delivery.
    await upsertHeartbeat(t.database.db, heartbeat());
    const rows = await listHeartbeats(t.database.db);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ workerId: 'w1', pid: 10, lastSeenAt: new Date('2026-11-22T02:00:00Z') });
  });

  it('lists most recent first and deletes', async () => {
    await upsertHeartbeat(t.database.db, heartbeat({ workerId: 'w2', lastSeenAt: new Date('2026-11-22T03:00:00Z') }));
    expect((await listHeartbeats(t.database.db)).map((r) => r.workerId)).toEqual(['w2', 'w1']);
    await deleteHeartbeat(t.database.db, 'w2');
    expect((await listHeartbeats(t.database.db)).map((r) => r.workerId)).toEqual(['w1']);
  });

  it('serialises work under an advisory lock', async () => {
    const order: string[] = [];
    const task = (name: string) =>
      t.database.withAdvisoryLock(4242, async () => {
        order.push(`${name}:start`);
        await new Promise((r) => setTimeout(r, 30));
        order.push(`${name}:end`);
      });
    await Promise.all([task('a'), task('b')]);
    expect(order).toEqual(['a:start', 'a:end', 'b:start', 'b:end']);
  });
});

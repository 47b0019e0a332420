import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { organizations } from '../../src/db/schema/index.js';
import { createKey, testLogger, useTestApp } from '../helpers/app.js';
import { createPostgresDatabase } from '../helpers/context.js';
import { makeOrganization } from '../helpers/registry.js';

describe('Idempotency-Key on POST', () => {
  const ctx = useTestApp();

  const post = (key: string, body: unknown, extra: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'POST', url: '/v1/organizations', payload: body as object, headers: { 'idempotency-key': key, ...extra } });
  const rowsNamed = async (name: string) =>
    (await ctx.db.database.db.select({ n: count() }).from(organizations).where(eq(organizations.shortName, name)))[0]?.n;

  it('replays the first response for the same key and body', async () => {
    const body = makeOrganization({ shortName: 'IDEM1' });
    const first = await post('key-1', body);
    expect(first.statusCode).toBe(201);
    const again = await post('key-1', body);
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.headers.location).toBe(first.headers.location);
    expect(again.json()).toEqual(first.json());
    expect(await rowsNamed('IDEM1')).toBe(1);
  });

  it('answers 422 when the key comes back with another body', async () => {
    await post('key-2', makeOrganization({ shortName: 'IDEM2' }));
    const other = await post('key-2', makeOrganization({ shortName: 'IDEM2-other' }));
    expect(other.statusCode).toBe(422);
    expect(other.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await rowsNamed('IDEM2-other')).toBe(0);
  });

  it('creates exactly one record from 100 concurrent identical POSTs', async () => {
    const body = makeOrganization({ shortName: 'IDEM3' });
    const results = await Promise.all(Array.from({ length: 100 }, () => post('key-3', body)));
    const statuses = results.map((r) => r.statusCode);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    const ids = new Set(results.filter((r) => r.statusCode === 201).map((r) => r.json().id));
    expect(ids.size).toBe(1);
    expect(await rowsNamed('IDEM3')).toBe(1);
    const conflict = results.find((r) => r.statusCode === 409);
    if (conflict) expect(conflict.json().code).toBe('IDEMPOTENCY_IN_PROGRESS');
  });

  it('keeps keys per client: another client may use the same key', async () => {
    const otherKey = await createKey(ctx.db.database, 'ministry');
    await post('shared-key', makeOrganization({ shortName: 'IDEM4a' }));
    const other = await post('shared-key', makeOrganization({ shortName: 'IDEM4b' }), { authorization: `Bearer ${otherKey}` });
    expect(other.statusCode).toBe(201);
    expect(other.headers['idempotent-replayed']).toBeUndefined();
  });

  it('does not keep a failed validation: the key stays free', async () => {
    const bad = await post('key-5', { ...makeOrganization(), extra: 1 });
    expect(bad.statusCode).toBe(400);
    const good = await post('key-5', makeOrganization({ shortName: 'IDEM5' }));
    expect(good.statusCode).toBe(201);
  });

  it.each(['', 'has space', 'x'.repeat(256), 'tiếng việt'])('refuses the key %j naming the header', async (key) => {
    const res = await post(key, makeOrganization());
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].path).toBe('header.idempotency-key');
  });
});

describe('system.cleanup', () => {
  it('forgets Idempotency-Keys older than 24 hours and keeps newer ones', async () => {
    const db = await createPostgresDatabase();
    try {
      const { cleanupProcessor } = await import('../../src/jobs/processors/cleanup.js');
      const { idempotencyKeys } = await import('../../src/db/schema/index.js');
      const clientId = '7c1e0000-0000-4000-8000-000000000000';
      const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3600_000);
      await db.database.db.insert(idempotencyKeys).values([
        { clientId, key: 'old', requestHash: 'h', state: 'done', createdAt: at(25) },
        { clientId, key: 'new', requestHash: 'h', state: 'done', createdAt: at(23) },
      ]);
      const result = await cleanupProcessor({ db: db.database.db })({}, { jobId: 'j', attempt: 1, log: testLogger, updateProgress: async () => {} });
      expect(result).toEqual({ idempotencyKeysDeleted: 1 });
      expect((await db.database.db.select({ key: idempotencyKeys.key }).from(idempotencyKeys)).map((r) => r.key)).toEqual(['new']);
    } finally {
      await db.drop();
    }
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema/index.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { AUTH_CACHE_MS, createAccessService, forgetVerifiedKeys } from '../../src/modules/access/access.service.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

// Keys are remembered by the exact Authorization header for AUTH_CACHE_MS (no hash per request):
// revocation must still take effect as before — at once in this process, within AUTH_CACHE_MS in others.
describe('remembered key checks', () => {
  let db: TestDatabase;
  let t = Date.UTC(2026, 10, 29, 12, 0, 0);
  const now = () => new Date(t);

  beforeAll(async () => {
    db = await createPostgresDatabase();
  });
  afterAll(async () => {
    forgetVerifiedKeys();
    await db?.drop();
  });

  it('answers a checked header from memory, and only that exact header', async () => {
    const access = createAccessService({ db: db.database.db, now });
    const { secret } = await access.createClient({ name: 'portal', role: 'portal', provinces: ['79'] });
    const header = `Bearer ${secret}`;
    expect(access.knownAuthentication(header)).toBeUndefined();
    const first = await access.authenticate(header);
    expect(first).toMatchObject({ caller: { role: 'portal', provinces: ['79'] } });
    // The same caller object, frozen: nothing downstream can change another request's scope.
    expect(access.knownAuthentication(header)).toBe(first);
    expect(Object.isFrozen((first as { caller: object }).caller)).toBe(true);
    // Another spelling of the same key is checked on its own (and accepted).
    expect(access.knownAuthentication(`bearer  ${secret}`)).toBeUndefined();
    expect(await access.authenticate(`bearer  ${secret}`)).toMatchObject({ caller: { role: 'portal' } });
    // No header at all needs no lookup; a malformed one is refused without being remembered.
    expect(access.knownAuthentication(undefined)).toEqual({ error: 'missing' });
    expect(await access.authenticate('Bearer nope')).toEqual({ error: 'invalid' });
    expect(access.knownAuthentication('Bearer nope')).toBeUndefined();
  });

  it('a key revoked through this process is refused on the next request', async () => {
    const access = createAccessService({ db: db.database.db, now });
    const { client, key, secret } = await access.createClient({ name: 'portal', role: 'portal', provinces: ['01'] });
    const header = `Bearer ${secret}`;
    expect(await access.authenticate(header)).toHaveProperty('caller');
    await access.revokeKey(client.id, key.id);
    expect(access.knownAuthentication(header)).toBeUndefined();
    expect(await access.authenticate(header)).toEqual({ error: 'revoked' });
  });

  it('a key revoked by another process is refused once AUTH_CACHE_MS has passed', async () => {
    const access = createAccessService({ db: db.database.db, now });
    const { key, secret } = await access.createClient({ name: 'reader', role: 'reader', provinces: [] });
    const header = `Bearer ${secret}`;
    expect(await access.authenticate(header)).toHaveProperty('caller');
    // Another API process revokes it: only the database changes here.
    await db.database.db.update(apiKeys).set({ revokedAt: now() }).where(eq(apiKeys.id, key.id));
    t += AUTH_CACHE_MS - 1;
    expect(await access.authenticate(header)).toHaveProperty('caller');
    t += 1;
    expect(access.knownAuthentication(header)).toBeUndefined();
    expect(await access.authenticate(header)).toEqual({ error: 'revoked' });
  });

  it('a check that started before a revocation here is not remembered after it', async () => {
    const access = createAccessService({ db: db.database.db, now });
    const { secret } = await access.createClient({ name: 'portal', role: 'portal', provinces: ['48'] });
    const header = `Bearer ${secret}`;
    const pending = access.authenticate(header);
    forgetVerifiedKeys(); // what revokeKey / revokeClient do once their update is written
    expect(await pending).toHaveProperty('caller');
    expect(access.knownAuthentication(header)).toBeUndefined();
  });

  it('over HTTP: remembered keys pass, revoked ones get 401 KEY_REVOKED at once', async () => {
    const queue = createInProcessBackend({ log: testLogger });
    const app = await createTestApp({ database: db.database, queue, key: null });
    try {
      const access = createAccessService({ db: db.database.db });
      const { client, secret } = await access.createClient({ name: 'portal', role: 'portal', provinces: ['79'] });
      const get = () => app.inject({ method: 'GET', url: '/v1/offers', headers: { authorization: `Bearer ${secret}` } });
      for (let i = 0; i < 3; i++) expect((await get()).statusCode).toBe(200);
      const admin = await createKey(db.database, 'ministry');
      const revoked = await app.inject({ method: 'DELETE', url: `/v1/admin/clients/${client.id}`, headers: { authorization: `Bearer ${admin}` } });
      expect(revoked.statusCode).toBe(204);
      const refused = await get();
      expect(refused.statusCode).toBe(401);
      expect(refused.json()).toMatchObject({ code: 'KEY_REVOKED' });
      expect(refused.headers['www-authenticate']).toBe('Bearer realm="ketnoi"');
      // Without a key, or with a role the route does not admit: 401 / 403 as before.
      expect((await app.inject({ method: 'GET', url: '/v1/offers' })).statusCode).toBe(401);
      const reader = await createKey(db.database, 'reader');
      expect((await app.inject({ method: 'POST', url: '/v1/offers', headers: { authorization: `Bearer ${reader}` }, payload: {} })).statusCode).toBe(403);
    } finally {
      await app.close();
      await queue.close();
    }
  });
});

import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { drivers } from '../helpers/context.js';
import { create, makeOffer, makeOrganization } from '../helpers/registry.js';

type Entry = { action: string; entity: string; entityId: string; changedFields: string[]; requestId: string | null; role: string; clientName: string };

describe.each(drivers)('audit log on the $driver driver', ({ create: createDb }) => {
  const ctx = useTestApp({ createDb: createDb });


  const entries = async (entityId: string): Promise<Entry[]> =>
    (await ctx.app.inject({ method: 'GET', url: `/v1/admin/audit?entityId=${entityId}` })).json().items;

  it('records create, update and archive with the changed fields, client and request id', async () => {
    const org = await create(ctx.app, 'organizations', makeOrganization());
    const offer = await create(ctx.app, 'offers', makeOffer(org.id));
    await ctx.app.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, payload: { trl: 8, keywords: ['mới'] }, headers: { 'if-match': '"1"', 'x-request-id': 'audit-patch-1' } });
    await ctx.app.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, payload: { trl: 8 }, headers: { 'if-match': '"2"' } });
    await ctx.app.inject({ method: 'DELETE', url: `/v1/offers/${offer.id}`, headers: { 'if-match': '"2"' } });
    const log = await entries(offer.id);
    expect(log.map((e) => e.action)).toEqual(['archive', 'update', 'create']);
    expect(log[1]).toMatchObject({ entity: 'offer', changedFields: ['keywords', 'trl'], requestId: 'audit-patch-1', role: 'ministry', clientName: 'test ministry' });
    expect(log[2]?.changedFields).toContain('title');
  });

  it('writes nothing when the change fails', async () => {
    const org = await create(ctx.app, 'organizations', makeOrganization());
    const offer = await create(ctx.app, 'offers', makeOffer(org.id));
    const bad = await ctx.app.inject({ method: 'PATCH', url: `/v1/offers/${offer.id}`, payload: { priceMin: 9e12 }, headers: { 'if-match': '"1"' } });
    expect(bad.statusCode).toBe(400);
    expect((await entries(offer.id)).map((e) => e.action)).toEqual(['create']);
  });

  it('cannot be changed or deleted, even by the table owner', async () => {
    await expect(ctx.db.database.db.execute(sql`UPDATE audit_log SET action = 'forged'`)).rejects.toThrow();
    await expect(ctx.db.database.db.execute(sql`DELETE FROM audit_log`)).rejects.toThrow();
    await expect(ctx.db.database.db.execute(sql`TRUNCATE audit_log`)).rejects.toThrow();
  });
});

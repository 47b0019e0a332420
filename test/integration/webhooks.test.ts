import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { webhookDeliveries, webhookSubscriptions } from '../../src/db/schema/index.js';
import { createInProcessBackend } from '../../src/jobs/in-process.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { createWebhookService, DISABLE_AFTER } from '../../src/modules/webhooks/webhooks.service.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, eventually, type TestDatabase } from '../helpers/context.js';
import { create, makeDemand, makeOffer, makeOrganization } from '../helpers/registry.js';

interface Received {
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A receiver that checks signatures the way the Standard Webhooks spec tells receivers to. */
function verify(secret: string, r: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const expected = createHmac('sha256', key).update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`).digest('base64');
  const timestamp = Number(r.headers['webhook-timestamp']);
  return String(r.headers['webhook-signature']).split(' ').includes(`v1,${expected}`) && Math.abs(Date.now() / 1000 - timestamp) < 300;
}

describe('webhooks', () => {
  let db: TestDatabase;
  let app: App;
  let worker: RunningWorker;
  let server: Server;
  let base = '';
  const backend = createInProcessBackend({ log: testLogger });
  const received: Received[] = [];
  let failNext = 0;
  let portalKey = '';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c)));
      req.on('end', () => {
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
          return;
        }
        if (failNext > 0) {
          failNext--;
          res.writeHead(500).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createPostgresDatabase();
    worker = await startWorker({ database: db.database, backend, log: testLogger, concurrency: 2, heartbeatMs: 60_000, allowLoopbackWebhooks: true });
    app = await createTestApp({ database: db.database, queue: backend, config: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
    portalKey = await createKey(db.database, 'portal', ['79']);
  });
  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await backend.close();
    await db?.drop();
    await new Promise((r) => server.close(r));
  });

  const subscribe = async (url: string, key = portalKey, types = ['offer.updated']) =>
    app.inject({ method: 'POST', url: '/v1/webhooks', payload: { url, eventTypes: types }, headers: { authorization: `Bearer ${key}` } });

  it('delivers signed events about records the client may see, and only those', async () => {
    const sub = await subscribe(`${base}/hook`);
    expect(sub.statusCode, sub.body).toBe(201);
    const secret = sub.json().secret as string;
    expect(secret).toMatch(/^whsec_/);
    const own = await create(app, 'organizations', makeOrganization({ province: '79' }));
    const foreign = await create(app, 'organizations', makeOrganization({ province: '01' }));
    const offer = await create(app, 'offers', makeOffer(own.id));
    await create(app, 'offers', makeOffer(foreign.id, { status: 'draft', title: { vi: 'Bản nháp tỉnh khác' } }));
    const event = await eventually(async () => received.find((r) => JSON.parse(r.body).data.id === offer.id));
    expect(verify(secret, event)).toBe(true);
    const body = JSON.parse(event.body);
    expect(body).toMatchObject({ type: 'offer.updated', data: { resource: 'offers', id: offer.id, action: 'create', currentProvince: '79' } });
    expect(event.body).not.toContain('title');
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((r) => JSON.parse(r.body).data.currentProvince === '01')).toEqual([]);
    const log = await app.inject({ method: 'GET', url: `/v1/webhooks/${sub.json().subscription.id}/deliveries`, headers: { authorization: `Bearer ${portalKey}` } });
    expect(log.json().items[0]).toMatchObject({ status: 'succeeded', attempts: 1, lastStatusCode: 204 });
  });

  it('tells both sides when a proposal is made and when it is mutually accepted', async () => {
    const demandPortal = await createKey(db.database, 'portal', ['31']);
    const sub = await subscribe(`${base}/agreed`, demandPortal, ['proposal.created', 'proposal.accepted']);
    expect(sub.statusCode, sub.body).toBe(201);
    const seller = await create(app, 'organizations', makeOrganization({ province: '79', taxCode: '0300111222' }));
    const buyer = await create(app, 'organizations', makeOrganization({ province: '31', taxCode: '0200111333' }));
    const offer = await create(app, 'offers', makeOffer(seller.id));
    await create(app, 'demands', makeDemand(buyer.id, { province: '31', title: { vi: 'Cần xử lý nước thải chăn nuôi, thu hồi biogas' }, problem: { vi: 'Trang trại heo cần xử lý nước thải bằng UASB và thu hồi khí sinh học.' }, fields: ['ENV.WATER'], keywords: ['uasb', 'biogas'] }));
    const proposal = await eventually(async () => {
      const res = await app.inject({ method: 'GET', url: `/v1/proposals?offerId=${offer.id}` });
      return res.json().items[0] as { id: string } | undefined;
    }, 20_000);
    for (const side of ['supply', 'demand']) {
      const res = await app.inject({ method: 'POST', url: `/v1/proposals/${proposal.id}/decisions`, payload: { side, decision: 'accept' } });
      expect(res.statusCode, res.body).toBe(200);
    }
    const made = await eventually(async () => received.find((r) => JSON.parse(r.body).type === 'proposal.created' && JSON.parse(r.body).data.id === proposal.id));
    expect(verify(sub.json().secret as string, made)).toBe(true);
    const event = await eventually(async () => received.find((r) => JSON.parse(r.body).type === 'proposal.accepted'));
    expect(verify(sub.json().secret as string, event)).toBe(true);
    expect(JSON.parse(event.body).data).toMatchObject({ id: proposal.id, offerId: offer.id, status: 'mutually_accepted' });
  });

  it('retries a failed delivery with backoff', async () => {
    const sub = await subscribe(`${base}/hook`);
    const org = await create(app, 'organizations', makeOrganization({ province: '79' }));
    failNext = 1;
    const offer = await create(app, 'offers', makeOffer(org.id));
    expect(sub.statusCode).toBe(201);
    // Every subscription of the portal gets the event; the one failure lands on one of them.
    const retried = await eventually(async () => {
      const deliveries = await db.database.db.select().from(webhookDeliveries);
      return deliveries.find((d) => (d.payload as { data?: { id?: string } }).data?.id === offer.id && d.status === 'succeeded' && d.attempts === 2);
    }, 15_000);
    expect(retried.lastStatusCode).toBe(204);
  });

  it('does not follow redirects', async () => {
    const service = createWebhookService({ db: db.database.db, allowLoopback: true });
    const sub = await subscribe(`${base}/redirect`);
    const [row] = await db.database.db
      .insert(webhookDeliveries)
      .values({ subscriptionId: sub.json().subscription.id, eventId: 'evt_redirect', eventType: 'offer.updated', payload: {}, status: 'pending' })
      .returning();
    await expect(service.deliver(row!.id, 1, testLogger)).rejects.toThrow(/HTTP 302/);
  });

  it('refuses a target at send time that is not allowed, and disables the subscription after repeated failures', async () => {
    const sub = await subscribe(`${base}/hook`);
    const id = sub.json().subscription.id as string;
    // The same subscription, sent by a worker that does not allow loopback: refused before any connection.
    const strict = createWebhookService({ db: db.database.db, allowLoopback: false });
    for (let i = 0; i < DISABLE_AFTER; i++) {
      const [row] = await db.database.db.insert(webhookDeliveries).values({ subscriptionId: id, eventId: `evt_block_${i}`, eventType: 'offer.updated', payload: {}, status: 'pending' }).returning();
      expect(await strict.deliver(row!.id, 1, testLogger)).toEqual({ status: 'failed' });
    }
    const [after] = await db.database.db.select().from(webhookSubscriptions).where(eq(webhookSubscriptions.id, id));
    expect(after).toMatchObject({ active: false, consecutiveFailures: DISABLE_AFTER });
    expect(after?.disabledAt).toBeTruthy();
  });

  describe('SSRF at registration', () => {
    let strictApp: App;
    beforeAll(async () => {
      strictApp = await createTestApp({ database: db.database, queue: backend, key: portalKey });
    });
    afterAll(async () => {
      await strictApp?.close();
    });

    it.each([
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest/meta-data/',
      'https://10.0.0.1/hook',
      'https://0x7f000001/hook',
      'https://2130706433/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://localhost/hook',
      'https://192.168.1.10/hook',
      'https://[fd00::1]/hook',
      'http://example.vn/hook',
      'ftp://example.vn/hook',
      'https://user:pass@example.vn/hook',
      'not a url',
    ])('refuses %s', async (url) => {
      const res = await strictApp.inject({ method: 'POST', url: '/v1/webhooks', payload: { url, eventTypes: ['offer.updated'] } });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().code).toBe('WEBHOOK_URL_REFUSED');
    });

    it('refuses a name that resolves to a private address', async () => {
      const service = createWebhookService({ db: db.database.db, allowLoopback: false, lookup: async () => [{ address: '127.0.0.1', family: 4 }] });
      await expect(service.subscribe({ clientId: null, name: 'x', role: 'ministry', provinces: [] }, { url: 'https://rebind.example/hook', eventTypes: ['offer.updated'] })).rejects.toThrow(/not allowed/);
    });
  });
});

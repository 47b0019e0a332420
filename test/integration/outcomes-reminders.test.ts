import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { outcomeReminders } from '../../src/db/schema/index.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { appView, createPostgresDatabase, dropQueuePrefix, eventually, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';
import { insertEvent, insertMeeting } from '../helpers/outcomes.js';
import { create, makeOrganization } from '../helpers/registry.js';

/**
 * The follow-up reminder on real Redis (BullMQ) with a webhook receiver: six months after a held
 * meeting without an outcome, both sides' portals get one outcome.follow_up_due event, once.
 */
describe('outcome follow-up reminders', () => {
  let db: TestDatabase;
  let app: App;
  let backend: QueueBackend;
  let worker: RunningWorker;
  let server: Server;
  let base = '';
  const prefix = testQueuePrefix();
  const received: { path: string; body: { type: string; data: { id: string; eventId: string; dueAt: string } } }[] = [];
  const months = (n: number) => {
    const d = new Date();
    d.setUTCMonth(d.getUTCMonth() - n);
    return d;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += String(c)));
      req.on('end', () => {
        received.push({ path: req.url ?? '', body: JSON.parse(body) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    db = await createPostgresDatabase();
    backend = createBullmqBackend({ url: redisUrl(), prefix, log: testLogger });
    worker = await startWorker({ database: appView(db.database), backend, log: testLogger, concurrency: 2, heartbeatMs: 60_000, allowLoopbackWebhooks: true });
    app = await createTestApp({ database: db.database, queue: backend, config: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
  });
  afterAll(async () => {
    await app?.close();
    await worker?.close();
    await backend?.close();
    await db?.drop();
    await dropQueuePrefix(prefix);
    await new Promise((r) => server.close(r));
  });

  it('reminds both sides once per held meeting without an outcome, six months on', async () => {
    const keys = { hcm: await createKey(db.database, 'portal', ['79']), hanoi: await createKey(db.database, 'portal', ['01']), hue: await createKey(db.database, 'portal', ['46']) };
    for (const [name, key] of Object.entries(keys)) {
      const res = await app.inject({ method: 'POST', url: '/v1/webhooks', payload: { url: `${base}/${name}`, eventTypes: ['outcome.follow_up_due'] }, headers: { authorization: `Bearer ${key}` } });
      expect(res.statusCode, res.body).toBe(201);
    }
    const supplier = await create(app, 'organizations', makeOrganization({ province: '77', kind: 'research_institute', name: { vi: 'Viện Dầu khí Vũng Tàu' } }));
    const enterprise = await create(app, 'organizations', makeOrganization({ province: '01', name: { vi: 'Công ty Cơ khí Hà Nội' } }));
    const sys = db.database.db;
    const { eventId, sessionId } = await insertEvent(sys, { province: '01' });
    const supply = { organizationId: supplier.id, currentProvince: '79' };
    const demand = { organizationId: enterprise.id, currentProvince: '01' };
    const due = await insertMeeting(sys, { eventId, sessionId, slot: 0, supply, demand, status: 'held', startsAt: months(7) });
    const later = await insertEvent(sys, { province: '01' });
    await insertMeeting(sys, { eventId: later.eventId, sessionId: later.sessionId, slot: 0, supply, demand, status: 'held', startsAt: months(2) });
    const noShow = await insertEvent(sys, { province: '01' });
    await insertMeeting(sys, { eventId: noShow.eventId, sessionId: noShow.sessionId, slot: 0, supply, demand, status: 'no_show', startsAt: months(8) });
    const reported = await insertEvent(sys, { province: '01' });
    const withOutcome = await insertMeeting(sys, { eventId: reported.eventId, sessionId: reported.sessionId, slot: 0, supply, demand, status: 'held', startsAt: months(9) });
    const outcome = await app.inject({ method: 'POST', url: '/v1/outcomes', payload: { meetingId: withOutcome, stage: 'mou' } });
    expect(outcome.statusCode, outcome.body).toBe(201);

    await backend.add('outcomes.follow_up', {});
    await eventually(async () => (received.length >= 2 ? true : undefined), 20_000);
    // A second pass (the scheduler's next hour, or a retried job) sends nothing more.
    await backend.add('outcomes.follow_up', {});
    await eventually(async () => ((await sys.select().from(outcomeReminders)).length === 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 1000));

    expect(received.map((r) => r.path).sort()).toEqual(['/hanoi', '/hcm']);
    for (const r of received) {
      expect(r.body.type).toBe('outcome.follow_up_due');
      expect(r.body.data).toMatchObject({ id: due, eventId, url: `/v1/events/${eventId}/meetings/${due}` });
    }
    const [reminder] = await sys.select().from(outcomeReminders);
    expect(reminder).toMatchObject({ meetingId: due, eventId, supplyProvince: '79', demandProvince: '01' });
  });
});

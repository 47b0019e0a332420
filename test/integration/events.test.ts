import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { createBullmqBackend } from '../../src/jobs/bullmq.js';
import type { QueueBackend } from '../../src/jobs/queue.js';
import type { RunningWorker } from '../../src/jobs/worker-runtime.js';
import { createKey, createTestApp, testLogger } from '../helpers/app.js';
import { createPostgresDatabase, dropQueuePrefix, redisUrl, testQueuePrefix, type TestDatabase } from '../helpers/context.js';
import { allMeetings, get, makeEvent, makeSession, moveTo, post, waitForSchedule } from '../helpers/events.js';
import { startMatchingWorker } from '../helpers/matching.js';
import { create, makeExpert, makeOffer, makeOrganization } from '../helpers/registry.js';

/**
 * Each endpoint: happy path, validation, not found / conflict, and who may do what. The schedule
 * jobs go through BullMQ on the real Redis here (the flow test uses the in-process queue).
 */
const ctx = {} as { db: TestDatabase; app: App; queue: QueueBackend };
const prefix = testQueuePrefix();
let worker: RunningWorker;
let portal22 = '';
let portal79 = '';
let reader = '';
const as = (key: string) => ({ authorization: `Bearer ${key}` });

beforeAll(async () => {
  ctx.db = await createPostgresDatabase();
  ctx.queue = createBullmqBackend({ url: redisUrl(), prefix, log: testLogger });
  ctx.app = await createTestApp({ database: ctx.db.database, queue: ctx.queue });
  worker = await startMatchingWorker(ctx.db.database, ctx.queue);
  portal22 = await createKey(ctx.db.database, 'portal', ['22']);
  portal79 = await createKey(ctx.db.database, 'portal', ['79']);
  reader = await createKey(ctx.db.database, 'reader');
});
afterAll(async () => {
  await worker?.close();
  await ctx.app?.close();
  await ctx.queue?.close();
  await ctx.db?.drop();
  await dropQueuePrefix(prefix);
});

const problemPaths = (res: { json: () => { errors?: { path: string }[] } }) => (res.json().errors ?? []).map((e) => e.path);

describe('events', () => {
  it('creates an event in planning with the default time zone, an ETag and a Location', async () => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/events', payload: makeEvent(), headers: as(portal22) });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ status: 'planning', timeZone: 'Asia/Ho_Chi_Minh', currentProvince: '22', version: 1, kind: 'techconnect' });
    expect(res.headers.etag).toBe('"1"');
    expect(res.headers.location).toBe(`/v1/events/${body.id}`);
  });

  it.each([
    [{ timeZone: 'Mars/Olympus' }, 'body.timeZone'],
    [{ kind: 'party' }, 'body.kind'],
    [{ province: '99' }, 'body.province'],
    [{ name: {} }, 'body.name'],
    [{ organiser: 'me' }, ''],
  ])('refuses %o naming the field', async (override, path) => {
    const res = await ctx.app.inject({ method: 'POST', url: '/v1/events', payload: makeEvent(override) });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    if (path) expect(problemPaths(res)).toContain(path);
  });

  it('lets a portal create events only in its provinces, and readers nothing', async () => {
    const foreign = await ctx.app.inject({ method: 'POST', url: '/v1/events', payload: makeEvent({ province: '79' }), headers: as(portal22) });
    expect(foreign.statusCode).toBe(403);
    expect(problemPaths(foreign)).toContain('body.province');
    const read = await ctx.app.inject({ method: 'GET', url: '/v1/events', headers: as(reader) });
    expect(read.statusCode).toBe(403);
  });

  it('changes with If-Match only (428 without, 412 stale), follows the lifecycle (409 otherwise), and hides itself from other portals for changes', async () => {
    const event = await post(ctx.app, '/v1/events', makeEvent());
    const url = `/v1/events/${event.id}`;
    expect((await ctx.app.inject({ method: 'PATCH', url, payload: { venue: 'Hạ Long' } })).statusCode).toBe(428);
    expect((await ctx.app.inject({ method: 'PATCH', url, payload: { venue: 'Hạ Long' }, headers: { 'if-match': '"7"' } })).statusCode).toBe(412);
    const ok = await ctx.app.inject({ method: 'PATCH', url, payload: { venue: 'Hạ Long', timeZone: 'Asia/Seoul' }, headers: { 'if-match': '"1"' } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ venue: 'Hạ Long', timeZone: 'Asia/Seoul', version: 2 });
    const jump = await ctx.app.inject({ method: 'PATCH', url, payload: { status: 'final' }, headers: { 'if-match': '*' } });
    expect(jump.statusCode).toBe(409);
    expect(jump.json().code).toBe('INVALID_TRANSITION');
    expect((await moveTo(ctx.app, event.id, 'registration')).status).toBe('registration');
    // Another province's portal reads events but cannot change them.
    expect((await ctx.app.inject({ method: 'GET', url, headers: as(portal79) })).statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'PATCH', url, payload: { venue: 'x' }, headers: { ...as(portal79), 'if-match': '*' } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'POST', url: `${url}/sessions`, payload: makeSession(), headers: as(portal79) })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: '/v1/events/7c1e0000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
  });

  it('lists newest first with a cursor and filters', async () => {
    await post(ctx.app, '/v1/events', makeEvent({ province: '79', name: { en: 'Techmart HCMC' }, kind: 'techmart' }));
    const page1 = await get(ctx.app, '/v1/events?limit=1');
    expect(page1.items).toHaveLength(1);
    const page2 = await get(ctx.app, `/v1/events?limit=1&cursor=${page1.nextCursor}`);
    expect(page2.items[0].id).not.toBe(page1.items[0].id);
    const hcmc = await get(ctx.app, '/v1/events?province=79');
    expect(hcmc.items.every((e: { currentProvince: string }) => e.currentProvince === '79')).toBe(true);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/events?limit=1&status=closed&cursor=${page1.nextCursor}` })).statusCode).toBe(400);
  });
});

describe('setup, requests and a first schedule', () => {
  let eventId = '';
  let sessionA = '';
  let sessionB = '';
  const parts: Record<string, string> = {};

  beforeAll(async () => {
    eventId = (await post(ctx.app, '/v1/events', makeEvent({ mode: 'onsite' }))).id;
  });

  it('adds sessions (15–30 minute slots, 1–40 of them) and lists them in time order', async () => {
    const bad = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/sessions`, payload: makeSession({ slotMinutes: 10, slotCount: 41 }) });
    expect(bad.statusCode).toBe(400);
    expect(problemPaths(bad)).toEqual(expect.arrayContaining(['body.slotMinutes', 'body.slotCount']));
    const noOffset = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/sessions`, payload: makeSession({ startsAt: '2026-12-01T08:30:00' }) });
    expect(noOffset.statusCode).toBe(400);
    sessionB = (await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ name: 'Chiều', startsAt: '2026-12-01T13:30:00+07:00', slotCount: 4 }))).id;
    sessionA = (await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ slotCount: 4 }))).id;
    const list = await get(ctx.app, `/v1/events/${eventId}/sessions`);
    expect(list.items.map((s: { id: string }) => s.id)).toEqual([sessionA, sessionB]);
  });

  it('adds tables and online rooms (a room needs its link template; labels are unique)', async () => {
    const room = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/locations`, payload: { kind: 'online_room', label: 'Phòng 1' } });
    expect(room.statusCode).toBe(400);
    expect(problemPaths(room)).toContain('body.onlineLinkTemplate');
    await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'online_room', label: 'Phòng 1', onlineLinkTemplate: 'https://meet.example/{event}/{meeting}' });
    for (const label of ['Bàn 01', 'Bàn 02']) await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'table', label });
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/locations`, payload: { kind: 'table', label: 'Bàn 01' } })).statusCode).toBe(409);
    expect((await get(ctx.app, `/v1/events/${eventId}/locations`)).items).toHaveLength(3);
  });

  it('registers participants with their offers, languages and blocked slots', async () => {
    const orgs = await Promise.all(['S1', 'S2', 'D1', 'D2', 'D3'].map((n) => create(ctx.app, 'organizations', makeOrganization({ province: '22', name: { vi: n === 'S1' ? '=HYPERLINK("http://x") Tổ chức S1' : `Tổ chức ${n}` } }))));
    const offer = await create(ctx.app, 'offers', makeOffer(orgs[0]!.id));
    const foreignOffer = await create(ctx.app, 'offers', makeOffer(orgs[1]!.id));
    const missing = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/participants`, payload: { side: 'supply' } });
    expect(problemPaths(missing)).toContain('body.organizationId');
    const notOwn = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/participants`, payload: { side: 'supply', organizationId: orgs[0]!.id, offerIds: [foreignOffer.id] } });
    expect(notOwn.statusCode).toBe(400);
    expect(problemPaths(notOwn)).toContain('body.offerIds.0');
    const badSlot = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/participants`, payload: { side: 'supply', organizationId: orgs[0]!.id, blocked: [{ sessionId: sessionA, slots: [9] }] } });
    expect(problemPaths(badSlot)).toContain('body.blocked.0.slots');
    parts.S1 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'supply', organizationId: orgs[0]!.id, offerIds: [offer.id], blocked: [{ sessionId: sessionA, slots: [0, 1] }] })).id;
    parts.S2 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'supply', organizationId: orgs[1]!.id, languages: ['ko'], interpreterNeed: ['vi-ko'], maxMeetings: 2 })).id;
    for (const [i, n] of ['D1', 'D2', 'D3'].entries()) parts[n] = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'demand', organizationId: orgs[i + 2]!.id, languages: ['vi'] })).id;
    const expert = await create(ctx.app, 'experts', makeExpert({ province: '22', languages: [{ code: 'vi', level: 'native' }, { code: 'ko', level: 'fluent' }], roles: ['interpreter'] }));
    parts.E1 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'expert', expertId: expert.id, languages: ['vi', 'ko'] })).id;
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/participants`, payload: { side: 'supply', organizationId: orgs[0]!.id } })).statusCode).toBe(409);
    expect((await get(ctx.app, `/v1/events/${eventId}/participants`)).items).toHaveLength(6);
  });

  it('replaces availability (the participant’s sessions and slots only)', async () => {
    const bad = await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/${parts.D1}/availability`, payload: { blocked: [{ sessionId: '7c1e0000-0000-4000-8000-000000000000', slots: [1] }] } });
    expect(problemPaths(bad)).toContain('body.blocked.0.sessionId');
    const ok = await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/${parts.D1}/availability`, payload: { blocked: [{ sessionId: sessionB, slots: [0, 1, 2, 3] }] } });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().blocked).toEqual([{ sessionId: sessionB, slots: [0, 1, 2, 3] }]);
    expect((await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/7c1e0000-0000-4000-8000-000000000000/availability`, payload: { blocked: [] } })).statusCode).toBe(404);
  });

  it('takes ad-hoc requests: the other side accepts or declines; a pair only once; preferences on accepted ones', async () => {
    const self = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/requests`, payload: { requesterId: parts.S1, otherId: parts.S1 } });
    expect(problemPaths(self)).toContain('body.otherId');
    const pairs: [string, string][] = [['S1', 'D1'], ['S1', 'D2'], ['S1', 'D3'], ['S2', 'D1'], ['S2', 'D2'], ['S2', 'D3']];
    const ids: string[] = [];
    for (const [a, b] of pairs) {
      const r = await post(ctx.app, `/v1/events/${eventId}/requests`, { requesterId: parts[a], otherId: parts[b], note: `${a} muốn gặp ${b}` });
      expect(r.status).toBe('requested');
      ids.push(r.id);
    }
    const twice = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/requests`, payload: { requesterId: parts.D1, otherId: parts.S1 } });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().code).toBe('PAIR_EXISTS');
    const wrongSide = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/requests/${ids[0]}/decision`, payload: { participantId: parts.S1, decision: 'accept' } });
    expect(wrongSide.statusCode).toBe(409);
    for (const [i, [, b]] of pairs.entries()) {
      const d = await post(ctx.app, `/v1/events/${eventId}/requests/${ids[i]}/decision`, { participantId: parts[b], decision: i === 5 ? 'decline' : 'accept' }, 200);
      expect(d.status).toBe(i === 5 ? 'declined' : 'accepted');
    }
    const must = await post(ctx.app, `/v1/events/${eventId}/requests/${ids[3]}/decision`, { participantId: parts.D1, decision: 'must_meet' }, 200);
    expect(must.priority).toBe(1050);
    expect(must.interpreterIds).toEqual([parts.E1]);
    const none = await post(ctx.app, `/v1/events/${eventId}/requests/${ids[2]}/decision`, { participantId: parts.D3, decision: 'no_thanks' }, 200);
    expect(none.status).toBe('cancelled');
    const accepted = await get(ctx.app, `/v1/events/${eventId}/requests?status=accepted`);
    expect(accepted.items).toHaveLength(4);
    expect(accepted.items[0].priority).toBe(1050);
  });

  it('schedules (202) only while registering or scheduling, then reads the run: nobody twice at once, blocked slots free, interpreters attend', async () => {
    const early = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/schedule`, payload: {} });
    expect(early.statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule` })).statusCode).toBe(404);
    await moveTo(ctx.app, eventId, 'registration');
    const bad = await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/schedule`, payload: { timeBudgetMs: -1, extra: true } });
    expect(bad.statusCode).toBe(400);
    const queued = await post(ctx.app, `/v1/events/${eventId}/schedule`, { timeBudgetMs: 200 }, 202);
    expect(queued.status).toBe('queued');
    const run = await waitForSchedule(ctx.app, eventId, queued.id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.requests).toBe(4);
    expect(run.placed).toBe(4);
    expect(run.unplaced).toEqual([]);
    expect((await get(ctx.app, `/v1/events/${eventId}`)).status).toBe('provisional');
    const meetings = await allMeetings(ctx.app, eventId);
    expect(meetings).toHaveLength(run.placed);
    const busy = new Set<string>();
    for (const m of meetings) {
      expect(m.status).toBe('tentative');
      expect(m.mode).toBe('onsite');
      expect(m.locationLabel).toMatch(/^Bàn/);
      for (const p of m.participantIds) {
        expect(busy.has(`${p}@${m.slot}`)).toBe(false);
        busy.add(`${p}@${m.slot}`);
      }
      expect(busy.has(`table:${m.locationId}@${m.slot}`)).toBe(false);
      busy.add(`table:${m.locationId}@${m.slot}`);
      // S1 cannot make the first two morning slots; D1 has no afternoon.
      if (m.participantIds.includes(parts.S1 as string)) expect(m.sessionId === sessionA && m.slotInSession < 2).toBe(false);
      if (m.participantIds.includes(parts.D1 as string)) expect(m.sessionId).toBe(sessionA);
    }
    const s2d1 = meetings.find((m) => m.participantIds.includes(parts.S2 as string) && m.participantIds.includes(parts.D1 as string));
    expect(s2d1?.participantIds).toContain(parts.E1);
    expect(meetings.filter((m) => m.participantIds.includes(parts.S2 as string)).length).toBeLessThanOrEqual(2);
    const bySession = await allMeetings(ctx.app, eventId, `sessionId=${sessionA}`);
    expect(bySession.every((m) => m.sessionId === sessionA)).toBe(true);
    const byParticipant = await allMeetings(ctx.app, eventId, `participantId=${parts.S1}`);
    expect(byParticipant.every((m) => m.participantIds.includes(parts.S1 as string))).toBe(true);
  });

  it('exports the schedule with table numbers, spreadsheet formulas neutralised', async () => {
    const res = await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule/export` });
    expect(res.statusCode).toBe(200);
    const rows = res.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows).toHaveLength(5);
    expect(rows.slice(1).every((r) => /,Bàn 0[12],onsite,/.test(r))).toBe(true);
    expect(res.body).toContain(`"'=HYPERLINK(""http://x"") Tổ chức S1"`);
    expect(res.body).not.toMatch(/(^|,)"?=HYPERLINK/m);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule/export?format=pdf` })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule/export`, headers: as(portal79) })).statusCode).toBe(404);
  });

  it('answers 404 for unknown requests and meetings, and 400 for bad filters', async () => {
    const none = '7c1e0000-0000-4000-8000-000000000000';
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/requests/${none}/decision`, payload: { participantId: none, decision: 'accept' } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'PATCH', url: `/v1/events/${eventId}/meetings/${none}`, payload: { locked: true } })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/meetings?status=lost` })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/schedule/publish`, headers: as(portal79) })).statusCode).toBe(404);
  });
});

describe('repair after publication', () => {
  it('moves a confirmed meeting only when a new request cannot be placed otherwise', async () => {
    const eventId = (await post(ctx.app, '/v1/events', makeEvent({ mode: 'onsite', name: { vi: 'Phiên kết nối nhỏ' } }))).id;
    const session = (await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ slotCount: 2 }))).id;
    await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'table', label: 'Bàn 01' });
    const org = async (n: string) => (await create(ctx.app, 'organizations', makeOrganization({ province: '22', name: { vi: `Đơn vị ${n}` } }))).id;
    const s1 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'supply', organizationId: await org('S') })).id;
    // D1 can only make slot 0 at first, so S1–D1 lands there.
    const d1 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'demand', organizationId: await org('D1'), blocked: [{ sessionId: session, slots: [1] }] })).id;
    const d2 = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'demand', organizationId: await org('D2') })).id;
    const first = await post(ctx.app, `/v1/events/${eventId}/requests`, { requesterId: s1, otherId: d1 });
    await post(ctx.app, `/v1/events/${eventId}/requests/${first.id}/decision`, { participantId: d1, decision: 'accept' }, 200);
    await moveTo(ctx.app, eventId, 'registration');
    const queued = await post(ctx.app, `/v1/events/${eventId}/schedule`, { timeBudgetMs: 50 }, 202);
    expect((await waitForSchedule(ctx.app, eventId, queued.id)).placed).toBe(1);
    await post(ctx.app, `/v1/events/${eventId}/schedule/publish`, undefined, 200);
    const [meeting] = await allMeetings(ctx.app, eventId);
    expect(meeting?.slot).toBe(0);

    // D1 is now free all day and D2 cannot make slot 1: S1–D2 fits only if S1–D1 moves to slot 1.
    await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/${d1}/availability`, payload: { blocked: [] } });
    await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/${d2}/availability`, payload: { blocked: [{ sessionId: session, slots: [1] }] } });
    const repairs = async () => ((await get(ctx.app, `/v1/events/${eventId}/schedule`)) as { status: string; trigger: string; moved: number });
    const quiet = await waitForSchedule(ctx.app, eventId);
    expect(quiet.moved).toBe(0);
    expect((await allMeetings(ctx.app, eventId))[0]?.slot).toBe(0);

    const second = await post(ctx.app, `/v1/events/${eventId}/requests`, { requesterId: d2, otherId: s1 });
    await post(ctx.app, `/v1/events/${eventId}/requests/${second.id}/decision`, { participantId: s1, decision: 'accept' }, 200);
    const run = await waitForSchedule(ctx.app, eventId);
    expect(run.status).toBe('succeeded');
    expect((await repairs()).trigger).toBe('new_request');
    expect(run.moved).toBe(1);
    const after = await allMeetings(ctx.app, eventId);
    expect(after.map((m) => [m.requestId, m.slot, m.status])).toEqual([
      [second.id, 0, 'confirmed'],
      [first.id, 1, 'confirmed'],
    ]);
  });
});

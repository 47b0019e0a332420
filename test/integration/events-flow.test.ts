import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startWorker, type RunningWorker } from '../../src/jobs/worker-runtime.js';
import { loadDemoData, readDemoData } from '../../src/modules/demo/demo.loader.js';
import { matchingSettings } from '../../src/modules/matching/params.js';
import { testLogger, useTestApp } from '../helpers/app.js';
import { eventually } from '../helpers/context.js';
import { allMeetings, get, makeEvent, makeSession, moveTo, post, waitForSchedule, type Meeting } from '../helpers/events.js';
import { allProposals, runMatching } from '../helpers/matching.js';

/**
 * The whole story at a Techconnect: proposals both sides accepted become requests, the worker
 * schedules them, a locked meeting survives a re-run, the schedule is published, a cancellation
 * and a changed availability are repaired locally with webhooks to those affected, and every
 * participant gets an agenda (JSON and .ics) while the organiser exports the lot.
 */
const ctx = useTestApp({ config: { WEBHOOK_ALLOW_LOOPBACK: 'true' } });
let worker: RunningWorker;
let server: Server;
let hookUrl = '';
const received: { type: string; data: Record<string, unknown> }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += String(c)));
    req.on('end', () => {
      received.push(JSON.parse(body));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  await loadDemoData(ctx.db.database.db, await readDemoData());
  worker = await startWorker({
    database: ctx.db.database,
    backend: ctx.queue,
    log: testLogger,
    concurrency: 2,
    heartbeatMs: 60_000,
    allowLoopbackWebhooks: true,
    matching: matchingSettings(loadConfig({ MATCH_DEBOUNCE_MS: '100' })),
  });
});
afterAll(async () => {
  await worker?.close();
  await new Promise((r) => server.close(r));
});

const octets = (s: string) => Buffer.byteLength(s, 'utf8');
const unfold = (ics: string) => ics.replace(/\r\n /g, '');
const same = (a: Meeting, b: Meeting) => a.slot === b.slot && a.locationId === b.locationId;

describe('an event from accepted proposals to check-in', () => {
  let eventId = '';
  const sessions: string[] = [];
  const partOfOrg = new Map<string, string>();
  let onlineOrg = '';
  let expertPart = '';
  let provisional: Meeting[] = [];
  let published: Meeting[] = [];

  it('pulls every mutually accepted proposal between registered organisations, once per pair', async () => {
    const run = await runMatching(ctx.app);
    expect(run.status, run.error ?? '').toBe('succeeded');
    const proposals = (await allProposals(ctx.app, 'status=proposed')).slice(0, 14);
    expect(proposals.length).toBeGreaterThanOrEqual(8);
    for (const p of proposals) {
      for (const side of ['supply', 'demand']) await post(ctx.app, `/v1/proposals/${p.id}/decisions`, { side, decision: 'accept' }, 200);
    }
    eventId = (await post(ctx.app, '/v1/events', makeEvent({ mode: 'hybrid' }))).id;
    sessions.push((await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ slotCount: 6 }))).id);
    sessions.push((await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ name: 'Chiều', startsAt: '2026-12-01T13:30:00+07:00', slotCount: 6 }))).id);
    for (let t = 1; t <= 4; t++) await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'table', label: `Bàn ${String(t).padStart(2, '0')}` });
    await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'online_room', label: 'Online A', onlineLinkTemplate: 'https://meet.example/{event}/{meeting}' });

    const orgOf = async (kind: 'offers' | 'demands', id: string) => (await get(ctx.app, `/v1/${kind}/${id}`)).organizationId as string;
    const sides = new Map<string, 'supply' | 'demand'>();
    for (const p of proposals) {
      sides.set(`supply:${await orgOf('offers', p.offerId)}`, 'supply');
      sides.set(`demand:${await orgOf('demands', p.demandId)}`, 'demand');
    }
    let i = 0;
    for (const key of sides.keys()) {
      const [side, org] = key.split(':') as ['supply' | 'demand', string];
      const online = side === 'demand' && !onlineOrg;
      if (online) onlineOrg = org;
      const body = { side, organizationId: org, attendance: online ? 'online' : 'onsite', ...(i === 1 && { blocked: [{ sessionId: sessions[0], slots: [0, 1, 2] }] }) };
      partOfOrg.set(key, (await post(ctx.app, `/v1/events/${eventId}/participants`, body)).id);
      i++;
    }
    const suggested = proposals.find((p) => p.experts.length > 0)?.experts[0]?.expertId;
    expect(suggested).toBeDefined();
    expertPart = (await post(ctx.app, `/v1/events/${eventId}/participants`, { side: 'expert', expertId: suggested })).id;
    const pulled = await post(ctx.app, `/v1/events/${eventId}/requests/from-proposals`, undefined, 200);
    expect(pulled.created).toBeGreaterThan(0);
    expect(pulled.notRegistered).toBe(0);
    const again = await post(ctx.app, `/v1/events/${eventId}/requests/from-proposals`, undefined, 200);
    expect(again).toEqual({ created: 0, existing: (pulled.created as number) + (pulled.existing as number), notRegistered: 0 });
    const requests = (await get(ctx.app, `/v1/events/${eventId}/requests`)).items as { source: string; status: string; priority: number; pairKey?: string }[];
    expect(requests.length).toBe(pulled.created);
    expect(requests.every((r) => r.source === 'proposal' && r.status === 'accepted' && r.priority > 0)).toBe(true);
    expect(requests.some((r) => (r as unknown as { expertIds: string[] }).expertIds.includes(expertPart))).toBe(true);
  });

  it('schedules them with no double booking, blocked slots kept free, tables for onsite and links for online meetings', async () => {
    await moveTo(ctx.app, eventId, 'registration');
    const queued = await post(ctx.app, `/v1/events/${eventId}/schedule`, { timeBudgetMs: 300 }, 202);
    const run = await waitForSchedule(ctx.app, eventId, queued.id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.placed).toBeGreaterThan(0);
    provisional = await allMeetings(ctx.app, eventId);
    expect(provisional).toHaveLength(run.placed);
    const participants = (await get(ctx.app, `/v1/events/${eventId}/participants`)).items as { id: string; blocked: { sessionId: string; slots: number[] }[] }[];
    const busy = new Set<string>();
    for (const m of provisional) {
      for (const p of m.participantIds) {
        expect(busy.has(`${p}@${m.slot}`), `${p} twice in slot ${m.slot}`).toBe(false);
        busy.add(`${p}@${m.slot}`);
        const blocked = participants.find((x) => x.id === p)?.blocked ?? [];
        expect(blocked.some((b) => b.sessionId === m.sessionId && b.slots.includes(m.slotInSession))).toBe(false);
      }
      if (m.mode === 'onsite') {
        expect(m.locationLabel).toMatch(/^Bàn/);
        expect(busy.has(`table ${m.locationId}@${m.slot}`)).toBe(false);
        busy.add(`table ${m.locationId}@${m.slot}`);
      } else expect(m.onlineLink).toBe(`https://meet.example/${eventId}/${m.id}`);
    }
    const online = partOfOrg.get(`demand:${onlineOrg}`) as string;
    expect(provisional.filter((m) => m.participantIds.includes(online)).every((m) => m.mode === 'online')).toBe(true);
  });

  it('keeps a locked meeting where it is when the schedule is re-run', async () => {
    const target = provisional.find((m) => m.mode === 'onsite') as Meeting;
    const locked = await ctx.app.inject({ method: 'PATCH', url: `/v1/events/${eventId}/meetings/${target.id}`, payload: { locked: true } });
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json().locked).toBe(true);
    for (const seed of [7, 8]) {
      const queued = await post(ctx.app, `/v1/events/${eventId}/schedule`, { timeBudgetMs: 200, seed }, 202);
      expect((await waitForSchedule(ctx.app, eventId, queued.id)).status).toBe('succeeded');
      const after = (await allMeetings(ctx.app, eventId)).find((m) => m.requestId === target.requestId) as Meeting;
      expect(after.id).toBe(target.id);
      expect(same(after, target)).toBe(true);
      expect(after.locked).toBe(true);
    }
  });

  it('publishes: every meeting confirmed, the event final, the provinces told', async () => {
    const sub = await ctx.app.inject({ method: 'POST', url: '/v1/webhooks', payload: { url: hookUrl, eventTypes: ['meeting.scheduled', 'meeting.changed'] } });
    expect(sub.statusCode, sub.body).toBe(201);
    const event = await post(ctx.app, `/v1/events/${eventId}/schedule/publish`, undefined, 200);
    expect(event.status).toBe('final');
    expect(event.publishedAt).toBeTruthy();
    published = await allMeetings(ctx.app, eventId);
    expect(published.every((m) => m.status === 'confirmed')).toBe(true);
    await eventually(async () => (received.filter((r) => r.type === 'meeting.scheduled').length >= published.length ? true : undefined), 20_000);
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/schedule`, payload: {} })).statusCode).toBe(409);
    expect((await ctx.app.inject({ method: 'POST', url: `/v1/events/${eventId}/sessions`, payload: makeSession() })).statusCode).toBe(409);
  });

  it('repairs a cancellation locally: the others stay put, and both sides hear of it', async () => {
    const victim = published.find((m) => !m.locked) as Meeting;
    const res = await ctx.app.inject({ method: 'PATCH', url: `/v1/events/${eventId}/meetings/${victim.id}`, payload: { status: 'cancelled', cancelReason: 'Doanh nghiệp bận đột xuất' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('cancelled');
    const run = await eventually(async () => {
      const r = (await get(ctx.app, `/v1/events/${eventId}/schedule`)) as { kind: string; trigger: string; status: string; moved: number };
      return r.kind === 'repair' && r.trigger === 'cancellation' && r.status === 'succeeded' ? r : undefined;
    }, 30_000);
    expect(run.moved).toBe(0);
    const now = await allMeetings(ctx.app, eventId);
    for (const before of published.filter((m) => m.id !== victim.id)) expect(same(now.find((m) => m.id === before.id) as Meeting, before)).toBe(true);
    const changed = await eventually(async () => received.find((r) => r.type === 'meeting.changed' && r.data.id === victim.id), 20_000);
    expect(changed.data).toMatchObject({ resource: 'meetings', eventId, action: 'cancelled', status: 'cancelled' });
    const linked = await get(ctx.app, changed.data.url as string);
    expect(linked).toMatchObject({ id: victim.id, status: 'cancelled', cancelReason: 'Doanh nghiệp bận đột xuất' });
    const again = await ctx.app.inject({ method: 'PATCH', url: `/v1/events/${eventId}/meetings/${victim.id}`, payload: { locked: true } });
    expect(again.statusCode).toBe(409);
    published = now.filter((m) => m.status === 'confirmed');
  });

  it('moves a confirmed meeting only when a participant can no longer make its slot', async () => {
    const moving = published.find((m) => !m.locked && m.mode === 'onsite') as Meeting;
    const who = moving.participantIds[1] as string;
    const res = await ctx.app.inject({ method: 'PUT', url: `/v1/events/${eventId}/participants/${who}/availability`, payload: { blocked: [{ sessionId: moving.sessionId, slots: [moving.slotInSession] }] } });
    expect(res.statusCode, res.body).toBe(200);
    const run = await eventually(async () => {
      const r = (await get(ctx.app, `/v1/events/${eventId}/schedule`)) as { trigger: string; status: string; moved: number; unplaced: unknown[] };
      return r.trigger === 'availability' && r.status === 'succeeded' ? r : undefined;
    }, 30_000);
    const now = await allMeetings(ctx.app, eventId);
    const after = now.find((m) => m.id === moving.id) as Meeting;
    expect(after.status).toBe('confirmed');
    expect(after.slot).not.toBe(moving.slot);
    expect(run.moved).toBeGreaterThanOrEqual(1);
    await eventually(async () => received.find((r) => r.type === 'meeting.changed' && r.data.id === moving.id && r.data.action === 'repair'), 20_000);
    const untouched = published.filter((m) => m.id !== moving.id && !m.participantIds.includes(who) && !moving.participantIds.includes(m.participantIds[0] as string));
    for (const before of untouched) expect(same(now.find((m) => m.id === before.id) as Meeting, before), before.id).toBe(true);
    published = now.filter((m) => m.status === 'confirmed');
  });

  it('places a request accepted after publication without moving anyone else, and tells its sides', async () => {
    const parts = (await get(ctx.app, `/v1/events/${eventId}/participants`)).items as { id: string; side: string }[];
    const requests = (await get(ctx.app, `/v1/events/${eventId}/requests`)).items as { requesterId: string; otherId: string }[];
    const paired = new Set(requests.map((r) => [r.requesterId, r.otherId].sort().join(':')));
    const supply = parts.filter((p) => p.side === 'supply');
    const demand = parts.filter((p) => p.side === 'demand');
    const pair = supply.flatMap((s) => demand.map((d) => [s.id, d.id] as const)).find(([a, b]) => !paired.has([a, b].sort().join(':'))) as readonly [string, string];
    const created = await post(ctx.app, `/v1/events/${eventId}/requests`, { requesterId: pair[0], otherId: pair[1], note: 'Gặp thêm sau khi công bố' });
    await post(ctx.app, `/v1/events/${eventId}/requests/${created.id}/decision`, { participantId: pair[1], decision: 'accept' }, 200);
    const run = await eventually(async () => {
      const r = (await get(ctx.app, `/v1/events/${eventId}/schedule`)) as { trigger: string; status: string; moved: number; unplaced: { requestId: string }[] };
      return r.trigger === 'new_request' && r.status === 'succeeded' ? r : undefined;
    }, 30_000);
    const now = await allMeetings(ctx.app, eventId);
    const added = now.find((m) => m.requestId === created.id);
    expect(added, JSON.stringify(run.unplaced)).toBeDefined();
    expect(added?.status).toBe('confirmed');
    expect(run.moved).toBe(0);
    for (const before of published) expect(same(now.find((m) => m.id === before.id) as Meeting, before), before.id).toBe(true);
    await eventually(async () => received.find((r) => r.type === 'meeting.scheduled' && r.data.id === added?.id && r.data.action === 'repair'), 20_000);
    published = now.filter((m) => m.status === 'confirmed');
  });

  it("gives each participant an agenda as JSON and as an RFC 5545 calendar in the event's time zone", async () => {
    const meeting = (published.find((m) => m.mode === 'onsite' && m.participantIds.includes(expertPart)) ?? published.find((m) => m.mode === 'onsite')) as Meeting;
    const pid = meeting.participantIds[0] as string;
    const agenda = await get(ctx.app, `/v1/events/${eventId}/participants/${pid}/agenda`);
    expect(agenda.timeZone).toBe('Asia/Ho_Chi_Minh');
    const entry = agenda.meetings.find((m: { meetingId: string }) => m.meetingId === meeting.id);
    expect(entry).toMatchObject({ location: meeting.locationLabel, with: { participantId: meeting.participantIds[1] } });
    expect(entry.with.name.length).toBeGreaterThan(0);
    expect(entry.localStart).toMatch(/^2026-12-01 (0[89]|1\d):\d\d$/);

    for (const request of [{ url: `/v1/events/${eventId}/participants/${pid}/agenda?format=ics`, headers: {} }, { url: `/v1/events/${eventId}/participants/${pid}/agenda`, headers: { accept: 'text/calendar' } }]) {
      const res = await ctx.app.inject({ method: 'GET', ...request });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/calendar/);
      const ics = res.body;
      expect(ics.endsWith('\r\n')).toBe(true);
      expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      const lines = ics.split('\r\n').slice(0, -1);
      for (const line of lines) expect(octets(line), line).toBeLessThanOrEqual(75);
      const logical = unfold(ics).split('\r\n');
      expect(logical).toContain('BEGIN:VTIMEZONE');
      expect(logical).toContain('TZID:Asia/Ho_Chi_Minh');
      expect(logical).toContain('TZOFFSETTO:+0700');
      const local = entry.localStart.replace(/[-: ]/g, '').replace(/^(\d{8})(\d{4})$/, '$1T$200');
      expect(logical).toContain(`DTSTART;TZID=Asia/Ho_Chi_Minh:${local}`);
      expect(logical.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(agenda.meetings.length);
      const summary = logical.find((l) => l.startsWith('SUMMARY:') && l.includes(entry.with.name.replace(/([,;\\])/g, '\\$1').slice(0, 10)));
      expect(summary).toBeDefined();
      expect(logical).toContain(`LOCATION:${meeting.locationLabel}`);
      if (meeting.participantIds.includes(expertPart)) expect(logical.some((l) => l.startsWith('DESCRIPTION:Chuyên gia / Experts: ') && l.includes(entry.experts[0].name.slice(0, 8)))).toBe(true);
      // A long Vietnamese name is folded somewhere: continuation lines start with one space.
      expect(logical.some((l) => octets(l) > 75)).toBe(true);
      expect(lines.some((l) => l.startsWith(' '))).toBe(true);
    }
  });

  it("exports the organiser's schedule as CSV and XLSX with table numbers", async () => {
    const csv = await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule/export?format=csv` });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const rows = csv.body.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(rows[0]).toBe('slot,sessionId,slotInSession,start,end,table,mode,supply,demand,experts,onlineLink,status,locked,meetingId');
    const all = await allMeetings(ctx.app, eventId);
    expect(rows).toHaveLength(all.length + 1);
    expect(rows.some((r) => r.includes('Bàn 0'))).toBe(true);
    const xlsx = await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule/export?format=xlsx` });
    expect(xlsx.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('schedule');
    expect(sheet?.rowCount).toBe(all.length + 1);
    expect(sheet?.getRow(1).getCell(6).value).toBe('table');
  });

  it('records check-in results with a rating from each side', async () => {
    const meeting = published[0] as Meeting;
    const url = `/v1/events/${eventId}/meetings/${meeting.id}/result`;
    const bad = await ctx.app.inject({ method: 'POST', url, payload: { outcome: 'held', participantId: meeting.participantIds[0], rating: 6 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].path).toBe('body.rating');
    const first = await post(ctx.app, url, { outcome: 'held', participantId: meeting.participantIds[0], rating: 5, comment: 'Rất hữu ích, sẽ ký NDA' }, 200);
    const second = await post(ctx.app, url, { outcome: 'held', participantId: meeting.participantIds[1], rating: 4 }, 200);
    expect(first.status).toBe('held');
    expect(second.feedback).toHaveLength(2);
    const held = await allMeetings(ctx.app, eventId, 'status=held');
    expect(held.map((m) => m.id)).toEqual([meeting.id]);
  });
});

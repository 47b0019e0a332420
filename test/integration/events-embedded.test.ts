import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningWorker } from '../../src/jobs/worker-runtime.js';
import { useTestApp } from '../helpers/app.js';
import { createEmbeddedDatabase } from '../helpers/context.js';
import { allMeetings, get, makeEvent, makeSession, moveTo, post, waitForSchedule } from '../helpers/events.js';
import { startMatchingWorker } from '../helpers/matching.js';
import { create, makeOrganization } from '../helpers/registry.js';

/** The embedded default (PGlite, in-process jobs) schedules, publishes and repairs the same way. */
const ctx = useTestApp({ createDb: createEmbeddedDatabase });
let worker: RunningWorker;

beforeAll(async () => {
  worker = await startMatchingWorker(ctx.db.database, ctx.queue);
});
afterAll(async () => {
  await worker?.close();
});

describe('events on the embedded database', () => {
  it('schedules, publishes, repairs a cancellation and serves an agenda', async () => {
    const eventId = (await post(ctx.app, '/v1/events', makeEvent({ mode: 'hybrid' }))).id;
    await post(ctx.app, `/v1/events/${eventId}/sessions`, makeSession({ slotCount: 4 }));
    await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'table', label: 'Bàn 01' });
    await post(ctx.app, `/v1/events/${eventId}/locations`, { kind: 'online_room', label: 'Online', onlineLinkTemplate: 'https://meet.example/{event}/{meeting}' });
    const parts: string[] = [];
    for (const [i, side] of (['supply', 'supply', 'demand', 'demand'] as const).entries()) {
      const org = await create(ctx.app, 'organizations', makeOrganization({ province: '22', name: { vi: `Đơn vị ${i}` } }));
      parts.push((await post(ctx.app, `/v1/events/${eventId}/participants`, { side, organizationId: org.id, attendance: i === 3 ? 'online' : 'onsite' })).id);
    }
    for (const [a, b] of [[0, 2], [0, 3], [1, 2], [1, 3]] as const) {
      const r = await post(ctx.app, `/v1/events/${eventId}/requests`, { requesterId: parts[a], otherId: parts[b] });
      await post(ctx.app, `/v1/events/${eventId}/requests/${r.id}/decision`, { participantId: parts[b], decision: 'accept' }, 200);
    }
    await moveTo(ctx.app, eventId, 'registration');
    const queued = await post(ctx.app, `/v1/events/${eventId}/schedule`, { timeBudgetMs: 100 }, 202);
    const run = await waitForSchedule(ctx.app, eventId, queued.id);
    expect(run.status, run.error ?? '').toBe('succeeded');
    expect(run.placed).toBe(4);
    await post(ctx.app, `/v1/events/${eventId}/schedule/publish`, undefined, 200);
    const meetings = await allMeetings(ctx.app, eventId);
    expect(meetings.filter((m) => m.mode === 'online').every((m) => m.onlineLink?.endsWith(m.id))).toBe(true);
    const victim = meetings[0]!;
    const cancel = await ctx.app.inject({ method: 'PATCH', url: `/v1/events/${eventId}/meetings/${victim.id}`, payload: { status: 'cancelled' } });
    expect(cancel.statusCode, cancel.body).toBe(200);
    const repair = await waitForSchedule(ctx.app, eventId);
    expect(repair).toMatchObject({ kind: 'repair', status: 'succeeded', moved: 0 });
    const after = await allMeetings(ctx.app, eventId, 'status=confirmed');
    expect(after.map((m) => [m.id, m.slot])).toEqual(meetings.slice(1).map((m) => [m.id, m.slot]));
    const ics = await ctx.app.inject({ method: 'GET', url: `/v1/events/${eventId}/participants/${parts[0]}/agenda?format=ics` });
    expect(ics.statusCode).toBe(200);
    expect(ics.body).toContain('DTSTART;TZID=Asia/Ho_Chi_Minh:20261201T');
    expect((await get(ctx.app, `/v1/events/${eventId}`)).status).toBe('final');
  });
});

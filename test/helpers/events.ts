import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import { eventually } from './context.js';

export const makeEvent = (overrides: Record<string, unknown> = {}) => ({
  name: { vi: 'Techconnect Quảng Ninh 2026', en: 'Techconnect Quang Ninh 2026' },
  kind: 'techconnect',
  venue: 'Cung Quy hoạch, Hội chợ và Triển lãm Quảng Ninh',
  province: '22',
  mode: 'hybrid',
  languages: ['vi', 'en', 'ko'],
  ...overrides,
});

export const makeSession = (overrides: Record<string, unknown> = {}) => ({ name: 'Sáng', startsAt: '2026-12-01T08:30:00+07:00', slotMinutes: 20, bufferMinutes: 5, slotCount: 6, ...overrides });

type Json = Record<string, unknown> & { id: string };

/** POSTs and expects the status, returning the JSON body. */
export async function post(app: App, url: string, payload: unknown, status = 201, headers: Record<string, string> = {}): Promise<Json> {
  const res = await app.inject({ method: 'POST', url, payload: payload as object, headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(status);
  return res.json();
}

export async function get(app: App, url: string, headers: Record<string, string> = {}) {
  const res = await app.inject({ method: 'GET', url, headers });
  expect(res.statusCode, `${url}: ${res.body}`).toBe(200);
  return res.json();
}

/** Moves an event along its lifecycle with If-Match. */
export async function moveTo(app: App, eventId: string, status: string) {
  const current = await app.inject({ method: 'GET', url: `/v1/events/${eventId}` });
  const res = await app.inject({ method: 'PATCH', url: `/v1/events/${eventId}`, payload: { status }, headers: { 'if-match': String(current.headers.etag) } });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

export type Run = { id: string; status: string; placed: number; requests: number; totalGaps: number; unplaced: { requestId: string; reason: string }[]; moved: number; kind: string; error: string | null };

/** Waits until the event's latest run (or a given one) has finished. */
export async function waitForSchedule(app: App, eventId: string, runId?: string, timeoutMs = 60_000): Promise<Run> {
  return eventually(
    async () => {
      const run = (await app.inject({ method: 'GET', url: `/v1/events/${eventId}/schedule` })).json() as Run;
      if (runId && run.id !== runId) return undefined;
      return run.status === 'succeeded' || run.status === 'failed' ? run : undefined;
    },
    timeoutMs,
    100,
  );
}

export type Meeting = { id: string; requestId: string; slot: number; sessionId: string; slotInSession: number; locationId: string | null; locationLabel: string | null; mode: string; onlineLink: string | null; participantIds: string[]; status: string; locked: boolean; startsAt: string; endsAt: string; version: number };

export async function allMeetings(app: App, eventId: string, query = ''): Promise<Meeting[]> {
  const out: Meeting[] = [];
  let cursor: string | null = null;
  do {
    const body = await get(app, `/v1/events/${eventId}/meetings?limit=50${query ? `&${query}` : ''}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    out.push(...(body.items as Meeting[]));
    cursor = body.nextCursor as string | null;
  } while (cursor);
  return out;
}

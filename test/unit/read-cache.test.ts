import { describe, expect, it } from 'vitest';
import type { Scope } from '../../src/db/scope.js';
import { ReadCache } from '../../src/modules/registry/read-cache.js';

const P79: Scope = { role: 'portal', provinces: ['79'] };
const P01: Scope = { role: 'portal', provinces: ['01'] };
const READER: Scope = { role: 'reader', provinces: [] };
const record = (text: string, etag = '"1"') => ({ body: Buffer.from(text), etag });

function listening(options: { maxBytes?: number; now?: () => number } = {}) {
  const cache = new ReadCache({ maxBytes: options.maxBytes ?? 1_000_000, ...(options.now && { now: options.now }) });
  cache.setListening(true);
  return cache;
}

describe('ReadCache', () => {
  it('serves nothing and stores nothing until it listens for changes, and forgets everything when listening stops', () => {
    const cache = new ReadCache({ maxBytes: 1_000_000 });
    cache.set('offers', 'a', P79, record('{}'), cache.token());
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
    cache.setListening(true);
    cache.set('offers', 'a', P79, record('{"a":1}'), cache.token());
    expect(cache.get('offers', 'a', P79)?.body.toString()).toBe('{"a":1}');
    cache.setListening(false);
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
    cache.setListening(true);
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
  });

  it('keeps one copy per scope: what one scope was shown is never served to another', () => {
    const cache = listening();
    cache.set('experts', 'e', P79, record('{"email":"x@y.vn"}'), cache.token());
    expect(cache.get('experts', 'e', P79)?.body.toString()).toBe('{"email":"x@y.vn"}');
    expect(cache.get('experts', 'e', P01)).toBeUndefined();
    expect(cache.get('experts', 'e', READER)).toBeUndefined();
    // The same provinces in another order are the same scope.
    cache.set('offers', 'o', { role: 'portal', provinces: ['79', '01'] }, record('{}'), cache.token());
    expect(cache.get('offers', 'o', { role: 'portal', provinces: ['01', '79'] })).toBeDefined();
  });

  it('a notification drops every scope of that record and nothing else', () => {
    const cache = listening();
    cache.set('offers', 'a', P79, record('1'), cache.token());
    cache.set('offers', 'a', READER, record('2'), cache.token());
    cache.set('offers', 'b', P79, record('3'), cache.token());
    cache.set('demands', 'a', P79, record('4'), cache.token());
    cache.onNotification('offers:a');
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
    expect(cache.get('offers', 'a', READER)).toBeUndefined();
    expect(cache.get('offers', 'b', P79)?.body.toString()).toBe('3');
    expect(cache.get('demands', 'a', P79)?.body.toString()).toBe('4');
  });

  it('never stores a read that started before an invalidation (it may hold the replaced version)', () => {
    const cache = listening();
    const token = cache.token();
    cache.onNotification('offers:a');
    cache.set('offers', 'a', P79, record('stale'), token);
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
    cache.set('offers', 'a', P79, record('fresh', '"2"'), cache.token());
    expect(cache.get('offers', 'a', P79)).toMatchObject({ etag: '"2"' });
  });

  it('stays within its byte budget, dropping the least recently read records first', () => {
    const body = 'x'.repeat(1_000);
    const budget = 16 * 1_200;
    const cache = listening({ maxBytes: budget });
    const ids = Array.from({ length: 40 }, (_, i) => `r${i}`);
    for (const id of ids) cache.set('offers', id, P79, record(body), cache.token());
    expect(cache.size.bytes).toBeLessThanOrEqual(budget);
    const held = ids.filter((id) => cache.get('offers', id, P79) !== undefined);
    expect(held).toEqual(ids.slice(40 - held.length));
    expect(held.length).toBeGreaterThanOrEqual(15);
    // Reading the oldest survivor makes it young again: the next write evicts the one after it.
    const [oldest, second] = held as [string, string];
    cache.get('offers', oldest, P79);
    cache.set('offers', 'r40', P79, record(body), cache.token());
    expect(cache.get('offers', oldest, P79)).toBeDefined();
    expect(cache.get('offers', second, P79)).toBeUndefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(budget);
  });

  it('keeps its reading order through invalidations, scopes and clears (least recently read goes first)', () => {
    const body = 'x'.repeat(1_000);
    const cache = listening({ maxBytes: 16 * 1_200 });
    for (const id of ['a', 'b', 'c', 'd']) cache.set('offers', id, P79, record(body), cache.token());
    cache.set('demands', 'a', P79, record(body), cache.token());
    cache.set('offers', 'b', READER, record(body), cache.token());
    expect(cache.size.records).toBe(5);
    cache.invalidate('offers', 'c');
    cache.get('offers', 'a', P79);
    expect(cache.size).toEqual({ records: 4, bytes: 5 * 1_160 });
    // Order now, oldest first: offers d, demands a, offers b (both scopes), offers a.
    for (let i = 0; i < 13; i++) cache.set('experts', `e${i}`, READER, record(body), cache.token());
    expect(cache.size.bytes).toBeLessThanOrEqual(16 * 1_200);
    expect(cache.get('offers', 'd', P79)).toBeUndefined();
    expect(cache.get('demands', 'a', P79)).toBeUndefined();
    expect(cache.get('offers', 'b', READER)).toBeDefined();
    expect(cache.get('offers', 'a', P79)).toBeDefined();
    cache.clear();
    expect(cache.size).toEqual({ records: 0, bytes: 0 });
    cache.set('offers', 'z', P79, record(body), cache.token());
    expect(cache.get('offers', 'z', P79)).toBeDefined();
    expect(cache.size.records).toBe(1);
  });

  it('a scope that can still change is keyed afresh on every use (only frozen scopes are remembered)', () => {
    const cache = listening();
    const scope = { role: 'portal' as const, provinces: ['79'] };
    cache.set('offers', 'a', scope, record('79 only'), cache.token());
    expect(cache.get('offers', 'a', scope)).toBeDefined();
    scope.provinces.push('01');
    expect(cache.get('offers', 'a', scope)).toBeUndefined();
    const frozen = Object.freeze({ role: 'portal' as const, provinces: Object.freeze(['01', '79']) });
    expect(cache.get('offers', 'a', frozen)).toBeUndefined();
    cache.set('offers', 'a', frozen, record('both'), cache.token());
    expect(cache.get('offers', 'a', scope)?.body.toString()).toBe('both');
    expect(cache.get('offers', 'a', frozen)?.body.toString()).toBe('both');
  });

  it('expires entries at the next UTC midnight, when a published record may turn "expired"', () => {
    let now = Date.UTC(2026, 10, 29, 23, 59, 0);
    const cache = listening({ now: () => now });
    cache.set('offers', 'a', P79, record('{}'), cache.token());
    expect(cache.get('offers', 'a', P79)).toBeDefined();
    now = Date.UTC(2026, 10, 30, 0, 0, 0);
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
    expect(cache.size.records).toBe(0);
  });

  it('with a budget of 0 it is off', () => {
    const cache = new ReadCache({ maxBytes: 0 });
    cache.setListening(true);
    expect(cache.active).toBe(false);
    cache.set('offers', 'a', P79, record('{}'), cache.token());
    expect(cache.get('offers', 'a', P79)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { nextDelay } from '../../src/jobs/in-process.js';

describe('nextDelay (in-process job schedulers)', () => {
  it.each([
    // 02:00 in Ho Chi Minh City is 19:00 UTC the day before.
    ['nightly at 02:00 ICT, asked at 18:00 UTC', { cron: '0 2 * * *', timeZone: 'Asia/Ho_Chi_Minh' }, '2026-11-21T18:00:00Z', 3_600_000],
    ['nightly at 02:00 ICT, asked just after', { cron: '0 2 * * *', timeZone: 'Asia/Ho_Chi_Minh' }, '2026-11-21T19:00:01Z', 24 * 3_600_000 - 1_000],
    ['every 5 minutes, UTC', { cron: '*/5 * * * *' }, '2026-11-22T10:02:00Z', 180_000],
    ['fixed interval', { everyMs: 30_000 }, '2026-11-22T10:02:00Z', 30_000],
  ])('%s', (_name, repeat, now, expected) => {
    expect(nextDelay(repeat, new Date(now))).toBe(expected);
  });
});

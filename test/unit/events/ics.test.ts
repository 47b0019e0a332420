import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, fixedOffset, foldLine, localStamp, offsetMinutes } from '../../../src/modules/events/ics.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('iCalendar text', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b;c', 'a\\,b\\;c'],
    ['back\\slash', 'back\\\\slash'],
    ['two\nlines', 'two\\nlines'],
    ['crlf\r\nend', 'crlf\\nend'],
  ])('escapes %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });

  it.each([
    ['short', 1],
    ['x'.repeat(75), 1],
    ['x'.repeat(76), 2],
    [`SUMMARY:${'Gặp Viện Khoa học vật liệu – Viện Hàn lâm Khoa học và Công nghệ Việt Nam '.repeat(3)}`, 0],
    [`DESCRIPTION:${'한국 기업과의 기술 협력 '.repeat(10)}`, 0],
  ])('folds %j into lines of at most 75 octets without splitting a character', (line, count) => {
    const folded = foldLine(line);
    const parts = folded.split('\r\n');
    if (count > 0) expect(parts).toHaveLength(count);
    for (const p of parts) expect(octets(p)).toBeLessThanOrEqual(75);
    for (const p of parts.slice(1)) expect(p.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n /g, '')).toBe(line);
    expect(folded).not.toContain('\uFFFD');
  });
});

describe('time zones', () => {
  it.each([
    ['Asia/Ho_Chi_Minh', '2026-12-01T01:30:00Z', 420, '20261201T083000', 420],
    ['Asia/Seoul', '2026-12-01T01:30:00Z', 540, '20261201T103000', 540],
    ['Europe/Berlin', '2026-07-01T10:00:00Z', 120, '20260701T120000', null],
  ])('%s at %s: offset %i, wall clock %s, fixed offset %s', (zone, at, offset, wall, fixed) => {
    const d = new Date(at);
    expect(offsetMinutes(d, zone)).toBe(offset);
    expect(localStamp(d, zone)).toBe(wall);
    expect(fixedOffset(zone, d)).toBe(fixed);
  });

  it.each([
    ['Asia/Ho_Chi_Minh', 'DTSTART;TZID=Asia/Ho_Chi_Minh:20261201T083000', true],
    ['Europe/Berlin', 'DTSTART:20261201T013000Z', false],
  ])('writes %s times as %s (VTIMEZONE: %s)', (zone, dtstart, vtimezone) => {
    const ics = buildCalendar({
      name: 'Techconnect, 2026; test',
      timeZone: zone,
      events: [{ uid: 'm1@ketnoi', sequence: 2, stamp: new Date('2026-11-01T00:00:00Z'), start: new Date('2026-12-01T01:30:00Z'), end: new Date('2026-12-01T01:50:00Z'), summary: 'Gặp A, B', location: 'Bàn 01', status: 'CONFIRMED' }],
    });
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(lines).toContain(dtstart);
    expect(lines.includes('BEGIN:VTIMEZONE')).toBe(vtimezone);
    expect(lines).toContain('SUMMARY:Gặp A\\, B');
    expect(lines).toContain('X-WR-CALNAME:Techconnect\\, 2026\\; test');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
  });
});

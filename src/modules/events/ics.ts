/**
 * RFC 5545 calendars, hand-written: the format is small and the rules that matter are exact
 * (CRLF line ends, folding at 75 octets without splitting a UTF-8 character, TEXT escaping).
 */

export interface IcsEvent {
  uid: string;
  sequence: number;
  stamp: Date;
  start: Date;
  end: Date;
  summary: string;
  description?: string;
  location?: string;
  url?: string;
  status: 'TENTATIVE' | 'CONFIRMED' | 'CANCELLED';
}

/** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r\n|\r|\n/g, '\\n');
}

/** Folds a content line into chunks of at most 75 octets; continuation lines start with one space. */
export function foldLine(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  let limit = 75;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = ' ';
      octets = 1;
      limit = 75;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
export const utcStamp = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}T${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}Z`;

/** Wall-clock time in a zone as YYYYMMDDTHHMMSS. */
export function localStamp(d: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}T${parts.hour}${parts.minute}${parts.second}`;
}

/** The zone's UTC offset at a moment, in minutes. */
export function offsetMinutes(d: Date, timeZone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

const offsetText = (minutes: number) => `${minutes < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(minutes) / 60))}${pad(Math.abs(minutes) % 60)}`;

/**
 * A zone with one offset all year (Vietnam, Korea) gets a VTIMEZONE and TZID times. A zone with
 * daylight saving would need its rules spelled out; its times are written in UTC instead, which
 * every client shows correctly.
 */
export function fixedOffset(timeZone: string, around: Date): number | null {
  const year = around.getUTCFullYear();
  const offsets = [0, 3, 6, 9].map((month) => offsetMinutes(new Date(Date.UTC(year, month, 1)), timeZone));
  return offsets.every((o) => o === offsets[0]) ? (offsets[0] as number) : null;
}

export function buildCalendar(args: { name: string; timeZone: string; events: IcsEvent[] }): string {
  const first = args.events[0]?.start ?? new Date();
  const offset = fixedOffset(args.timeZone, first);
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//ketnoi//events//EN', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH', `X-WR-CALNAME:${escapeText(args.name)}`, `X-WR-TIMEZONE:${args.timeZone}`];
  if (offset !== null) {
    lines.push('BEGIN:VTIMEZONE', `TZID:${args.timeZone}`, 'BEGIN:STANDARD', 'DTSTART:19700101T000000', `TZOFFSETFROM:${offsetText(offset)}`, `TZOFFSETTO:${offsetText(offset)}`, `TZNAME:${offsetText(offset)}`, 'END:STANDARD', 'END:VTIMEZONE');
  }
  const time = (key: string, d: Date) => (offset !== null ? `${key};TZID=${args.timeZone}:${localStamp(d, args.timeZone)}` : `${key}:${utcStamp(d)}`);
  for (const e of args.events) {
    lines.push('BEGIN:VEVENT', `UID:${e.uid}`, `SEQUENCE:${e.sequence}`, `DTSTAMP:${utcStamp(e.stamp)}`, time('DTSTART', e.start), time('DTEND', e.end), `SUMMARY:${escapeText(e.summary)}`);
    if (e.location) lines.push(`LOCATION:${escapeText(e.location)}`);
    if (e.description) lines.push(`DESCRIPTION:${escapeText(e.description)}`);
    if (e.url) lines.push(`URL:${e.url}`);
    lines.push(`STATUS:${e.status}`, 'END:VEVENT');
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

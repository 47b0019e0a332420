import { describe, expect, it } from 'vitest';
import { TRANSITIONS } from '../../../src/modules/events/access.js';
import { isTimeZone } from '../../../src/modules/events/events.schemas.js';
import { pairKeyOf, pickInterpreters } from '../../../src/modules/events/requests.service.js';
import type { ParticipantRow } from '../../../src/modules/events/setup.service.js';

const part = (id: string, side: ParticipantRow['side'], languages: string[], interpreterNeed: string[] = []) => ({ id, side, languages, interpreterNeed }) as ParticipantRow;

describe('event lifecycle', () => {
  it.each([
    ['planning', 'registration', true],
    ['planning', 'final', false],
    ['registration', 'scheduling', true],
    ['scheduling', 'provisional', true],
    ['provisional', 'final', false],
    ['final', 'running', true],
    ['final', 'provisional', false],
    ['running', 'closed', true],
    ['closed', 'running', false],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(TRANSITIONS[from].includes(to)).toBe(allowed);
  });

  it('never reaches final by a status change (only by publishing)', () => {
    for (const next of Object.values(TRANSITIONS)) expect(next).not.toContain('final');
  });
});

describe('pairs and interpreters', () => {
  it('keys a pair the same whichever side asks', () => {
    expect(pairKeyOf('b', 'a')).toBe(pairKeyOf('a', 'b'));
    expect(pairKeyOf('a', 'b')).not.toBe(pairKeyOf('a', 'c'));
  });

  const experts = [part('x-ko', 'expert', ['vi', 'ko']), part('x-ko2', 'expert', ['ko', 'vi', 'en']), part('x-en', 'expert', ['vi', 'en']), part('s', 'supply', ['vi', 'ko'])];
  it.each([
    ['no need', [part('a', 'supply', ['vi']), part('b', 'demand', ['vi'])], new Map<string, number>(), []],
    ['a Korean firm and a Vietnamese one', [part('a', 'supply', ['ko'], ['vi-ko']), part('b', 'demand', ['vi'])], new Map<string, number>(), ['x-ko']],
    ['the least loaded interpreter', [part('a', 'supply', ['ko'], ['vi-ko']), part('b', 'demand', ['vi'])], new Map([['x-ko', 3]]), ['x-ko2']],
    ['both already speak Korean', [part('a', 'supply', ['ko'], ['vi-ko']), part('b', 'demand', ['vi', 'ko'])], new Map<string, number>(), []],
    ['two needs, two interpreters', [part('a', 'supply', ['ko'], ['vi-ko', 'en-vi']), part('b', 'demand', ['en'])], new Map<string, number>(), ['x-en', 'x-ko']],
    ['only one expert speaks both', [part('a', 'supply', ['ko'], ['en-ko']), part('b', 'demand', ['en'])], new Map<string, number>(), ['x-ko2']],
  ])('%s', (_name, pair, load, expected) => {
    expect(pickInterpreters(experts, pair, load).sort()).toEqual(expected.sort());
  });
});

describe('time zones', () => {
  it.each([
    ['Asia/Ho_Chi_Minh', true],
    ['Asia/Seoul', true],
    ['UTC', true],
    ['Mars/Olympus', false],
    ['Etc/GMT+7', true],
    ['', false],
    [' Asia/Seoul', false],
  ])('%j is a time zone: %s', (zone, ok) => {
    expect(isTimeZone(zone)).toBe(ok);
  });
});

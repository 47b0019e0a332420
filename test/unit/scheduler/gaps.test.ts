import { describe, expect, it } from 'vitest';
import { countGaps } from '../../../src/modules/events/scheduler/index.js';

const oneSession = new Array<number>(10).fill(0);
const twoSessions = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];

describe('countGaps', () => {
  it.each([
    ['no meetings', [], oneSession, false, 0],
    ['one meeting', [3], oneSession, false, 0],
    ['back to back', [2, 3, 4], oneSession, false, 0],
    ['idle before and after is not a gap', [4, 5], oneSession, false, 0],
    ['one idle slot', [1, 3], oneSession, false, 1],
    ['a long idle run is still one gap', [1, 7], oneSession, false, 1],
    ['two gaps', [0, 2, 3, 6], oneSession, false, 2],
    ['order of input does not matter', [6, 0, 3, 2], oneSession, false, 2],
    ['idle across sessions ignored', [3, 7], twoSessions, false, 0],
    ['idle across sessions counted when asked', [3, 7], twoSessions, true, 1],
    ['consecutive across the boundary is no gap either way', [4, 5], twoSessions, true, 0],
    ['gap inside a session still counts', [5, 7, 9], twoSessions, false, 2],
  ])('%s', (_name, busy, sessions, across, expected) => {
    expect(countGaps(busy, sessions, across)).toBe(expected);
  });
});

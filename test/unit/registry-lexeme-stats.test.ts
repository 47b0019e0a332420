import { describe, expect, it } from 'vitest';
import { walkCanFill, type LexemeFrequencies } from '../../src/modules/registry/lexeme-stats.js';

const stats = (table: Record<string, number>, floor: number): LexemeFrequencies => ({ of: (l) => table[l] ?? floor });

describe('walkCanFill: whether walking the most recent rows can be expected to fill a page', () => {
  const f = stats({ xu: 0.07, ly: 0.12, say: 0.034, wastewater: 0.0066 }, 0.0034);

  it('walks when the rarest syllable may be in three times the rows the page needs', () => {
    expect(walkCanFill(f, ['xu', 'ly'], 10_000, 21)).toBe(true);
    expect(walkCanFill(f, ['say', 'ly'], 10_000, 21)).toBe(true);
    expect(walkCanFill(f, ['wastewater'], 10_000, 21)).toBe(true);
  });

  it('skips the walk when the rarest syllable is too rare (a listed one, or one rarer than every listed)', () => {
    expect(walkCanFill(f, ['wastewater', 'ly'], 3_000, 21)).toBe(false);
    expect(walkCanFill(f, ['냉동', '창고'], 10_000, 21)).toBe(false);
    // The same syllables suffice for a smaller page or a longer walk.
    expect(walkCanFill(f, ['냉동'], 10_000, 10)).toBe(true);
    expect(walkCanFill(f, ['wastewater'], 3_000, 6)).toBe(true);
  });

  it('walks whenever there are no statistics (a table never analysed)', () => {
    expect(walkCanFill(undefined, ['냉동'], 10_000, 21)).toBe(true);
    expect(walkCanFill(f, [], 10_000, 21)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { walkCanFill, type LexemeFrequencies } from '../../src/modules/registry/lexeme-stats.js';

const stats = (table: Record<string, number>, floor: number): LexemeFrequencies => ({ of: (l) => table[l] ?? floor });

describe('walkCanFill: whether walking the most recent rows can fill a page', () => {
  const f = stats({ xu: 0.07, ly: 0.12, say: 0.034, wastewater: 0.0066 }, 0.0034);

  it('walks when every syllable is common enough for need rows among the walked ones', () => {
    expect(walkCanFill(f, ['xu', 'ly'], 3_000, 21)).toBe(true);
    expect(walkCanFill(f, ['say', 'ly'], 3_000, 21)).toBe(true);
  });

  it('skips the walk when the rarest syllable cannot give need rows (a listed one, or one rarer than every listed)', () => {
    expect(walkCanFill(f, ['wastewater', 'ly'], 3_000, 21)).toBe(false);
    expect(walkCanFill(f, ['냉동', '창고'], 3_000, 21)).toBe(false);
    // The same syllable suffices for a smaller page or a longer walk.
    expect(walkCanFill(f, ['wastewater'], 3_000, 19)).toBe(true);
    expect(walkCanFill(f, ['냉동'], 10_000, 21)).toBe(true);
  });

  it('walks whenever there are no statistics (a table never analysed)', () => {
    expect(walkCanFill(undefined, ['냉동'], 3_000, 21)).toBe(true);
    expect(walkCanFill(f, [], 3_000, 21)).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { splitRange, summaryKind, type Dimension } from '../../src/modules/stats/stats.repository.js';

describe('statistics layer: what a query reads', () => {
  it('splits a date range into whole months and the days around them, and picks the monthly sums only where they are exact', () => {
    expect(splitRange(undefined, undefined)).toEqual({ months: [undefined, undefined], days: [] });
    expect(splitRange('2025-01-01', '2025-06-30')).toEqual({ months: ['2025-01-01', '2025-06-01'], days: [] });
    expect(splitRange('2025-01-15', '2025-03-10')).toEqual({ months: ['2025-02-01', '2025-02-01'], days: [['2025-01-15', '2025-01-31'], ['2025-03-01', '2025-03-10']] });
    expect(splitRange('2024-02-10', '2024-02-29')).toEqual({ days: [['2024-02-10', '2024-02-29']] });
    expect(splitRange('2024-02-01', '2024-02-28')).toEqual({ days: [['2024-02-01', '2024-02-28']] });
    expect(splitRange('2025-12-20', undefined)).toEqual({ months: ['2026-01-01', undefined], days: [['2025-12-20', '2025-12-31']] });
    expect(splitRange(undefined, '2025-12-31')).toEqual({ months: [undefined, '2025-12-01'], days: [] });
    const kind = (by: Dimension[], mode: 'current' | 'recorded' = 'current', provinces?: string[]) => summaryKind(new Set(by), mode, provinces);
    expect(kind(['province', 'period'])).toEqual({ pmode: 1, dim: 0 });
    expect(kind(['province'], 'recorded')).toEqual({ pmode: 2, dim: 0 });
    expect(kind(['event', 'period'])).toEqual({ pmode: 0, dim: 2 });
    expect(kind(['period'], 'current', ['79'])).toEqual({ pmode: 1, dim: 0 });
    expect(kind(['period'], 'current', ['79', '01'])).toBeUndefined();
    expect(kind(['province'], 'recorded', ['79'])).toBeUndefined();
    expect(kind(['field', 'event'])).toBeUndefined();
    expect(kind(['province', 'field'])).toBeUndefined();
  });
});

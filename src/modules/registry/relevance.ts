import { and, desc, not, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import type { CursorState } from './cursor.js';
import type { RegistryTable } from './resource.js';
import type { SearchQuery } from './search.js';

/** Cursor value of a relevance page: "<tier>|<updatedAt ISO>". */
export function relevanceCursorValue(row: Record<string, unknown>): string {
  return `${String(row.tier)}|${(row.updatedAt as Date).toISOString()}`;
}

/**
 * Lists by relevance: tier (best first), then most recently updated, then id. Tiers are read one
 * after another, each ordered by (updated_at, id) and cut at what the page still needs, so
 * PostgreSQL reads it in index order (dense matches) or from the GIN bitmap (sparse ones) and never
 * ranks every match of a broad query.
 */
export async function listByRelevance(
  db: Db,
  t: RegistryTable,
  columns: Record<string, unknown>,
  base: SQL[],
  search: SearchQuery,
  limit: number,
  cursor: CursorState | undefined,
): Promise<Record<string, unknown>[]> {
  const count = search.tiers.length; // tiers 0..count-1 from the conditions; tier `count` is body-only
  let after: { tier: number; time: Date; id: string } | undefined;
  if (cursor && typeof cursor.value === 'string') {
    const [tier, time] = cursor.value.split('|');
    after = { tier: Number(tier), time: new Date(time ?? ''), id: cursor.id };
  }
  const rows: Record<string, unknown>[] = [];
  for (let tier = 0; tier <= count && rows.length <= limit; tier++) {
    // The cursor's tier continues after its row; better tiers are done; worse tiers start fresh.
    if (after && tier < after.tier) continue;
    // Title tokens are a subset of the full vector's, so a title tier implies the full match and
    // never has to test the large (TOASTed) full vector row by row.
    const conditions = [...base];
    if (tier < count) {
      conditions.push(search.tiers[tier] as SQL);
      const better = search.tiers.slice(0, tier);
      if (better.length > 0) conditions.push(not(or(...better) as SQL));
    } else {
      conditions.push(search.match, search.notInTitle);
    }
    if (after && tier === after.tier) conditions.push(sql`(${t.updatedAt}, ${t.id}) < (${after.time}, ${after.id})`);
    const page = (await db
      .select(columns as Record<string, never>)
      .from(t)
      .where(and(...conditions))
      .orderBy(desc(t.updatedAt), desc(t.id))
      .limit(limit + 1 - rows.length)) as Record<string, unknown>[];
    rows.push(...page.map((row) => ({ ...row, tier })));
  }
  return rows;
}

import { and, desc, getTableName, not, or, sql, type SQL } from 'drizzle-orm';
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
  walk?: { conditions: SQL[]; rows: number; canFill?: (tier: number, need: number) => boolean },
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
    const resume = after && tier === after.tier ? sql`(${t.updatedAt}, ${t.id}) < (${after.time}, ${after.id})` : undefined;
    if (resume) conditions.push(resume);
    const need = limit + 1 - rows.length;
    const query = (from: RegistryTable | ReturnType<typeof recentRows>) =>
      db
        .select(columns as Record<string, never>)
        .from(from as RegistryTable)
        .where(and(...conditions))
        .orderBy(desc(t.updatedAt), desc(t.id))
        .limit(need) as unknown as Promise<Record<string, unknown>[]>;
    // PostgreSQL estimates a phrase (or several syllables, or a syllable with a field it goes with)
    // as if each part were independent, so it expects a handful of matches where there are
    // thousands, and sorts them all instead of walking an index in order. Walk the most recent rows
    // first; when they do not fill the page, the matches are sparse and the GIN index (the full
    // query) is the right plan after all.
    let page: Record<string, unknown>[] | undefined;
    if (walk && tier < count && (walk.canFill?.(tier, need) ?? true)) {
      page = await query(recentRows(db, t, [...walk.conditions, ...(resume ? [resume] : [])], walk.rows));
      if (page.length < need) page = undefined;
    }
    page ??= await query(t);
    rows.push(...page.map((row) => ({ ...row, tier })));
  }
  return rows;
}

/**
 * The `rows` most recent rows passing `conditions`, in (updated_at, id) order: a subquery under the
 * table's own name, so conditions written against the table apply to it unchanged. The LIMIT makes
 * PostgreSQL walk an index in order (by updated_at, or by province then updated_at).
 */
function recentRows(db: Db, t: RegistryTable, conditions: SQL[], rows: number) {
  return db
    .select()
    .from(t)
    .where(and(...conditions))
    .orderBy(desc(t.updatedAt), desc(t.id))
    .limit(rows)
    .as(getTableName(t));
}

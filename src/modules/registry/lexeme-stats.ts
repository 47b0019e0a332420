import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

/**
 * How common each title syllable is in a search table, from PostgreSQL's own statistics (the
 * most common elements of title_vector that ANALYZE keeps; migration 0016). A list walks the most
 * recent rows in order only when the page can be found there: when one of a tier's syllables is
 * so rare that few of the walked rows can hold it, the walk would read all its rows for nothing
 * and the GIN index answers at once.
 */
export interface LexemeFrequencies {
  /** Fraction of rows whose title vector holds the syllable (at most). */
  of(lexeme: string): number;
}

interface Entry {
  value: LexemeFrequencies | undefined;
  loadedAt: number;
  loading?: Promise<void>;
}

/** Statistics change slowly (autovacuum's ANALYZE); read them again after this long. */
const REFRESH_MS = 10 * 60_000;

const cache = new WeakMap<Db, Map<string, Entry>>();

async function load(db: Db, table: string): Promise<LexemeFrequencies | undefined> {
  const [row] = await queryRows<{ lexemes: string[] | null; freqs: number[] | null }>(db, sql`SELECT lexemes, freqs FROM ketnoi_title_lexeme_stats(${table})`);
  if (!row?.lexemes || !row.freqs || row.lexemes.length === 0) return undefined;
  const freqs = row.freqs.map(Number);
  const map = new Map<string, number>();
  row.lexemes.forEach((lexeme, i) => map.set(lexeme, freqs[i] ?? 0));
  // A syllable that is not listed is rarer than every listed one.
  const floor = Math.min(...freqs);
  return { of: (lexeme) => map.get(lexeme) ?? floor };
}

/**
 * The frequencies for `table` (undefined while there are no statistics: the table was never
 * analysed, or the function is missing). The first call waits for them; later ones use what was
 * read and refresh it in the background.
 */
export async function lexemeFrequencies(db: Db, table: string, now = Date.now()): Promise<LexemeFrequencies | undefined> {
  let tables = cache.get(db);
  if (!tables) {
    tables = new Map();
    cache.set(db, tables);
  }
  let entry = tables.get(table);
  const refresh = (e: Entry) => {
    e.loading ??= load(db, table)
      .then((value) => {
        e.value = value;
      })
      .catch(() => {
        e.value = undefined;
      })
      .finally(() => {
        e.loadedAt = Date.now();
        e.loading = undefined;
      });
    return e.loading;
  };
  if (!entry) {
    entry = { value: undefined, loadedAt: 0 };
    tables.set(table, entry);
    await refresh(entry);
  } else if (now - entry.loadedAt > REFRESH_MS) {
    void refresh(entry);
  }
  return entry.value;
}

/**
 * The walk is worth it when at least MARGIN × need of the walked rows may hold the rarest
 * syllable: the frequency is an upper bound for the whole query, and the filters thin it further.
 */
const MARGIN = 3;

/** Whether walking `walkRows` rows can be expected to find `need` rows holding all these syllables. */
export function walkCanFill(frequencies: LexemeFrequencies | undefined, lexemes: string[], walkRows: number, need: number): boolean {
  if (!frequencies || lexemes.length === 0) return true;
  const rarest = Math.min(...lexemes.map((l) => frequencies.of(l)));
  return rarest * walkRows >= need * MARGIN;
}

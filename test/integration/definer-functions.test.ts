import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { createPostgresDatabase, type TestDatabase } from '../helpers/context.js';

/**
 * Functions that run as their owner (SECURITY DEFINER) must not become a way around the
 * application role's privileges: each searches public first and the temporary schema last, and the
 * application may execute none that returns a trigger (it could attach one to a table of its own).
 */
describe('functions that run as their owner', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createPostgresDatabase();
  }, 60_000);
  afterAll(async () => t?.drop());

  const definers = () =>
    t.database.asOwner((owner) =>
      queryRows<{ name: string; returns: string; config: string[] | null; app: boolean }>(
        owner,
        sql`SELECT p.oid::regprocedure::text AS name, p.prorettype::regtype::text AS returns, p.proconfig AS config,
                   has_function_privilege('ketnoi_app', p.oid, 'EXECUTE') AS app
            FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
            WHERE n.nspname = 'public' AND p.prosecdef ORDER BY 1`,
      ),
    );

  it('search public, then pg_temp last', async () => {
    const rows = await definers();
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.filter((r) => !(r.config ?? []).includes('search_path=public, pg_temp')).map((r) => r.name)).toEqual([]);
  });

  it('that return a trigger cannot be executed by the application', async () => {
    const rows = await definers();
    expect(rows.filter((r) => r.returns === 'trigger').length).toBeGreaterThan(10);
    expect(rows.filter((r) => r.returns === 'trigger' && r.app).map((r) => r.name)).toEqual([]);
  });

  it('the application cannot attach one to a table of its own', async () => {
    const db = t.database.db;
    const code = (statement: Promise<unknown>) => statement.then(() => 'allowed', (err: Error & { cause?: { code?: string } }) => err.cause?.code);
    await db.transaction(async (tx) => {
      await tx.execute(sql`CREATE TEMP TABLE mine (experts jsonb, status text) ON COMMIT DROP`);
      // 42501: insufficient privilege.
      expect(
        await code(tx.execute(sql`CREATE TRIGGER mine_load AFTER INSERT ON mine REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION ketnoi_expert_load_changed()`)),
      ).toBe('42501');
    });
  });
});

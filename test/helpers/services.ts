import pg from 'pg';

export interface Services {
  /** A PostgreSQL URL whose user may CREATE DATABASE (the maintenance database is fine). */
  databaseUrl: string;
  redisUrl: string;
  stop(): Promise<void>;
}

const HOW_TO =
  'Integration tests need PostgreSQL 15 and Redis 7. Set TEST_DATABASE_URL (a user that may CREATE DATABASE, ' +
  'e.g. postgres://postgres@127.0.0.1:5432/postgres) and TEST_REDIS_URL (e.g. redis://127.0.0.1:6379), ' +
  'or start a Docker engine so that testcontainers can run them.';

/**
 * Real PostgreSQL and Redis for the tests: from TEST_DATABASE_URL / TEST_REDIS_URL when set,
 * otherwise containers when a Docker engine answers, otherwise one clear error.
 */
export async function resolveServices(env: Record<string, string | undefined>): Promise<Services> {
  const databaseUrl = env.TEST_DATABASE_URL;
  const redisUrl = env.TEST_REDIS_URL;
  if (databaseUrl && redisUrl) return { databaseUrl, redisUrl, stop: async () => {} };

  let runtimeAnswers = false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await Promise.race([
      getContainerRuntimeClient(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 20_000).unref()),
    ]);
    runtimeAnswers = true;
  } catch {
    runtimeAnswers = false;
  }
  if (!runtimeAnswers) throw new Error(HOW_TO);

  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const { RedisContainer } = await import('@testcontainers/redis');
  const [postgres, redis] = await Promise.all([
    databaseUrl ? undefined : new PostgreSqlContainer('postgres:15-alpine').start(),
    redisUrl ? undefined : new RedisContainer('redis:7-alpine').start(),
  ]);
  return {
    databaseUrl: databaseUrl ?? (postgres as NonNullable<typeof postgres>).getConnectionUri(),
    redisUrl: redisUrl ?? (redis as NonNullable<typeof redis>).getConnectionUrl(),
    async stop() {
      await Promise.all([postgres?.stop(), redis?.stop()]);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

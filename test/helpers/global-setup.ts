import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/client.js';
import { migrateDatabase } from '../../src/db/migrate.js';
import { adminQuery, resolveServices, withDatabase } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
    redisUrl: string;
    runId: string;
  }
}

/** Starts (or finds) PostgreSQL and Redis once per run and migrates a template database. */
export default async function setup(project: TestProject) {
  const services = await resolveServices(process.env);
  const runId = randomBytes(4).toString('hex');
  const template = `ketnoi_tpl_${runId}`;
  await adminQuery(services.databaseUrl, `CREATE DATABASE ${template}`);
  const database = await openDatabase({ driver: 'postgres', url: withDatabase(services.databaseUrl, template), poolMax: 2 });
  try {
    await migrateDatabase(database);
  } finally {
    await database.close();
  }
  project.provide('adminDatabaseUrl', services.databaseUrl);
  project.provide('templateDatabase', template);
  project.provide('redisUrl', services.redisUrl);
  project.provide('runId', runId);

  return async () => {
    await adminQuery(services.databaseUrl, `DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await services.stop();
  };
}

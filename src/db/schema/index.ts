// The drizzle schema, one file per aggregate. drizzle-kit reads this file to generate migrations/.
export * from './system.js';

// The drizzle schema, one file per aggregate. drizzle-kit reads this file to generate migrations/.
export * from './access.js';
export * from './imports.js';
export * from './matching.js';
export * from './outcomes.js';
export * from './reference.js';
export * from './registry.js';
export * from './registry-search.js';
export * from './system.js';
export * from './webhooks.js';
export * from './events.js';
export * from './stats.js';

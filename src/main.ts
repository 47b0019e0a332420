// Entrypoint: API and worker in one process (the single-machine default).
import { createLogger } from './logger.js';
import { main } from './runtime.js';

await main(process.env, 'all', (config) => createLogger(config.LOG_LEVEL, { pretty: process.stdout.isTTY === true }));

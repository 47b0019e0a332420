// Entrypoint: a worker process alone, consuming jobs from Redis.
import { createLogger } from './logger.js';
import { main } from './runtime.js';

await main(process.env, 'worker', (config) => createLogger(config.LOG_LEVEL, { pretty: process.stdout.isTTY === true }));

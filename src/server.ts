// Entrypoint: the HTTP API alone; workers run as separate processes on Redis.
import { createLogger } from './logger.js';
import { main } from './runtime.js';

await main(process.env, 'api', (config) => createLogger(config.LOG_LEVEL, { pretty: process.stdout.isTTY === true }));

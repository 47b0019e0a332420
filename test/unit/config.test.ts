import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('loadConfig', () => {
  it('gives the embedded single-machine defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ HOST: 'localhost', PORT: 3000, LOG_LEVEL: 'info', DATA_DIR: '.data', QUEUE_PREFIX: 'ketnoi' });
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
  });

  it('treats empty strings as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', REDIS_URL: '  ', PORT: '' }).DATABASE_URL).toBeUndefined();
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['LOG_LEVEL', 'loud'],
    ['DATABASE_URL', 'mysql://localhost/x'],
    ['DATABASE_URL', 'not a url'],
    ['REDIS_URL', 'http://localhost:6379'],
    ['QUEUE_PREFIX', 'has space'],
    ['BODY_LIMIT', '-1'],
    ['NODE_ENV', 'staging'],
  ])('names the bad variable %s=%s', (variable, value) => {
    let error: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.variable)).toEqual([variable]);
    expect((error as ConfigError).message).toContain(`${variable}:`);
  });

  it('accepts real connection strings', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u:p@db:5432/ketnoi', REDIS_URL: 'rediss://cache:6380/0' });
    expect(config.DATABASE_URL).toBe('postgres://u:p@db:5432/ketnoi');
    expect(config.REDIS_URL).toBe('rediss://cache:6380/0');
  });

  it('ignores variables it does not know', () => {
    expect(() => loadConfig({ PATH: '/usr/bin', SOMETHING_ELSE: 'x' })).not.toThrow();
  });
});

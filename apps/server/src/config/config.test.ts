import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';
import { readEnv } from './env.js';

describe('configuration', () => {
  it('has defaults for a zero-config start on SQLite', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '0.0.0.0', databaseUrl: null, redisUrl: null, demo: false, scryptLog2N: 17 });
    expect(config.dataDir.endsWith('data')).toBe(true);
  });

  it('switches to PostgreSQL and Redis by URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@db/souk', REDIS_URL: 'redis://cache:6379', SOUK_DEMO: '1' });
    expect(config).toMatchObject({ databaseUrl: 'postgres://u@db/souk', redisUrl: 'redis://cache:6379', demo: true });
  });

  it('reports every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', SOUK_DEMO: 'maybe', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(4);
    }
  });

  it('reads only the variables it documents, ignoring empty ones', () => {
    expect(readEnv({ PORT: '8080', HOST: '', UNRELATED: 'x' })).toEqual({ PORT: '8080' });
  });
});

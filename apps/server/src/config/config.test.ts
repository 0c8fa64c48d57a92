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

  it('reads the feed settings, keeping the engine defaults where none is given', () => {
    expect(loadConfig({}).feed).toEqual({
      seenWindowDays: 3,
      signalBatchesPerMinute: 120,
      snapshotMinutes: 10,
      retrainHours: 24,
      logDays: 90,
      popularHalfLifeHours: 24,
      explorationShare: null,
      maxPerAuthor: null,
      objectiveWeights: {},
    });
    const feed = loadConfig({
      SOUK_FEED_SEEN_DAYS: '0',
      SOUK_FEED_RETRAIN_HOURS: '0',
      SOUK_FEED_LOG_DAYS: '30',
      SOUK_FEED_EXPLORATION_SHARE: '0.25',
      SOUK_FEED_MAX_PER_AUTHOR: '3',
      SOUK_FEED_OBJECTIVE_WEIGHTS: 'share=4, purchase=0.5',
    }).feed;
    expect(feed).toMatchObject({ seenWindowDays: 0, retrainHours: 0, logDays: 30, explorationShare: 0.25, maxPerAuthor: 3, objectiveWeights: { share: 4, purchase: 0.5 } });
    for (const [name, value] of [
      ['SOUK_FEED_EXPLORATION_SHARE', '0.9'],
      ['SOUK_FEED_EXPLORATION_SHARE', 'lots'],
      ['SOUK_FEED_MAX_PER_AUTHOR', '0'],
      ['SOUK_FEED_OBJECTIVE_WEIGHTS', 'likes=1'],
      ['SOUK_FEED_OBJECTIVE_WEIGHTS', 'like=-1'],
      ['SOUK_FEED_SIGNAL_BATCHES_PER_MINUTE', '0'],
    ] as const) {
      expect(() => loadConfig({ [name]: value }), `${name}=${value}`).toThrow(ConfigError);
    }
  });

  it('reads only the variables it documents, ignoring empty ones', () => {
    expect(readEnv({ PORT: '8080', HOST: '', UNRELATED: 'x' })).toEqual({ PORT: '8080' });
  });
});

import path from 'node:path';
import { Redis } from 'ioredis';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { Config } from '../config/config.js';
import { systemClock, type Clock } from './clock.js';
import { createDatabase, type Database } from './db/database.js';
import { InProcessBus, RedisBus, type EventBus } from './events/bus.js';
import { MemoryRateLimiter, RedisRateLimiter, type RateLimiter } from './http/rate-limiter.js';
import { DiskStorage } from './storage/disk-storage.js';
import { S3Storage } from './storage/s3-storage.js';
import type { ObjectStorage } from './storage/storage.js';

/** The infrastructure one process runs on, chosen from configuration: SQLite or PostgreSQL, in-process or Redis. */
export interface Platform {
  config: Config;
  logger: Logger;
  clock: Clock;
  database: Database;
  bus: EventBus;
  limiter: RateLimiter;
  storage: ObjectStorage;
  close(): Promise<void>;
}

export interface PlatformOptions {
  logger?: Logger;
  clock?: Clock;
  pgSchema?: string;
}

/** Never log a session token: not in headers (not logged at all), nor in the WebSocket's ?token=. */
function redactUrl(url: string): string {
  return url.replace(/([?&]token=)[^&]*/g, '$1[redacted]');
}

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.token', '*.password'], censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url), ip: req.ip }),
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

export async function openPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = createDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgSchema: options.pgSchema,
    onAfterCommitError: (error) => logger.error({ err: error }, 'after-commit hook failed'),
  });
  let bus: EventBus = new InProcessBus();
  let limiter: RateLimiter = new MemoryRateLimiter();
  let redis: Redis | null = null;
  if (config.redisUrl) {
    const redisBus = new RedisBus(config.redisUrl);
    await redisBus.whenReady();
    bus = redisBus;
    redis = new Redis(config.redisUrl, { maxRetriesPerRequest: 3 });
    limiter = new RedisRateLimiter(redis);
  }
  return {
    config,
    logger,
    clock: options.clock ?? systemClock,
    database,
    bus,
    limiter,
    storage: config.media.s3 ? new S3Storage(config.media.s3) : new DiskStorage(path.join(config.dataDir, 'media')),
    async close() {
      await bus.close();
      redis?.disconnect();
      await database.destroy();
    },
  };
}

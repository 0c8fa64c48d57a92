import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RANKING_OBJECTIVES, type RankingObjective } from '@souk/contracts';
import type { RawEnv } from './env.js';

export interface RateLimitConfig {
  signupPerIpPerHour: number;
  loginPerIpPerMinute: number;
  loginFailuresPerAccountPer15Min: number;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | null;
  redisUrl: string | null;
  demo: boolean;
  publicOrigin: string | null;
  trustProxy: boolean;
  bodyLimit: number;
  avatarMaxBytes: number;
  scryptLog2N: number;
  sessionDays: number;
  webDir: string;
  logLevel: string;
  rateLimits: RateLimitConfig;
  /** Authors with at least this many followers are read by pull, not written to inboxes. */
  fanoutThreshold: number;
  media: MediaConfig;
  wallet: WalletConfig;
  commerce: CommerceConfig;
  feed: FeedConfig;
}

export interface FeedConfig {
  /** How long an item served on a For You page stays out of For You. */
  seenWindowDays: number;
  /** Signal batches one user may send per minute (a client sends one every few seconds). */
  signalBatchesPerMinute: number;
  /** How often the learned model is saved (by one process of the deployment); 0 = only at shutdown. */
  snapshotMinutes: number;
  /** How often the model is retrained from the signal log's last `logDays` (by one process); 0 = never. */
  retrainHours: number;
  /** Days of the signal log a retrain reads; older rows already in the newest snapshot are pruned. */
  logDays: number;
  /** The popular mode's engagement halves in weight over this many hours. */
  popularHalfLifeHours: number;
  /** Share of each For You page kept for new items and new creators; null = the engine's default. */
  explorationShare: number | null;
  /** At most this many items by one author on a page; null = the engine's default. */
  maxPerAuthor: number | null;
  /** Weights of the ranking objectives; those not given keep the engine's defaults. */
  objectiveWeights: Partial<Record<RankingObjective, number>>;
}

export interface WalletConfig {
  currencies: string[];
  pinRequiredAbove: number;
  dailyLimit: number;
  groupCommit: boolean;
  /** 64 hex digits, or null for a key file in the data directory. */
  secretKey: string | null;
  /** Null: derived from the secret key. */
  webhookSecret: string | null;
  sandboxBankDelayMs: number;
}

export interface CommerceConfig {
  /** How long an unpaid order keeps its stock reserved before it is cancelled. */
  reservationMinutes: number;
  /** Days after delivery before an order the buyer has not confirmed completes by itself (escrow released). */
  autoCompleteDays: number;
  /** Days a seller has to ship a paid order before it is cancelled and refunded. */
  shipWithinDays: number;
  /** Days after shipping before a shipped order never marked delivered completes by itself (the buyer has not confirmed or asked for a refund). */
  shippedCompleteDays: number;
  /** Days a seller has to answer a refund request before it is granted. */
  refundAnswerDays: number;
  /** The platform's fee on each completed order, in basis points of what the buyer kept. */
  platformFeeBp: number;
}

export interface S3Config {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export interface MediaConfig {
  imageMaxBytes: number;
  videoMaxBytes: number;
  quotaBytes: number;
  /** Null: media on local disk under dataDir. */
  s3: S3Config | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

/** Validates the raw environment and derives defaults; throws ConfigError listing every problem at once. */
export function loadConfig(env: RawEnv, overrides: Partial<Config> = {}): Config {
  const problems: string[] = [];

  const int = (name: keyof RawEnv, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined) return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return Number(raw);
  };
  const flag = (name: keyof RawEnv, fallback: boolean): boolean => {
    const raw = env[name]?.toLowerCase();
    if (raw === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
    if (['0', 'false', 'no', 'off'].includes(raw)) return false;
    problems.push(`${name} must be 1 or 0, got "${env[name]}"`);
    return fallback;
  };
  const url = (name: keyof RawEnv, protocols: string[]): string | null => {
    const raw = env[name];
    if (raw === undefined) return null;
    try {
      const parsed = new URL(raw);
      if (!protocols.includes(parsed.protocol)) {
        problems.push(`${name} must be a ${protocols.join(' or ')} URL`);
        return null;
      }
      return raw;
    } catch {
      problems.push(`${name} is not a valid URL`);
      return null;
    }
  };

  const s3Config = (): S3Config | null => {
    const endpoint = url('SOUK_S3_ENDPOINT', ['http:', 'https:']);
    if (endpoint === null) return null;
    const { SOUK_S3_BUCKET: bucket, SOUK_S3_ACCESS_KEY_ID: accessKeyId, SOUK_S3_SECRET_ACCESS_KEY: secretAccessKey } = env;
    if (!bucket || !accessKeyId || !secretAccessKey) {
      problems.push('SOUK_S3_ENDPOINT needs SOUK_S3_BUCKET, SOUK_S3_ACCESS_KEY_ID and SOUK_S3_SECRET_ACCESS_KEY');
      return null;
    }
    return { endpoint, bucket, region: env.SOUK_S3_REGION ?? 'us-east-1', accessKeyId, secretAccessKey };
  };

  const currencies = (): string[] => {
    const list = (env.SOUK_WALLET_CURRENCIES ?? 'CNY,EUR').split(',').map((code) => code.trim().toUpperCase()).filter(Boolean);
    const bad = list.filter((code) => !/^[A-Z]{3}$/.test(code));
    if (bad.length > 0 || list.length === 0) problems.push('SOUK_WALLET_CURRENCIES must be ISO 4217 codes, e.g. CNY,EUR');
    return [...new Set(list)];
  };

  const secretKey = (): string | null => {
    const value = env.SOUK_SECRET_KEY?.trim();
    if (!value) return null;
    if (!/^[0-9a-fA-F]{64}$/.test(value)) problems.push('SOUK_SECRET_KEY must be 64 hex digits (32 bytes), e.g. from `openssl rand -hex 32`');
    return value;
  };

  const decimal = (name: keyof RawEnv, min: number, max: number): number | null => {
    const raw = env[name];
    if (raw === undefined) return null;
    if (!/^\d+(\.\d+)?$/.test(raw) || Number(raw) < min || Number(raw) > max) {
      problems.push(`${name} must be a number from ${min} to ${max}, got "${raw}"`);
      return null;
    }
    return Number(raw);
  };

  /** "like=1,share=2": weights by objective name. */
  const objectiveWeights = (): Partial<Record<RankingObjective, number>> => {
    const raw = env.SOUK_FEED_OBJECTIVE_WEIGHTS;
    if (raw === undefined) return {};
    const weights: Partial<Record<RankingObjective, number>> = {};
    for (const part of raw.split(',').map((item) => item.trim()).filter(Boolean)) {
      const match = /^([a-z_]+)=(\d+(?:\.\d+)?)$/.exec(part);
      const objective = match?.[1] as RankingObjective | undefined;
      if (!match || !objective || !RANKING_OBJECTIVES.includes(objective) || Number(match[2]) > 100) {
        problems.push(`SOUK_FEED_OBJECTIVE_WEIGHTS must read like "like=1,share=2" with objectives among ${RANKING_OBJECTIVES.join(', ')} and weights up to 100, got "${raw}"`);
        return {};
      }
      weights[objective] = Number(match[2]);
    }
    return weights;
  };

  const publicUrl = url('SOUK_PUBLIC_URL', ['http:', 'https:']);
  const config: Config = {
    port: int('PORT', 3000, 0, 65535),
    host: env.HOST ?? '0.0.0.0',
    dataDir: path.resolve(env.SOUK_DATA_DIR ?? './data'),
    databaseUrl: url('DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url('REDIS_URL', ['redis:', 'rediss:']),
    demo: flag('SOUK_DEMO', false),
    publicOrigin: publicUrl ? new URL(publicUrl).origin : null,
    trustProxy: flag('SOUK_TRUST_PROXY', false),
    bodyLimit: int('SOUK_BODY_LIMIT', 1024 * 1024, 1024, 64 * 1024 * 1024),
    avatarMaxBytes: 10 * 1024 * 1024,
    scryptLog2N: int('SOUK_SCRYPT_LOG2N', 17, 10, 20),
    sessionDays: int('SOUK_SESSION_DAYS', 30, 1, 365),
    webDir: path.resolve(env.SOUK_WEB_DIR ?? path.join(repoRoot, 'apps/web/dist')),
    logLevel: env.LOG_LEVEL ?? 'info',
    rateLimits: { signupPerIpPerHour: 20, loginPerIpPerMinute: 30, loginFailuresPerAccountPer15Min: 10 },
    fanoutThreshold: int('SOUK_FANOUT_THRESHOLD', 10_000, 1, 100_000_000),
    media: {
      imageMaxBytes: 20 * 1024 * 1024,
      videoMaxBytes: 100 * 1024 * 1024,
      quotaBytes: int('SOUK_STORAGE_QUOTA_MB', 1024, 1, 1024 * 1024) * 1024 * 1024,
      s3: s3Config(),
    },
    wallet: {
      currencies: currencies(),
      pinRequiredAbove: int('SOUK_WALLET_PIN_ABOVE', 20_000, 0, 1_000_000_000_000),
      dailyLimit: int('SOUK_WALLET_DAILY_LIMIT', 5_000_000, 1, 1_000_000_000_000),
      groupCommit: flag('SOUK_WALLET_GROUP_COMMIT', true),
      secretKey: secretKey(),
      webhookSecret: env.SOUK_FUNDING_WEBHOOK_SECRET ?? null,
      sandboxBankDelayMs: int('SOUK_SANDBOX_BANK_DELAY_MS', 1000, 0, 600_000),
    },
    commerce: {
      reservationMinutes: int('SOUK_COMMERCE_RESERVATION_MINUTES', 15, 1, 24 * 60),
      autoCompleteDays: int('SOUK_COMMERCE_AUTO_COMPLETE_DAYS', 10, 1, 90),
      shipWithinDays: int('SOUK_COMMERCE_SHIP_WITHIN_DAYS', 7, 1, 90),
      shippedCompleteDays: int('SOUK_COMMERCE_SHIPPED_COMPLETE_DAYS', 15, 1, 90),
      refundAnswerDays: int('SOUK_COMMERCE_REFUND_ANSWER_DAYS', 3, 1, 90),
      platformFeeBp: int('SOUK_COMMERCE_PLATFORM_FEE_BP', 200, 0, 5000),
    },
    feed: {
      seenWindowDays: int('SOUK_FEED_SEEN_DAYS', 3, 0, 365),
      signalBatchesPerMinute: int('SOUK_FEED_SIGNAL_BATCHES_PER_MINUTE', 120, 1, 100_000),
      snapshotMinutes: int('SOUK_FEED_SNAPSHOT_MINUTES', 10, 0, 7 * 24 * 60),
      retrainHours: int('SOUK_FEED_RETRAIN_HOURS', 24, 0, 24 * 365),
      logDays: int('SOUK_FEED_LOG_DAYS', 90, 1, 3650),
      popularHalfLifeHours: int('SOUK_FEED_POPULAR_HALF_LIFE_HOURS', 24, 1, 24 * 365),
      explorationShare: decimal('SOUK_FEED_EXPLORATION_SHARE', 0, 0.5),
      maxPerAuthor: env.SOUK_FEED_MAX_PER_AUTHOR === undefined ? null : int('SOUK_FEED_MAX_PER_AUTHOR', 2, 1, 30),
      objectiveWeights: objectiveWeights(),
    },
    ...overrides,
  };
  const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
  if (!levels.includes(config.logLevel)) problems.push(`LOG_LEVEL must be one of ${levels.join(', ')}`);
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

import type { Redis } from 'ioredis';

export interface RateLimitResult {
  allowed: boolean;
  retryAfterSeconds: number;
}

/**
 * Fixed-window counters: `limit` hits per key per window. In memory for one
 * process; in Redis when processes share it, so the limit holds for the whole
 * deployment and not per process.
 */
export interface RateLimiter {
  hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
  /** Counts without enforcing (e.g. a failed log-in against the account's budget). */
  peek(key: string, limit: number, windowMs: number): Promise<RateLimitResult>;
}

function windowStart(windowMs: number, now: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

export class MemoryRateLimiter implements RateLimiter {
  private readonly counts = new Map<string, { count: number; resetAt: number }>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = this.now();
    this.sweep(now);
    const resetAt = windowStart(windowMs, now) + windowMs;
    const entry = this.counts.get(key);
    const current = entry && entry.resetAt === resetAt ? entry : { count: 0, resetAt };
    current.count += 1;
    this.counts.set(key, current);
    return { allowed: current.count <= limit, retryAfterSeconds: Math.ceil((resetAt - now) / 1000) };
  }

  async peek(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = this.now();
    const resetAt = windowStart(windowMs, now) + windowMs;
    const entry = this.counts.get(key);
    const count = entry && entry.resetAt === resetAt ? entry.count : 0;
    return { allowed: count < limit, retryAfterSeconds: Math.ceil((resetAt - now) / 1000) };
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < 60_000) return;
    this.lastSweep = now;
    for (const [key, entry] of this.counts) if (entry.resetAt <= now) this.counts.delete(key);
  }
}

export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'souk:rl:',
  ) {}

  async hit(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = Date.now();
    const start = windowStart(windowMs, now);
    const redisKey = `${this.prefix}${key}:${start}`;
    const results = await this.redis.multi().incr(redisKey).pexpire(redisKey, windowMs).exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    return { allowed: count <= limit, retryAfterSeconds: Math.ceil((start + windowMs - now) / 1000) };
  }

  async peek(key: string, limit: number, windowMs: number): Promise<RateLimitResult> {
    const now = Date.now();
    const start = windowStart(windowMs, now);
    const count = Number((await this.redis.get(`${this.prefix}${key}:${start}`)) ?? 0);
    return { allowed: count < limit, retryAfterSeconds: Math.ceil((start + windowMs - now) / 1000) };
  }
}

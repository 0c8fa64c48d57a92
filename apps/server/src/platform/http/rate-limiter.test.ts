import { describe, expect, it } from 'vitest';
import { MemoryRateLimiter } from './rate-limiter.js';

describe('memory rate limiter', () => {
  it('allows `limit` hits per window, then tells how long to wait', async () => {
    let now = 1_000_000;
    const limiter = new MemoryRateLimiter(() => now);
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('k', 3, 60_000));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    expect(results[3]!.retryAfterSeconds).toBeGreaterThan(0);
    expect((await limiter.peek('k', 3, 60_000)).allowed).toBe(false);
    now += 60_000;
    expect((await limiter.hit('k', 3, 60_000)).allowed).toBe(true);
    expect((await limiter.hit('other', 3, 60_000)).allowed).toBe(true);
  });
});

import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { copyInSteps, runInSlices, runToEnd, type Steps } from './slices.js';

function* busySteps(count: number, msEach: number, done: number[]): Steps<string> {
  for (let n = 0; n < count; n++) {
    const until = performance.now() + msEach;
    while (performance.now() < until);
    done.push(n);
    yield;
  }
  return 'finished';
}

describe('slices', () => {
  it('runs steps to their end at once', () => {
    const done: number[] = [];
    expect(runToEnd(busySteps(5, 0, done))).toBe('finished');
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it('gives the event loop turns between slices, and returns the result', async () => {
    const done: number[] = [];
    const seenBetween: number[] = [];
    let ticking = true;
    const tick = (): void => {
      if (!ticking) return;
      seenBetween.push(done.length);
      setImmediate(tick);
    };
    setImmediate(tick);
    const result = await runInSlices(busySteps(12, 4, done), 10);
    ticking = false;
    expect(result).toBe('finished');
    expect(done).toHaveLength(12);
    // Other work ran while the steps were half done, not only before or after.
    expect(seenBetween.some((count) => count > 0 && count < 12)).toBe(true);
  });

  it('copies in chunks to the same result as one set', () => {
    const source = Float32Array.from({ length: (1 << 20) * 2 + 17 }, (_, i) => i % 1000);
    const target = new Float32Array(source.length + 5);
    runToEnd(copyInSteps(target, source));
    expect(target.subarray(0, source.length)).toEqual(source);
    expect(Array.from(target.subarray(source.length))).toEqual([0, 0, 0, 0, 0]);
  });
});

import { performance } from 'node:perf_hooks';

/**
 * Long synchronous work (a restore of a large engine) written as a generator
 * that yields every few milliseconds of work: run to its end at once, or in
 * slices between which the event loop serves requests.
 */
export type Steps<T> = Generator<void, T, void>;

export function runToEnd<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** Runs the steps for about `sliceMs` at a time, giving the event loop a turn first and between slices. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 20): Promise<T> {
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    const until = performance.now() + sliceMs;
    let step = steps.next();
    while (!step.done && performance.now() < until) step = steps.next();
    if (step.done) return step.value;
  }
}

/** target.set(source) a million values at a time, yielding between: a copy of hundreds of megabytes is itself a pause. */
export function* copyInSteps(target: Float32Array, source: Float32Array): Steps<void> {
  const chunk = 1 << 20;
  for (let at = 0; at < source.length; at += chunk) {
    target.set(source.subarray(at, Math.min(at + chunk, source.length)), at);
    yield;
  }
}

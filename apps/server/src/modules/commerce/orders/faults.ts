/**
 * Fault injection for the crash test: a server started with
 * SOUK_COMMERCE_CRASH_AT=<point> kills itself with SIGKILL (a real kill -9,
 * no handler runs, no buffer is flushed) the first time it reaches that
 * point. Never set outside tests.
 */
const crashAt = process.env.SOUK_COMMERCE_CRASH_AT ?? null;

export type CrashPoint = 'checkout.after-payment' | 'release.after-posting';

export function crashPoint(point: CrashPoint): void {
  if (crashAt === point) process.kill(process.pid, 'SIGKILL');
}

import type { Clock } from '../platform/clock.js';

/**
 * The system clock, which the demo seed may hold at moments of the past
 * while it writes a month of history through the services, so notes, follows,
 * likes and notifications carry back-dated times. Released, it is the system
 * clock again. The seed only moves it forward, so outbox leases and
 * timestamps stay in order.
 */
export class DemoClock implements Clock {
  private held: number | null = null;

  now(): Date {
    return new Date(this.held ?? Date.now());
  }

  hold(at: number): void {
    this.held = at;
  }

  release(): void {
    this.held = null;
  }
}

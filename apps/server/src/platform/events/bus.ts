import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { DomainEvent } from './event-map.js';

/**
 * Carries committed events to every server process. In-process for a single
 * node; Redis pub/sub when several processes share PostgreSQL and Redis.
 * Delivery here is broadcast and best-effort: durable, once-only work belongs
 * to outbox handlers (see events.ts), not to bus listeners.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  onMessage(listener: (event: DomainEvent) => void): void;
  close(): Promise<void>;
}

export class InProcessBus implements EventBus {
  private readonly emitter = new EventEmitter();

  async publish(event: DomainEvent): Promise<void> {
    // Asynchronous like Redis, so code never comes to depend on synchronous delivery.
    setImmediate(() => this.emitter.emit('event', event));
  }

  onMessage(listener: (event: DomainEvent) => void): void {
    this.emitter.on('event', listener);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }
}

export class RedisBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly listeners: Array<(event: DomainEvent) => void> = [];
  private readonly ready: Promise<unknown>;

  constructor(
    url: string,
    private readonly channel = 'souk:events',
  ) {
    this.publisher = new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.subscriber = new Redis(url, { lazyConnect: false });
    this.subscriber.on('message', (channel: string, message: string) => {
      if (channel !== this.channel) return;
      const event = JSON.parse(message) as DomainEvent;
      for (const listener of this.listeners) listener(event);
    });
    this.ready = this.subscriber.subscribe(this.channel);
  }

  /** Resolves once the subscription is live, so no event published after start-up is missed. */
  async whenReady(): Promise<void> {
    await this.ready;
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.publisher.publish(this.channel, JSON.stringify(event));
  }

  onMessage(listener: (event: DomainEvent) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    this.subscriber.disconnect();
    this.publisher.disconnect();
  }
}

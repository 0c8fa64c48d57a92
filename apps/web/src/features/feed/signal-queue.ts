import { FEED_SIGNAL_BATCH_MAX, type FeedSignal, type FeedSignalResult } from '@souk/contracts';
import { ApiError } from '../../lib/api.js';

/** A signal as the screen reports it; the queue gives it its id and time. */
export type SignalDraft = Omit<FeedSignal, 'id' | 'at'>;

export interface SendOptions {
  /** The page is going away: the request must outlive it (fetch keepalive). */
  keepalive: boolean;
}

export type SendBatch = (signals: FeedSignal[], options: SendOptions) => Promise<FeedSignalResult>;

export interface SignalQueueOptions {
  send: SendBatch;
  /** Unique per signal: the server counts a resent id once. */
  newId?: () => string;
  now?: () => number;
  /** Beyond this many unsent signals the oldest are dropped (a long offline spell must not grow memory without end). */
  maxQueued?: number;
  /** fetch keepalive bodies are capped at 64 KiB in total, so a page-hide batch stays small. */
  keepaliveBatch?: number;
}

/** The first retry waits this long, then twice as long each time, up to the cap. */
const RETRY_FIRST_MS = 2_000;
const RETRY_MAX_MS = 60_000;

/**
 * What to do with a batch the server did not take. Network failures, 5xx and
 * 429 are passing: send the same signals (same ids) again later. Any other
 * 4xx will be refused again however often it is sent (signed out, malformed):
 * drop it rather than block the signals behind it.
 */
export function failureAction(error: unknown): 'retry' | 'drop' {
  if (!(error instanceof ApiError)) return 'retry';
  if (error.status === 0 || error.status === 429 || error.status >= 500) return 'retry';
  return 'drop';
}

/** 16 random bytes in base64url: fits the contract's id pattern, and works outside secure contexts (no randomUUID there). */
export function randomSignalId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * The client's outbox of feed signals. Signals are stamped when they happen
 * and sent in batches; one batch is in flight at a time; a batch that fails
 * in passing stays at the head of the queue with its ids, and the next
 * attempt waits longer each time. It holds no timers: its owner calls
 * `flush` on a clock, when the queue grows, and when the page is hidden.
 */
export class SignalQueue {
  private readonly send: SendBatch;
  private readonly newId: () => string;
  private readonly now: () => number;
  private readonly maxQueued: number;
  private readonly keepaliveBatch: number;
  private queue: FeedSignal[] = [];
  private inFlight = false;
  private failures = 0;
  private retryAt = 0;

  constructor(options: SignalQueueOptions) {
    this.send = options.send;
    this.newId = options.newId ?? randomSignalId;
    this.now = options.now ?? Date.now;
    this.maxQueued = options.maxQueued ?? 1000;
    this.keepaliveBatch = options.keepaliveBatch ?? 100;
  }

  add(draft: SignalDraft): FeedSignal {
    const signal: FeedSignal = { ...draft, id: this.newId(), at: new Date(this.now()).toISOString() };
    this.queue.push(signal);
    if (this.queue.length > this.maxQueued) this.queue.splice(0, this.queue.length - this.maxQueued);
    return signal;
  }

  get size(): number {
    return this.queue.length;
  }

  /** Signals not yet accepted by the server, oldest first. */
  pending(): readonly FeedSignal[] {
    return this.queue;
  }

  /**
   * Sends the oldest batch. Does nothing while another batch is in flight,
   * or (unless the page is going away) before the back-off after a failure
   * has passed. Resolves once the answer is in; never rejects.
   */
  async flush(options: SendOptions = { keepalive: false }): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    if (!options.keepalive && this.now() < this.retryAt) return;
    const batch = this.queue.slice(0, options.keepalive ? this.keepaliveBatch : FEED_SIGNAL_BATCH_MAX);
    this.inFlight = true;
    try {
      // Rejected signals (a post since deleted, an impossible dwell) are answered, not failed: resending cannot help them.
      await this.send(batch, options);
      this.settle(batch);
      this.failures = 0;
      this.retryAt = 0;
    } catch (error) {
      if (failureAction(error) === 'drop') {
        this.settle(batch);
      } else {
        this.failures += 1;
        this.retryAt = this.now() + Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** (this.failures - 1));
      }
    } finally {
      this.inFlight = false;
    }
  }

  /** Drops everything unsent: the user signed out, and these were theirs. */
  clear(): void {
    this.queue = [];
    this.failures = 0;
    this.retryAt = 0;
  }

  private settle(batch: readonly FeedSignal[]): void {
    const sent = new Set(batch.map((signal) => signal.id));
    this.queue = this.queue.filter((signal) => !sent.has(signal.id));
  }
}

import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { tables } from '../../platform/db/tables.js';
import { randomBytes } from 'node:crypto';
import { signWebhook, type FundingOrder, type FundingSource, type FundingWebhook } from './funding.service.js';

interface SandboxTables {
  sandbox_bank_orders: {
    id: string;
    funding_id: string;
    outcome: string;
    settle_at: string | Date;
    attempts: number;
    next_attempt_at: string | Date;
    delivered_at: string | Date | null;
  };
}

/** Sends one signed webhook; resolves to the HTTP status it got. */
export type WebhookDelivery = (body: string, signature: string) => Promise<number>;

/** Retries back off from 1 s to at most an hour; 30 tries span about a day, as banks keep trying. */
const MAX_ATTEMPTS = 30;
const MAX_BACKOFF_MS = 3600_000;
const POLL_MS = 1000;
const CLAIM_MS = 30_000;

/**
 * A pretend bank, so a self-hosted Souk works end to end without a real one:
 * it accepts every order, settles it after a delay (succeeding unless told to
 * fail) and tells Souk through a signed webhook, retried with exponential
 * backoff until Souk answers 2xx, for about a day. It keeps its own books in
 * `sandbox_bank_orders`, as an outside bank would, so orders survive a restart,
 * and answers questions about an order (`settlement`) from them, as a bank's
 * order-status query does when its webhook never got through.
 */
export class SandboxBank implements FundingSource {
  readonly name = 'sandbox';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;

  constructor(
    private readonly deps: {
      database: Database;
      clock: Clock;
      logger: FastifyBaseLogger;
      secret: string;
      delayMs: number;
      deliver: WebhookDelivery;
    },
  ) {}

  async submit(order: FundingOrder): Promise<void> {
    const settleAt = new Date(this.deps.clock.now().getTime() + this.deps.delayMs).toISOString();
    await tables<SandboxTables>(this.deps.database.db)
      .insertInto('sandbox_bank_orders')
      .values({
        id: randomBytes(8).toString('hex'),
        funding_id: order.fundingId,
        outcome: order.simulate === 'fail' ? 'failed' : 'succeeded',
        settle_at: settleAt,
        attempts: 0,
        next_attempt_at: settleAt,
        delivered_at: null,
      })
      .onConflict((oc) => oc.column('funding_id').doNothing())
      .execute();
    this.wake(this.deps.delayMs);
  }

  async settlement(fundingId: string): Promise<FundingWebhook | null> {
    const order = await tables<SandboxTables>(this.deps.database.db)
      .selectFrom('sandbox_bank_orders')
      .select(['funding_id', 'outcome'])
      .where('funding_id', '=', fundingId)
      .where('settle_at', '<=', this.deps.clock.now().toISOString())
      .executeTakeFirst();
    return order ? answerOf(order) : null;
  }

  start(): void {
    this.stopped = false;
    this.wake(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Delivers every webhook now due; returns how many were accepted. */
  async deliverDue(): Promise<number> {
    const { database, clock, secret, deliver, logger } = this.deps;
    const db = tables<SandboxTables>(database.db);
    const now = clock.now();
    const due = await db
      .selectFrom('sandbox_bank_orders')
      .selectAll()
      .where('delivered_at', 'is', null)
      .where('next_attempt_at', '<=', now.toISOString())
      .where('attempts', '<', MAX_ATTEMPTS)
      .orderBy('next_attempt_at')
      .limit(50)
      .execute();
    let accepted = 0;
    for (const order of due) {
      // Claim it so another process polling the same books does not send it at the same time.
      const claimed = await db
        .updateTable('sandbox_bank_orders')
        .set({ next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString() })
        .where('id', '=', order.id)
        .where('next_attempt_at', '=', order.next_attempt_at)
        .executeTakeFirst();
      if (Number(claimed.numUpdatedRows) !== 1) continue;
      const body = JSON.stringify(answerOf(order));
      let status = 0;
      try {
        status = await deliver(body, signWebhook(secret, body, Math.floor(clock.now().getTime() / 1000)));
      } catch (error) {
        logger.warn({ err: error, fundingId: order.funding_id }, 'sandbox bank webhook failed');
      }
      const attempts = order.attempts + 1;
      if (status >= 200 && status < 300) {
        accepted++;
        await db.updateTable('sandbox_bank_orders').set({ attempts, delivered_at: clock.now().toISOString() }).where('id', '=', order.id).execute();
      } else {
        const backoffMs = Math.min(1000 * 2 ** (attempts - 1), MAX_BACKOFF_MS);
        await db
          .updateTable('sandbox_bank_orders')
          .set({ attempts, next_attempt_at: new Date(clock.now().getTime() + backoffMs).toISOString() })
          .where('id', '=', order.id)
          .execute();
        this.wake(backoffMs);
      }
    }
    return accepted;
  }

  private wake(inMs: number): void {
    if (this.stopped) return;
    const at = Math.min(inMs, POLL_MS);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.deliverDue()
        .then(() => undefined)
        .catch((error) => this.deps.logger.warn({ err: error }, 'sandbox bank round failed'))
        .finally(() => {
          this.running = null;
          this.wake(POLL_MS);
        });
    }, at);
    this.timer.unref();
  }
}

/** What the bank says of a settled order, by webhook or when asked. */
function answerOf(order: { funding_id: string; outcome: string }): FundingWebhook {
  return order.outcome === 'failed' ? { fundingId: order.funding_id, status: 'failed', failureReason: 'declined by the sandbox bank' } : { fundingId: order.funding_id, status: 'succeeded' };
}

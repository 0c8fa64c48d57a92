import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Funding, FundingBody } from '@souk/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { IdempotentResponse } from '../../platform/http/idempotency.js';
import { newId } from '../../platform/ids.js';
import type { HoldService } from './holds.service.js';
import type { Ledger } from './ledger.js';
import { BadWebhookSignatureError, FundingNotFoundError } from './wallet.errors.js';
import type { WalletService } from './wallet.service.js';
import type { FundingRecord, WalletStore } from './wallet.store.js';

/** What a funding source is asked to do; its answer comes later, by signed webhook. */
export interface FundingOrder {
  fundingId: string;
  direction: 'topup' | 'withdrawal';
  amount: number;
  currency: string;
  /** Only the sandbox honours it. */
  simulate: 'succeed' | 'fail';
}

/** A bank or card processor. `submit` must be idempotent by funding id: it is repeated after a crash. */
export interface FundingSource {
  readonly name: string;
  submit(order: FundingOrder): Promise<void>;
  /**
   * The order's outcome as the source's books have it, or null while it is
   * not settled (or the source never got the order): asked when a webhook
   * is overdue, as a bank's order-status query is.
   */
  settlement(fundingId: string): Promise<FundingWebhook | null>;
}

export interface FundingWebhook {
  fundingId: string;
  status: 'succeeded' | 'failed';
  failureReason?: string;
}

export const SIGNATURE_HEADER = 'souk-signature';
const SIGNATURE_TOLERANCE_S = 300;
const RESUBMIT_AFTER_MS = 10_000;
/** A webhook comes within seconds; a funding still pending after this long is asked about at the next housekeeping. */
export const RECONCILE_AFTER_MS = 10 * 60_000;
const PAGE = 100;

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">`, as Stripe signs its webhooks. */
export function signWebhook(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export function verifyWebhook(secret: string, body: string, header: string | undefined, nowSeconds: number): boolean {
  if (!header) return false;
  const parts = new Map(header.split(',').map((part) => part.split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const given = parts.get('v1') ?? '';
  if (!Number.isInteger(t) || Math.abs(nowSeconds - t) > SIGNATURE_TOLERANCE_S || !/^[0-9a-f]{64}$/.test(given)) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest();
  return timingSafeEqual(expected, Buffer.from(given, 'hex'));
}

/**
 * Top-ups and withdrawals through a funding source. A top-up credits the
 * wallet only when the source confirms; a withdrawal holds the money at once
 * and posts it out on confirmation, or gives it back on failure. Confirmations
 * arrive as signed webhooks, each applied once however often it is delivered.
 * A webhook that never arrives (the source gave up retrying, or its answers
 * were lost) is made up for by reconciliation: the hourly housekeeping asks
 * the source about fundings pending for long, and applies its answer the
 * same way, once.
 */
export class FundingService {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: {
      database: Database;
      store: WalletStore;
      ledger: Ledger;
      wallet: WalletService;
      holds: HoldService;
      source: FundingSource;
      clock: Clock;
      logger: FastifyBaseLogger;
      secret: string;
    },
  ) {}

  get providerName(): string {
    return this.deps.source.name;
  }

  /** Re-submits, every few seconds, orders a crash may have left unsent (sources ignore repeats). */
  start(pollMs = 5000): void {
    this.timer = setInterval(() => void this.resubmitStale().catch((error) => this.deps.logger.warn({ err: error }, 'funding resubmit failed')), pollMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  async topup(userId: string, body: FundingBody, key: string): Promise<IdempotentResponse<Funding>> {
    const { wallet } = this.deps;
    wallet.assertCurrency(body.currency);
    const request = fundingRequest('topup', body);
    return wallet.move({ ownerId: userId, key, request }, async (tx) => {
      const funding = this.newFunding(userId, 'topup', body, null);
      await this.deps.store.insertFunding(tx.db, funding);
      tx.afterCommit(() => this.submit(funding));
      return { status: 202, body: toFunding(funding) };
    });
  }

  async withdraw(userId: string, body: FundingBody, key: string): Promise<IdempotentResponse<Funding>> {
    const { wallet, holds } = this.deps;
    wallet.assertCurrency(body.currency);
    const request = fundingRequest('withdrawal', body);
    return wallet.move({ ownerId: userId, key, request }, async (tx) => {
      await wallet.spend(tx, userId, body.currency, body.amount);
      const fundingId = newId('fnd');
      // Held until the bank answers (by webhook, or when the housekeeping asks), however late: money it may still pay out must not come back meanwhile.
      const hold = await holds.place(tx, { ownerId: userId, currency: body.currency, amount: body.amount, purpose: 'withdrawal', reference: fundingId, ttlMs: null });
      const funding = { ...this.newFunding(userId, 'withdrawal', body, hold.id), id: fundingId };
      await this.deps.store.insertFunding(tx.db, funding);
      tx.afterCommit(() => this.submit(funding));
      return { status: 202, body: toFunding(funding) };
    });
  }

  async get(userId: string, fundingId: string): Promise<Funding> {
    const funding = await this.deps.store.findFunding(this.deps.database.db, fundingId);
    if (!funding || funding.userId !== userId) throw new FundingNotFoundError();
    return toFunding(funding);
  }

  /** A source's signed answer. Verified before anything is read; applying it twice changes nothing. */
  async receiveWebhook(rawBody: string, signature: string | undefined): Promise<void> {
    const { clock, secret } = this.deps;
    if (!verifyWebhook(secret, rawBody, signature, Math.floor(clock.now().getTime() / 1000))) throw new BadWebhookSignatureError();
    const message = JSON.parse(rawBody) as FundingWebhook;
    const funding = await this.deps.store.findFunding(this.deps.database.db, message.fundingId);
    if (!funding) throw new FundingNotFoundError();
    await this.settle(funding, message);
  }

  /**
   * Asks the source about fundings pending for longer than a webhook takes
   * and applies the answers of those it has settled; run by the hourly
   * housekeeping. Returns how many it settled.
   */
  async reconcile(): Promise<number> {
    let settled = 0;
    for await (const funding of this.pendingFor(RECONCILE_AFTER_MS)) {
      const answer = await this.deps.source.settlement(funding.id);
      if (answer && (await this.settle(funding, answer))) settled++;
    }
    return settled;
  }

  /** Re-submits orders still pending a while after they were made, each with the outcome it was made with. */
  async resubmitStale(): Promise<void> {
    for await (const funding of this.pendingFor(RESUBMIT_AFTER_MS)) await this.submit(funding);
  }

  /** This source's fundings pending for longer than `ms`, a page at a time. */
  private async *pendingFor(ms: number): AsyncGenerator<FundingRecord> {
    const { store, database, clock, source } = this.deps;
    const before = new Date(clock.now().getTime() - ms).toISOString();
    for (let afterId = ''; ; ) {
      const page = await store.stalePendingFundings(database.db, source.name, before, afterId, PAGE);
      yield* page;
      if (page.length < PAGE) return;
      afterId = page[page.length - 1]!.id;
    }
  }

  /** Applies a source's answer to a pending funding, once: false when it was settled already. */
  private async settle(funding: FundingRecord, message: FundingWebhook): Promise<boolean> {
    const { clock, wallet, store, ledger, holds } = this.deps;
    const outcome = await wallet.move(null, async (tx) => {
      const status = message.status === 'succeeded' ? 'succeeded' : 'failed';
      const now = clock.now().toISOString();
      if (!(await store.completeFunding(tx.db, funding.id, status, status === 'failed' ? (message.failureReason ?? 'declined') : null, now))) {
        return { status: 200, body: false };
      }
      const clearing = await ledger.account(tx, '', 'external_clearing', funding.currency);
      if (funding.direction === 'topup' && status === 'succeeded') {
        const account = await ledger.account(tx, funding.userId, 'user_wallet', funding.currency);
        const entry = await ledger.post(tx, {
          kind: 'topup',
          memo: funding.provider,
          reference: funding.id,
          toUser: funding.userId,
          postings: [
            { account: clearing, amount: -funding.amount },
            { account, amount: funding.amount },
          ],
        });
        wallet.balancesChanged(tx, [funding.userId]);
        wallet.received(tx, funding.userId, { id: entry.id, kind: 'topup', amount: funding.amount, currency: funding.currency, counterparty: null, note: null, reference: funding.id, createdAt: entry.createdAt });
      } else if (funding.direction === 'withdrawal' && funding.holdId) {
        if (status === 'succeeded') {
          await holds.capture(tx, funding.holdId, { to: clearing, kind: 'withdrawal', memo: funding.provider });
        } else {
          await holds.void(tx, funding.holdId);
          await wallet.unspend(tx, funding.userId, funding.currency, funding.amount, funding.createdAt.slice(0, 10));
        }
      }
      return { status: 200, body: true };
    });
    return outcome.body;
  }

  private newFunding(userId: string, direction: 'topup' | 'withdrawal', body: FundingBody, holdId: string | null): FundingRecord {
    return {
      id: newId('fnd'),
      userId,
      direction,
      provider: this.deps.source.name,
      amount: body.amount,
      currency: body.currency,
      status: 'pending',
      failureReason: null,
      holdId,
      simulate: body.simulate ?? 'succeed',
      createdAt: this.deps.clock.now().toISOString(),
      completedAt: null,
    };
  }

  private async submit(funding: FundingRecord): Promise<void> {
    try {
      await this.deps.source.submit({ fundingId: funding.id, direction: funding.direction, amount: funding.amount, currency: funding.currency, simulate: funding.simulate });
    } catch (error) {
      // Left pending; the resubmit sweep tries again.
      this.deps.logger.warn({ err: error, fundingId: funding.id }, 'funding source refused the order for now');
    }
  }
}

/**
 * What makes two funding requests the same, for their Idempotency-Key: the
 * fields, named one by one. Spreading the parsed body made the JSON's key
 * order part of it, so a retry serialised by another client (or the same
 * client rebuilding the request) was refused as a different request.
 */
function fundingRequest(route: 'topup' | 'withdrawal', body: FundingBody): unknown {
  return { route, amount: body.amount, currency: body.currency, simulate: body.simulate ?? 'succeed' };
}

export function toFunding(record: FundingRecord): Funding {
  return {
    id: record.id,
    direction: record.direction,
    provider: record.provider,
    amount: record.amount,
    currency: record.currency,
    status: record.status,
    failureReason: record.failureReason,
    createdAt: record.createdAt,
    completedAt: record.completedAt,
  };
}

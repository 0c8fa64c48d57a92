import type { FastifyBaseLogger } from 'fastify';
import type { Balance, PublicUser, Transfer, TransferBody, TransactionKind, TransactionPage, TransactionQuery, WalletParty, WalletSummary, WalletTransaction } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { Idempotency, IdempotencyScope, IdempotentResponse } from '../../platform/http/idempotency.js';
import type { RealtimeGateway } from '../../platform/realtime/gateway.js';
import type { WalletConfig } from '../../config/config.js';
import type { AccountsService } from '../accounts/index.js';
import type { BulkLane, GroupCommit } from './group-commit.js';
import type { Ledger } from './ledger.js';
import type { LedgerStore } from './ledger.store.js';
import { TransferLane, type TransferOrder } from './transfer-lane.js';
import type { PinService } from './pin.service.js';
import { CurrencyNotEnabledError, DailyLimitExceededError, RecipientNotFoundError, SelfTransferError } from './wallet.errors.js';
import type { HistoryRow, WalletStore } from './wallet.store.js';
import './wallet.events.js';

export interface WalletDeps {
  database: Database;
  store: WalletStore;
  ledger: Ledger;
  ledgerStore: LedgerStore;
  commits: GroupCommit;
  idempotency: Idempotency;
  pins: PinService;
  accounts: AccountsService;
  events: Events;
  gateway: RealtimeGateway;
  clock: Clock;
  config: WalletConfig;
  logger: FastifyBaseLogger;
}

const PUSH_EVERY_MS = 100;
/** SQLite: how often postings are copied into the history index (see migration 068). */
const INDEX_HISTORY_EVERY_MS = 1000;
const CSV_PAGE = 100;

/** Entry kinds as the history names them (the ledger's kinds are finer). */
const HISTORY_KIND: Record<string, TransactionKind> = {
  topup: 'topup',
  withdrawal: 'withdrawal',
  transfer: 'transfer',
  payment: 'payment',
  refund: 'refund',
  payout: 'payout',
  red_packet: 'red_packet',
  red_packet_share: 'red_packet',
  red_packet_return: 'red_packet',
  hold: 'hold',
  hold_release: 'hold',
  reversal: 'reversal',
};

export function toParty(user: PublicUser): WalletParty {
  return { id: user.id, handle: user.handle, displayName: user.displayName, avatarUrl: user.avatarUrl };
}

/**
 * The wallet's rules shared by every operation that moves money (enabled
 * currencies, daily limits, the PIN, durable idempotent movements, live
 * pushes), and the user's own view: balances, transfers and history.
 */
export class WalletService {
  private dirty = new Set<string>();
  private pushTimer: NodeJS.Timeout | null = null;
  private historyTimer: NodeJS.Timeout | null = null;
  private indexing: Promise<void> | null = null;

  private readonly transferLane: TransferLane;

  constructor(private readonly deps: WalletDeps) {
    this.transferLane = new TransferLane({
      ledger: deps.ledger,
      ledgerStore: deps.ledgerStore,
      store: deps.store,
      idempotency: deps.idempotency,
      clock: deps.clock,
      dailyLimit: deps.config.dailyLimit,
      announce: (tx, transfers) => this.announceTransfers(tx, transfers),
    });
  }

  get config(): WalletConfig {
    return this.deps.config;
  }

  get pins(): PinService {
    return this.deps.pins;
  }

  subscribe(): void {
    const { events, gateway } = this.deps;
    // Every process pushes to the sockets it holds; balances are read only for users with one open here.
    events.listen('wallet.balances.changed', ({ payload }) => {
      for (const userId of payload.userIds) {
        if (!gateway.has(`user:${userId}`)) continue;
        this.balances(userId).then(
          (balances) => gateway.send(`user:${userId}`, { type: 'wallet.balance', balances }),
          () => undefined,
        );
      }
    });
    events.listen('wallet.money.received', ({ payload }) => {
      for (const { userId, transaction } of payload.received) gateway.send(`user:${userId}`, { type: 'wallet.received', transaction });
    });
    events.listen('wallet.payment.received', ({ payload }) => {
      gateway.send(`user:${payload.merchantId}`, { type: 'wallet.payment', payment: payload.payment });
    });
  }

  async stop(): Promise<void> {
    if (this.pushTimer) clearTimeout(this.pushTimer);
    this.pushTimer = null;
    if (this.historyTimer) clearInterval(this.historyTimer);
    this.historyTimer = null;
    await this.indexing;
  }

  /**
   * SQLite: copies new postings into the history index now and then, in bulk
   * and in account order, instead of in every batch of transfers. Not durable
   * on its own: lost with a crash, it is redone from the mark.
   */
  indexHistoryEvery(): void {
    const { database, store } = this.deps;
    if (database.dialect !== 'sqlite' || this.historyTimer) return;
    this.historyTimer = setInterval(() => {
      this.indexing ??= database
        .transaction((tx) => store.indexHistory(tx.db))
        .catch((error) => this.deps.logger.error({ err: error }, 'wallet history index failed; retried at the next round'))
        .finally(() => (this.indexing = null));
    }, INDEX_HISTORY_EVERY_MS);
    this.historyTimer.unref();
  }

  assertCurrency(currency: string): void {
    if (!this.deps.config.currencies.includes(currency)) throw new CurrencyNotEnabledError(currency);
  }

  /** A user by handle (with or without @) or by id. */
  async resolveUser(ref: string): Promise<PublicUser> {
    const { accounts } = this.deps;
    const trimmed = ref.trim();
    try {
      if (/^usr_[0-9A-Z]{26}$/.test(trimmed)) return await accounts.getPublicUser(trimmed);
      return await accounts.getByHandle(trimmed.replace(/^@/, ''));
    } catch {
      throw new RecipientNotFoundError();
    }
  }

  /**
   * A payment's PIN check, after a look for its key: the retry of a payment
   * that went through gets its first answer (Idempotency.replay) even if the
   * PIN was mistyped or locked since. With no PIN to check it looks for
   * nothing, and `move` replays: a read outside the group commit's
   * transaction waits for it on SQLite's one connection, so every transfer
   * reading first would thin the batches.
   */
  async checkPinUnlessDone<T>(scope: IdempotencyScope, pin: string | undefined, required: boolean): Promise<IdempotentResponse<T> | undefined> {
    if (pin === undefined && !required) return undefined;
    const done = await this.deps.idempotency.replay<T>(this.deps.database.db, scope);
    if (done) return done;
    await this.deps.pins.check(scope.ownerId, pin, required);
    return undefined;
  }

  /**
   * Runs one movement of money: durable, group-committed with its
   * neighbours, and, given an idempotency scope, done once per key (a retry
   * gets the first response).
   */
  move<T, Order = never>(
    scope: IdempotencyScope | null,
    work: (tx: TxContext) => Promise<{ status: number; body: T }>,
    bulk?: { lane: BulkLane<Order>; order: Order },
  ): Promise<IdempotentResponse<T>> {
    const { commits, idempotency } = this.deps;
    return commits.run(async (tx) => {
      if (scope) return idempotency.within(tx, scope, () => work(tx));
      return { ...(await work(tx)), replayed: false };
    }, bulk);
  }

  /** Counts outgoing money against the sender's daily limit, in the movement's transaction. */
  async spend(tx: TxContext, userId: string, currency: string, amount: number): Promise<void> {
    const { store, config } = this.deps;
    if (!(await store.addUsage(tx.db, userId, currency, this.today(), amount, config.dailyLimit))) throw new DailyLimitExceededError(config.dailyLimit);
  }

  /** Gives back daily allowance for money that came back (a failed withdrawal). */
  async unspend(tx: TxContext, userId: string, currency: string, amount: number, day: string): Promise<void> {
    await this.deps.store.releaseUsage(tx.db, userId, currency, day, amount);
  }

  today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** After commit: these users' balances changed; pushed at most every 100 ms per process. */
  balancesChanged(tx: TxContext, userIds: readonly string[]): void {
    tx.afterCommit(() => {
      for (const userId of userIds) this.dirty.add(userId);
      this.pushTimer ??= setTimeout(() => {
        this.pushTimer = null;
        const userIds = [...this.dirty];
        this.dirty.clear();
        void this.deps.events.broadcast('wallet.balances.changed', { userIds });
      }, PUSH_EVERY_MS);
    });
  }

  /** After commit: tell a user that money arrived. */
  received(tx: TxContext, userId: string, transaction: WalletTransaction): void {
    this.receivedMany(tx, [{ userId, transaction }]);
  }

  /** The same for many at once: one broadcast for a batch of transfers instead of one each. */
  receivedMany(tx: TxContext, received: Array<{ userId: string; transaction: WalletTransaction }>): void {
    if (received.length > 0) tx.afterCommit(() => void this.deps.events.broadcast('wallet.money.received', { received }));
  }

  async balances(userId: string): Promise<Balance[]> {
    const rows = await this.deps.store.balancesOf(this.deps.database.db, userId);
    const currencies = [...new Set([...this.deps.config.currencies, ...rows.map((row) => row.currency)])];
    return currencies.map((currency) => ({
      currency,
      available: rows.find((row) => row.currency === currency && row.kind === 'user_wallet')?.balance ?? 0,
      held: rows.find((row) => row.currency === currency && row.kind === 'user_held')?.balance ?? 0,
    }));
  }

  async summary(userId: string): Promise<WalletSummary> {
    const { config, pins, store, database } = this.deps;
    const [balances, pin, used] = [await this.balances(userId), await pins.state(userId), await store.usageOn(database.db, userId, this.today())];
    return {
      balances,
      currencies: config.currencies,
      pin: { ...pin, requiredAbove: config.pinRequiredAbove },
      dailyLimit: { limit: config.dailyLimit, used },
    };
  }

  async transfer(senderId: string, body: TransferBody, idempotencyKey: string): Promise<IdempotentResponse<Transfer>> {
    const { config } = this.deps;
    this.assertCurrency(body.currency);
    const recipient = await this.resolveUser(body.to);
    if (recipient.id === senderId) throw new SelfTransferError();
    const note = body.note?.normalize('NFC').trim() || null;
    // The PIN is not part of what makes two requests the same.
    const request = { route: 'transfer', to: recipient.id, amount: body.amount, currency: body.currency, note };
    const scope = { ownerId: senderId, key: idempotencyKey, request };
    const done = await this.checkPinUnlessDone<Transfer>(scope, body.pin, body.amount > config.pinRequiredAbove);
    if (done) return done;
    const sender = await this.deps.accounts.getPublicUser(senderId);
    const order: TransferOrder = { scope, senderId, recipientId: recipient.id, amount: body.amount, currency: body.currency, note, from: toParty(sender), to: toParty(recipient) };
    // In a batch, the transfer lane applies it with the others; alone (or when the lane gives it back), transferAlone does.
    return this.move(scope, (tx) => this.transferAlone(tx, order), { lane: this.transferLane, order });
  }

  /**
   * One transfer in its own savepoint or transaction. A method rather than a
   * closure made per request: under tsx (the bench), a named closure also
   * costs a defineProperty of its name on every call.
   */
  private async transferAlone(tx: TxContext, order: TransferOrder): Promise<{ status: number; body: Transfer }> {
    const { ledger } = this.deps;
    const { senderId, recipientId, amount, currency, note } = order;
    await this.spend(tx, senderId, currency, amount);
    const from = await ledger.account(tx, senderId, 'user_wallet', currency);
    const to = await ledger.account(tx, recipientId, 'user_wallet', currency);
    const entry = await ledger.post(tx, {
      kind: 'transfer',
      memo: note,
      fromUser: senderId,
      toUser: recipientId,
      postings: [
        { account: from, amount: -amount },
        { account: to, amount },
      ],
    });
    const transfer: Transfer = { id: entry.id, from: order.from, to: order.to, amount, currency, note, createdAt: entry.createdAt };
    this.announceTransfers(tx, [transfer]);
    return { status: 201, body: transfer };
  }

  /** After commit: both sides' balances changed, and the recipient hears of the money. */
  announceTransfers(tx: TxContext, transfers: readonly Transfer[]): void {
    this.balancesChanged(tx, transfers.flatMap((transfer) => [transfer.from.id, transfer.to.id]));
    this.receivedMany(
      tx,
      transfers.map((transfer) => ({
        userId: transfer.to.id,
        transaction: {
          id: transfer.id,
          kind: 'transfer',
          amount: transfer.amount,
          currency: transfer.currency,
          counterparty: transfer.from,
          note: transfer.note,
          reference: null,
          createdAt: transfer.createdAt,
        },
      })),
    );
  }

  async history(userId: string, query: TransactionQuery): Promise<TransactionPage> {
    const { store, database } = this.deps;
    const page = await store.history(database.db, userId, { currency: query.currency, cursor: query.cursor, limit: query.limit ?? 20 }, database.dialect === 'sqlite');
    return { items: await this.describe(userId, page.items), nextCursor: page.nextCursor };
  }

  /** The whole history as CSV (RFC 4180), read page by page. */
  async *historyCsv(userId: string, currency?: string): AsyncGenerator<string> {
    yield 'id,date,kind,amount,currency,counterparty,note,reference\r\n';
    let cursor: string | undefined;
    do {
      const page = await this.deps.store.history(this.deps.database.db, userId, { currency, cursor, limit: CSV_PAGE }, this.deps.database.dialect === 'sqlite');
      for (const item of await this.describe(userId, page.items)) {
        const cells = [item.id, item.createdAt, item.kind, formatMinor(item.amount, item.currency), item.currency, item.counterparty?.handle ?? '', item.note ?? '', item.reference ?? ''];
        yield `${cells.map(csvCell).join(',')}\r\n`;
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private async describe(userId: string, rows: HistoryRow[]): Promise<WalletTransaction[]> {
    const counterpartyOf = (row: HistoryRow) => (row.amount < 0 ? row.toUser : row.fromUser);
    const ids = rows.map(counterpartyOf).filter((id): id is string => id !== null && id !== userId);
    const users = await this.deps.accounts.getPublicUsers(ids);
    return rows.map((row) => {
      const other = counterpartyOf(row);
      const user = other && other !== userId ? users.get(other) : undefined;
      return {
        id: row.entryId,
        kind: HISTORY_KIND[row.kind] ?? 'transfer',
        amount: row.amount,
        currency: row.currency,
        counterparty: user ? toParty(user) : null,
        note: row.memo,
        reference: row.reference,
        createdAt: row.createdAt,
      };
    });
  }
}

const MINOR_DIGITS: Record<string, number> = { JPY: 0, KRW: 0, VND: 0, BHD: 3, KWD: 3, TND: 3 };

/** 12345 CNY → "123.45": exact, from integers, for the CSV. */
export function formatMinor(amount: number, currency: string): string {
  const digits = MINOR_DIGITS[currency] ?? 2;
  const sign = amount < 0 ? '-' : '';
  const text = Math.abs(amount).toString().padStart(digits + 1, '0');
  return digits === 0 ? `${sign}${text}` : `${sign}${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** Quotes a CSV cell when needed, and defuses cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

import type {
  ChargeBody,
  MerchantCode,
  MerchantCodeBody,
  MerchantSummary,
  PayCodeBody,
  Payment,
  PaymentPage,
  PayoutBody,
  PublicUser,
  Refund,
  RefundBody,
  WalletTransaction,
} from '@souk/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { IdempotentResponse } from '../../platform/http/idempotency.js';
import { isId, newId } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/index.js';
import { decodeEmv, EmvDecodeError, SOUK_GUI, type DecodedEmv } from './emv.js';
import type { Ledger } from './ledger.js';
import { currencyNumeric, findCjkFont, asciiFold, renderPng, renderPoster, renderSvg, soukPayload } from './merchant-codes.js';
import {
  AmountMismatchError,
  AmountRequiredError,
  CodeExpiredError,
  CodeUsedError,
  MerchantCodeNotFoundError,
  PayCodeInvalidError,
  PayCodeUsedError,
  PaymentNotFoundError,
  QrAlteredError,
  QrNotPayableError,
  RefundExceedsPaymentError,
  RefundNotAllowedError,
  SelfPaymentError,
  StaticCodeExpiryError,
} from './merchant.errors.js';
import type { MerchantCodeRecord, MerchantStore, PaymentMethod, PaymentRecord } from './merchant.store.js';
import { matchPayCode, PayCodeDevices, splitPayCode } from './paycode.js';
import type { SecretBox } from './secret-box.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import { RateLimitedError } from '../../platform/http/errors.js';
import { UnreadableQrError } from './wallet.errors.js';
import { toParty, type WalletService } from './wallet.service.js';
import './wallet.events.js';

export interface MerchantDeps {
  database: Database;
  store: MerchantStore;
  ledger: Ledger;
  wallet: WalletService;
  accounts: AccountsService;
  events: Events;
  clock: Clock;
  logger: FastifyBaseLogger;
  /** Seals pay-code device secrets at rest. */
  secrets: SecretBox;
  limiter: RateLimiter;
}

/** Wrong pay codes a merchant may try, and wrong codes one device may be tried with, per ten minutes. */
const WRONG_CODES_PER_MERCHANT = 20;
const WRONG_CODES_PER_DEVICE = 10;
const WRONG_CODE_WINDOW_MS = 10 * 60_000;

/** A dynamic code lasts this long unless the merchant says otherwise. */
export const DYNAMIC_CODE_TTL_S = 15 * 60;
const STATIC_CODES_LISTED = 100;

interface Collection {
  paymentId: string;
  payer: PublicUser;
  merchant: PublicUser;
  amount: number;
  currency: string;
  method: PaymentMethod;
  codeId: string | null;
  deviceId: string | null;
  reference: string | null;
  note: string | null;
}

const cleanText = (text: string | undefined) => text?.normalize('NFC').trim() || null;

/**
 * Anyone can take payments (a street vendor's printed code, a shop's till):
 * codes the payer scans (static, reusable; dynamic, one sale with an amount
 * and an expiry), pay codes the payer shows, refunds and payouts.
 *
 * Money moves payer wallet → merchant settlement → (payout) merchant wallet,
 * each step one balanced ledger entry inside one `wallet.move`, so a refusal
 * anywhere in it moves nothing. What must happen once (a dynamic code paid,
 * a pay-code window charged, refunds within the payment) is decided by a
 * conditional write inside that same movement.
 */
export class MerchantService {
  /** Payers' devices for pay codes. */
  readonly devices: PayCodeDevices;
  private warnedNoCjkFont = false;

  constructor(private readonly deps: MerchantDeps) {
    this.devices = new PayCodeDevices({ database: deps.database, store: deps.store, pins: deps.wallet.pins, clock: deps.clock, secrets: deps.secrets });
  }

  // ---- Codes

  /** The till: settlement balances, and a static code per enabled currency (made on the first visit). */
  async summary(merchantId: string): Promise<MerchantSummary> {
    const { database, store, wallet } = this.deps;
    const currencies = wallet.config.currencies;
    let codes = await store.staticCodes(database.db, merchantId, STATIC_CODES_LISTED);
    const missing = currencies.filter((currency) => !codes.some((code) => code.defaultCurrency === currency));
    if (missing.length > 0) {
      const merchant = await this.merchantProfile(merchantId);
      await database.transaction(async (tx) => {
        for (const currency of missing) await store.insertDefaultCode(tx.db, this.newCode(merchant, { currency }, currency));
      });
      codes = await store.staticCodes(database.db, merchantId, STATIC_CODES_LISTED);
    }
    const balances = await store.settlementOf(database.db, merchantId);
    const settled = [...new Set([...currencies, ...balances.map((balance) => balance.currency)])];
    return {
      settlement: settled.map((currency) => ({ currency, amount: balances.find((balance) => balance.currency === currency)?.amount ?? 0 })),
      staticCodes: codes.filter((code) => currencies.includes(code.currency)).map((code) => this.toCode(code)),
    };
  }

  /** A dynamic code with an amount (one sale, expiring), or another static one without. */
  async createCode(merchantId: string, body: MerchantCodeBody): Promise<MerchantCode> {
    const { database, store, wallet } = this.deps;
    wallet.assertCurrency(body.currency);
    currencyNumeric(body.currency);
    if (body.amount === undefined && body.expiresInSeconds !== undefined) throw new StaticCodeExpiryError();
    const code = this.newCode(await this.merchantProfile(merchantId), body, null);
    await store.insertCode(database.db, code);
    return this.toCode(code);
  }

  async png(userId: string, codeId: string): Promise<Buffer> {
    return renderPng((await this.ownCode(userId, codeId)).payload);
  }

  async svg(userId: string, codeId: string): Promise<string> {
    return renderSvg((await this.ownCode(userId, codeId)).payload);
  }

  /** The A6 poster; the name is drawn as written when a CJK font is installed, else folded to ASCII. */
  async poster(userId: string, codeId: string): Promise<Buffer> {
    const code = await this.ownCode(userId, codeId);
    const merchant = await this.deps.accounts.getPublicUser(userId);
    const cjk = findCjkFont();
    if (!cjk && !this.warnedNoCjkFont) {
      this.warnedNoCjkFont = true;
      this.deps.logger.warn('no CJK font found (install fonts-wqy-microhei): posters print names in ASCII and leave out the Chinese line');
    }
    return renderPoster(
      {
        payload: code.payload,
        merchantName: merchant.displayName,
        fallbackName: asciiFold(merchant.displayName) || merchant.handle,
        amount: code.amount,
        currency: code.currency,
        reference: code.reference,
        expiresAt: code.expiresAt,
        codeId: code.id,
      },
      cjk,
    );
  }

  // ---- Paying a scanned code

  /**
   * The payer scanned a merchant's code. Everything that cannot change is
   * checked first; whether a dynamic code is still unpaid and unexpired is
   * decided inside the movement (a retry with the same key then replays the
   * payment instead of finding the code used).
   */
  async pay(payerId: string, body: PayCodeBody, idempotencyKey: string): Promise<IdempotentResponse<Payment>> {
    const { database, store, wallet, clock } = this.deps;
    const decoded = readCode(body.payload);
    const soukAccount = decoded.merchantAccounts.find((account) => account.gui?.toLowerCase() === SOUK_GUI);
    if (!soukAccount) throw new QrNotPayableError(decoded.network?.name ?? null);
    const codeId = soukAccount.fields.find((field) => field.id === '01')?.value ?? '';
    const code = isId(codeId, 'mqr') ? await store.findCode(database.db, codeId) : null;
    if (!code) throw new MerchantCodeNotFoundError();
    // The stored code is what gets paid; a payload re-encoded with another amount or name (its CRC recomputed) is refused.
    if (code.payload !== body.payload.trim()) throw new QrAlteredError();
    wallet.assertCurrency(code.currency);
    if (code.merchantId === payerId) throw new SelfPaymentError();
    let amount: number;
    if (code.kind === 'static') {
      if (body.amount === undefined) throw new AmountRequiredError();
      amount = body.amount;
    } else {
      if (body.amount !== undefined && body.amount !== code.amount) throw new AmountMismatchError(code.amount!);
      amount = code.amount!;
    }
    const note = cleanText(body.note);
    const request = { route: 'merchant_payment', codeId: code.id, amount, note };
    const scope = { ownerId: payerId, key: idempotencyKey, request };
    const done = await wallet.checkPinUnlessDone<Payment>(scope, body.pin, true);
    if (done) return done;
    const { payer, merchant } = await this.parties(payerId, code.merchantId);
    return wallet.move(scope, async (tx) => {
      const paymentId = newId('pay');
      if (code.kind === 'dynamic') {
        const now = clock.now().toISOString();
        if (!(await store.spendCode(tx.db, code.id, paymentId, now))) {
          const current = await store.findCode(tx.db, code.id);
          throw current?.paymentId ? new CodeUsedError() : new CodeExpiredError();
        }
      }
      const method = code.kind === 'static' ? 'static_code' : 'dynamic_code';
      return this.collect(tx, { paymentId, payer, merchant, amount, currency: code.currency, method, codeId: code.id, deviceId: null, reference: code.reference, note });
    });
  }

  // ---- Charging a presented pay code

  private async refuseIfGuessing(merchantId: string, prefix: string): Promise<void> {
    const { limiter } = this.deps;
    for (const [key, limit] of [[`paycode:merchant:${merchantId}`, WRONG_CODES_PER_MERCHANT], [`paycode:device:${prefix}`, WRONG_CODES_PER_DEVICE]] as const) {
      const state = await limiter.peek(key, limit, WRONG_CODE_WINDOW_MS);
      if (!state.allowed) throw new RateLimitedError(state.retryAfterSeconds);
    }
  }

  private async wrongCode(merchantId: string, prefix: string): Promise<never> {
    const { limiter } = this.deps;
    await limiter.hit(`paycode:merchant:${merchantId}`, WRONG_CODES_PER_MERCHANT, WRONG_CODE_WINDOW_MS);
    await limiter.hit(`paycode:device:${prefix}`, WRONG_CODES_PER_DEVICE, WRONG_CODE_WINDOW_MS);
    throw new PayCodeInvalidError();
  }

  /**
   * The merchant scanned or typed the payer's pay code. No PIN: the code,
   * which only the payer's registered device can make and which lives two
   * minutes at most, is the payer's consent (their PIN was checked when the
   * device was registered). The daily limit still applies.
   */
  async charge(merchantId: string, body: ChargeBody, idempotencyKey: string): Promise<IdempotentResponse<Payment>> {
    const { database, store, wallet, clock, secrets } = this.deps;
    wallet.assertCurrency(body.currency);
    const { prefix, otp } = splitPayCode(body.code);
    // Guessing codes is slowed per merchant and per device: each wrong code counts against both.
    await this.refuseIfGuessing(merchantId, prefix);
    const device = await store.activeDeviceByPrefix(database.db, prefix);
    if (!device) return this.wrongCode(merchantId, prefix);
    const counter = matchPayCode(secrets.open(device.secret), otp, clock.now());
    if (counter === null) return this.wrongCode(merchantId, prefix);
    if (device.userId === merchantId) throw new SelfPaymentError();
    const { payer, merchant } = await this.parties(device.userId, merchantId);
    const note = cleanText(body.note);
    const request = { route: 'pay_code_charge', code: body.code, amount: body.amount, currency: body.currency, note };
    return wallet.move({ ownerId: merchantId, key: idempotencyKey, request }, async (tx) => {
      const now = clock.now();
      const paymentId = newId('pay');
      // One charge per device and window: the row goes in with the money, so a replay meets its key.
      if (!(await store.usePayCode(tx.db, device.id, counter, paymentId, now.toISOString()))) throw new PayCodeUsedError();
      return this.collect(tx, { paymentId, payer, merchant, amount: body.amount, currency: body.currency, method: 'pay_code', codeId: null, deviceId: device.id, reference: null, note });
    });
  }

  /** Payer wallet → merchant settlement, the payment row, and the pushes once committed. */
  private async collect(tx: TxContext, input: Collection): Promise<{ status: number; body: Payment }> {
    const { ledger, store, wallet, events, clock } = this.deps;
    const { payer, merchant, amount, currency } = input;
    await wallet.spend(tx, payer.id, currency, amount);
    const from = await ledger.account(tx, payer.id, 'user_wallet', currency);
    const to = await ledger.account(tx, merchant.id, 'merchant_settlement', currency);
    const entry = await ledger.post(tx, {
      kind: 'payment',
      memo: input.note,
      reference: input.paymentId,
      fromUser: payer.id,
      toUser: merchant.id,
      postings: [
        { account: from, amount: -amount },
        { account: to, amount },
      ],
    });
    const record: PaymentRecord = {
      id: input.paymentId,
      merchantId: merchant.id,
      payerId: payer.id,
      amount,
      currency,
      refunded: 0,
      method: input.method,
      codeId: input.codeId,
      deviceId: input.deviceId,
      reference: input.reference,
      note: input.note,
      entryId: entry.id,
      createdAt: clock.now().toISOString(),
    };
    await store.insertPayment(tx.db, record);
    const payment = toPayment(record, payer, merchant);
    wallet.balancesChanged(tx, [payer.id]);
    tx.afterCommit(() => void events.broadcast('wallet.payment.received', { merchantId: merchant.id, payment }));
    return { status: 201, body: payment };
  }

  // ---- Payments, refunds, payouts

  /** One payment, for its payer or its merchant; anyone else is told it does not exist. */
  async getPayment(userId: string, paymentId: string): Promise<Payment> {
    const payment = isId(paymentId, 'pay') ? await this.deps.store.findPayment(this.deps.database.db, paymentId) : null;
    if (!payment || (payment.payerId !== userId && payment.merchantId !== userId)) throw new PaymentNotFoundError();
    const { payer, merchant } = await this.parties(payment.payerId, payment.merchantId);
    return toPayment(payment, payer, merchant);
  }

  /** The till's list, newest first. */
  async payments(merchantId: string, query: { cursor?: string; limit?: number }): Promise<PaymentPage> {
    const { database, store, accounts } = this.deps;
    const page = await store.paymentsOf(database.db, merchantId, { cursor: query.cursor, limit: query.limit ?? 20 });
    const users = await accounts.getPublicUsers([merchantId, ...page.items.map((payment) => payment.payerId)]);
    const merchant = users.get(merchantId)!;
    return {
      items: page.items.map((payment) => toPayment(payment, users.get(payment.payerId) ?? deletedUser(payment.payerId), merchant)),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * Gives money back to the payer from the merchant's settlement: in full or
   * in parts, never more in total than was paid (a conditional update in the
   * movement, so concurrent partial refunds cannot pass it either).
   */
  async refund(merchantId: string, paymentId: string, body: RefundBody, idempotencyKey: string): Promise<IdempotentResponse<Refund>> {
    const { database, store, ledger, wallet, clock } = this.deps;
    const payment = isId(paymentId, 'pay') ? await store.findPayment(database.db, paymentId) : null;
    if (!payment || (payment.merchantId !== merchantId && payment.payerId !== merchantId)) throw new PaymentNotFoundError();
    if (payment.merchantId !== merchantId) throw new RefundNotAllowedError();
    const { merchant } = await this.parties(payment.payerId, merchantId);
    const reason = cleanText(body.reason);
    const request = { route: 'merchant_refund', paymentId, amount: body.amount, reason };
    return wallet.move({ ownerId: merchantId, key: idempotencyKey, request }, async (tx) => {
      if ((await store.addRefunded(tx.db, paymentId, body.amount)) === null) {
        const current = await store.findPayment(tx.db, paymentId);
        throw new RefundExceedsPaymentError(current ? current.amount - current.refunded : 0);
      }
      const from = await ledger.account(tx, merchantId, 'merchant_settlement', payment.currency);
      const to = await ledger.account(tx, payment.payerId, 'user_wallet', payment.currency);
      // Fails with INSUFFICIENT_FUNDS when the merchant has already paid the money out; the refunded count rolls back with it.
      const entry = await ledger.post(tx, {
        kind: 'refund',
        memo: reason,
        reference: paymentId,
        fromUser: merchantId,
        toUser: payment.payerId,
        postings: [
          { account: from, amount: -body.amount },
          { account: to, amount: body.amount },
        ],
      });
      const refund: Refund = { id: newId('rfd'), paymentId, amount: body.amount, currency: payment.currency, reason, createdAt: clock.now().toISOString() };
      await store.insertRefund(tx.db, { ...refund, entryId: entry.id });
      wallet.balancesChanged(tx, [payment.payerId]);
      wallet.received(tx, payment.payerId, {
        id: entry.id,
        kind: 'refund',
        amount: body.amount,
        currency: payment.currency,
        counterparty: toParty(merchant),
        note: reason,
        reference: paymentId,
        createdAt: entry.createdAt,
      });
      return { status: 201, body: refund };
    });
  }

  /** Settlement → the merchant's own wallet; answers with the payout as the wallet's history shows it. */
  async payout(merchantId: string, body: PayoutBody, idempotencyKey: string): Promise<IdempotentResponse<WalletTransaction>> {
    const { ledger, wallet } = this.deps;
    wallet.assertCurrency(body.currency);
    const request = { route: 'merchant_payout', amount: body.amount, currency: body.currency };
    return wallet.move({ ownerId: merchantId, key: idempotencyKey, request }, async (tx) => {
      const from = await ledger.account(tx, merchantId, 'merchant_settlement', body.currency);
      const to = await ledger.account(tx, merchantId, 'user_wallet', body.currency);
      const entry = await ledger.post(tx, {
        kind: 'payout',
        toUser: merchantId,
        postings: [
          { account: from, amount: -body.amount },
          { account: to, amount: body.amount },
        ],
      });
      wallet.balancesChanged(tx, [merchantId]);
      const transaction: WalletTransaction = {
        id: entry.id,
        kind: 'payout',
        amount: body.amount,
        currency: body.currency,
        counterparty: null,
        note: null,
        reference: null,
        createdAt: entry.createdAt,
      };
      return { status: 201, body: transaction };
    });
  }

  // ---- Helpers

  private async merchantProfile(merchantId: string) {
    const me = await this.deps.accounts.getMe(merchantId);
    return { id: me.id, handle: me.handle, displayName: me.displayName, locale: me.locale };
  }

  private newCode(
    merchant: { id: string; handle: string; displayName: string; locale: string | null },
    body: Pick<MerchantCodeBody, 'currency' | 'amount' | 'reference' | 'expiresInSeconds'>,
    defaultCurrency: string | null,
  ): MerchantCodeRecord {
    const now = this.deps.clock.now();
    const id = newId('mqr');
    const kind = body.amount === undefined ? 'static' : 'dynamic';
    const expiresAt = kind === 'dynamic' ? new Date(now.getTime() + (body.expiresInSeconds ?? DYNAMIC_CODE_TTL_S) * 1000).toISOString() : null;
    const amount = body.amount ?? null;
    const reference = body.reference ?? null;
    return {
      id,
      merchantId: merchant.id,
      kind,
      currency: body.currency,
      amount,
      reference,
      payload: soukPayload({ codeId: id, kind, currency: body.currency, amount, reference, expiresAt, merchant }),
      defaultCurrency,
      expiresAt,
      paymentId: null,
      usedAt: null,
      createdAt: now.toISOString(),
    };
  }

  private async ownCode(userId: string, codeId: string): Promise<MerchantCodeRecord> {
    const code = isId(codeId, 'mqr') ? await this.deps.store.findCode(this.deps.database.db, codeId) : null;
    if (!code || code.merchantId !== userId) throw new MerchantCodeNotFoundError();
    return code;
  }

  private toCode(code: MerchantCodeRecord): MerchantCode {
    const expired = code.expiresAt !== null && Date.parse(code.expiresAt) <= this.deps.clock.now().getTime();
    return {
      id: code.id,
      kind: code.kind,
      payload: code.payload,
      currency: code.currency,
      amount: code.amount,
      reference: code.reference,
      expiresAt: code.expiresAt,
      status: code.paymentId ? 'used' : expired ? 'expired' : 'active',
      createdAt: code.createdAt,
    };
  }

  private async parties(payerId: string, merchantId: string): Promise<{ payer: PublicUser; merchant: PublicUser }> {
    const users = await this.deps.accounts.getPublicUsers([payerId, merchantId]);
    return { payer: users.get(payerId) ?? deletedUser(payerId), merchant: users.get(merchantId) ?? deletedUser(merchantId) };
  }
}

function readCode(payload: string): DecodedEmv {
  try {
    return decodeEmv(payload);
  } catch (error) {
    if (error instanceof EmvDecodeError) throw new UnreadableQrError(error);
    throw error;
  }
}

function toPayment(record: PaymentRecord, payer: PublicUser, merchant: PublicUser): Payment {
  return {
    id: record.id,
    payer: toParty(payer),
    merchant: toParty(merchant),
    amount: record.amount,
    currency: record.currency,
    refunded: record.refunded,
    method: record.method,
    reference: record.reference,
    note: record.note,
    createdAt: record.createdAt,
  };
}

/** A party whose account is gone still appears in a merchant's books, without a profile. */
function deletedUser(id: string): PublicUser {
  return { id, handle: 'deleted', displayName: 'Deleted user', bio: '', avatarUrl: null, role: 'user', verified: false, createdAt: new Date(0).toISOString() };
}

import { sql, type Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { keysetPage, type Page } from '../../platform/db/pagination.js';
import { tables } from '../../platform/db/tables.js';

type Timestamp = string | Date;

interface MerchantTables {
  merchant_codes: {
    id: string;
    merchant_id: string;
    kind: string;
    currency: string;
    amount: number | string | null;
    reference: string | null;
    payload: string;
    default_currency: string | null;
    expires_at: Timestamp | null;
    payment_id: string | null;
    used_at: Timestamp | null;
    created_at: Timestamp;
  };
  merchant_payments: {
    id: string;
    merchant_id: string;
    payer_id: string;
    amount: number | string;
    currency: string;
    refunded: number | string;
    method: string;
    code_id: string | null;
    device_id: string | null;
    reference: string | null;
    note: string | null;
    entry_id: string;
    created_at: Timestamp;
  };
  merchant_refunds: {
    id: string;
    payment_id: string;
    amount: number | string;
    currency: string;
    reason: string | null;
    entry_id: string;
    created_at: Timestamp;
  };
  paycode_devices: { id: string; user_id: string; prefix: string; secret: string; created_at: Timestamp; revoked_at: Timestamp | null };
  paycode_uses: { device_id: string; counter: number | string; payment_id: string; created_at: Timestamp };
  ledger_accounts: { owner_key: string; kind: string; currency: string; balance: number | string };
}

const db$ = (db: Kysely<any>) => tables<MerchantTables>(db);

export type CodeKind = 'static' | 'dynamic';
export type PaymentMethod = 'static_code' | 'dynamic_code' | 'pay_code';

export interface MerchantCodeRecord {
  id: string;
  merchantId: string;
  kind: CodeKind;
  currency: string;
  amount: number | null;
  reference: string | null;
  payload: string;
  /** Set on the static code made for this currency on the merchant's first visit. */
  defaultCurrency: string | null;
  expiresAt: string | null;
  paymentId: string | null;
  usedAt: string | null;
  createdAt: string;
}

export interface PaymentRecord {
  id: string;
  merchantId: string;
  payerId: string;
  amount: number;
  currency: string;
  refunded: number;
  method: PaymentMethod;
  codeId: string | null;
  deviceId: string | null;
  reference: string | null;
  note: string | null;
  entryId: string;
  createdAt: string;
}

export interface RefundRecord {
  id: string;
  paymentId: string;
  amount: number;
  currency: string;
  reason: string | null;
  entryId: string;
  createdAt: string;
}

export interface PayCodeDeviceRecord {
  id: string;
  userId: string;
  prefix: string;
  secret: string;
  createdAt: string;
  revokedAt: string | null;
}

const toCode = (row: MerchantTables['merchant_codes']): MerchantCodeRecord => ({
  id: row.id,
  merchantId: row.merchant_id,
  kind: row.kind as CodeKind,
  currency: row.currency,
  amount: row.amount === null ? null : Number(row.amount),
  reference: row.reference,
  payload: row.payload,
  defaultCurrency: row.default_currency,
  expiresAt: toIsoOrNull(row.expires_at),
  paymentId: row.payment_id,
  usedAt: toIsoOrNull(row.used_at),
  createdAt: toIso(row.created_at),
});

const toPayment = (row: MerchantTables['merchant_payments']): PaymentRecord => ({
  id: row.id,
  merchantId: row.merchant_id,
  payerId: row.payer_id,
  amount: Number(row.amount),
  currency: row.currency,
  refunded: Number(row.refunded),
  method: row.method as PaymentMethod,
  codeId: row.code_id,
  deviceId: row.device_id,
  reference: row.reference,
  note: row.note,
  entryId: row.entry_id,
  createdAt: toIso(row.created_at),
});

const toDevice = (row: MerchantTables['paycode_devices']): PayCodeDeviceRecord => ({
  id: row.id,
  userId: row.user_id,
  prefix: row.prefix,
  secret: row.secret,
  createdAt: toIso(row.created_at),
  revokedAt: toIsoOrNull(row.revoked_at),
});

export class MerchantStore {
  // --- Codes

  async insertCode(db: Kysely<any>, code: MerchantCodeRecord): Promise<void> {
    await db$(db).insertInto('merchant_codes').values(codeRow(code)).execute();
  }

  /** Inserts a merchant's default static code for a currency unless a concurrent first visit already did. */
  async insertDefaultCode(db: Kysely<any>, code: MerchantCodeRecord): Promise<void> {
    await db$(db)
      .insertInto('merchant_codes')
      .values(codeRow(code))
      .onConflict((oc) => oc.columns(['merchant_id', 'default_currency']).doNothing())
      .execute();
  }

  async findCode(db: Kysely<any>, id: string): Promise<MerchantCodeRecord | null> {
    const row = await db$(db).selectFrom('merchant_codes').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCode(row) : null;
  }

  async staticCodes(db: Kysely<any>, merchantId: string, limit: number): Promise<MerchantCodeRecord[]> {
    const rows = await db$(db)
      .selectFrom('merchant_codes')
      .selectAll()
      .where('merchant_id', '=', merchantId)
      .where('kind', '=', 'static')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toCode);
  }

  /**
   * Spends a dynamic code for a payment: one statement that succeeds only
   * while the code is unused and unexpired, so of two payers racing for it
   * exactly one gets the row.
   */
  async spendCode(db: Kysely<any>, id: string, paymentId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('merchant_codes')
      .set({ payment_id: paymentId, used_at: now })
      .where('id', '=', id)
      .where('kind', '=', 'dynamic')
      .where('payment_id', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  // --- Payments and refunds

  async insertPayment(db: Kysely<any>, payment: PaymentRecord): Promise<void> {
    await db$(db)
      .insertInto('merchant_payments')
      .values({
        id: payment.id,
        merchant_id: payment.merchantId,
        payer_id: payment.payerId,
        amount: payment.amount,
        currency: payment.currency,
        refunded: payment.refunded,
        method: payment.method,
        code_id: payment.codeId,
        device_id: payment.deviceId,
        reference: payment.reference,
        note: payment.note,
        entry_id: payment.entryId,
        created_at: payment.createdAt,
      })
      .execute();
  }

  async findPayment(db: Kysely<any>, id: string): Promise<PaymentRecord | null> {
    const row = await db$(db).selectFrom('merchant_payments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPayment(row) : null;
  }

  /** The till: a merchant's payments, newest first. */
  async paymentsOf(db: Kysely<any>, merchantId: string, options: { cursor?: string; limit: number }): Promise<Page<PaymentRecord>> {
    const query = db$(db).selectFrom('merchant_payments').selectAll().where('merchant_id', '=', merchantId);
    const page = await keysetPage(query, { idColumn: 'id', direction: 'desc', cursor: options.cursor, limit: options.limit, idOf: (row) => row.id });
    return { items: page.items.map(toPayment), nextCursor: page.nextCursor };
  }

  /**
   * Counts a refund against its payment: one statement that succeeds only
   * while the refunds stay within the amount paid, so concurrent partial
   * refunds can never add up to more. Returns the new refunded total, or null.
   */
  async addRefunded(db: Kysely<any>, paymentId: string, amount: number): Promise<number | null> {
    const row = await db$(db)
      .updateTable('merchant_payments')
      .set({ refunded: sql`refunded + ${amount}` })
      .where('id', '=', paymentId)
      .where(sql`refunded + ${amount}`, '<=', sql.ref('amount'))
      .returning('refunded')
      .executeTakeFirst();
    return row ? Number(row.refunded) : null;
  }

  async insertRefund(db: Kysely<any>, refund: RefundRecord): Promise<void> {
    await db$(db)
      .insertInto('merchant_refunds')
      .values({
        id: refund.id,
        payment_id: refund.paymentId,
        amount: refund.amount,
        currency: refund.currency,
        reason: refund.reason,
        entry_id: refund.entryId,
        created_at: refund.createdAt,
      })
      .execute();
  }

  /** The merchant's settlement balances: what payments brought in and payouts have not yet moved to the wallet. */
  async settlementOf(db: Kysely<any>, merchantId: string): Promise<Array<{ currency: string; amount: number }>> {
    const rows = await db$(db)
      .selectFrom('ledger_accounts')
      .select(['currency', 'balance'])
      .where('owner_key', '=', merchantId)
      .where('kind', '=', 'merchant_settlement')
      .execute();
    return rows.map((row) => ({ currency: row.currency, amount: Number(row.balance) }));
  }

  // --- Pay-code devices

  /** False when the prefix is taken (the caller draws another). */
  async insertDevice(db: Kysely<any>, device: PayCodeDeviceRecord): Promise<boolean> {
    const result = await db$(db)
      .insertInto('paycode_devices')
      .values({ id: device.id, user_id: device.userId, prefix: device.prefix, secret: device.secret, created_at: device.createdAt, revoked_at: null })
      .onConflict((oc) => oc.column('prefix').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async activeDeviceByPrefix(db: Kysely<any>, prefix: string): Promise<PayCodeDeviceRecord | null> {
    const row = await db$(db).selectFrom('paycode_devices').selectAll().where('prefix', '=', prefix).where('revoked_at', 'is', null).executeTakeFirst();
    return row ? toDevice(row) : null;
  }

  async revokeDevice(db: Kysely<any>, userId: string, deviceId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .updateTable('paycode_devices')
      .set({ revoked_at: now })
      .where('id', '=', deviceId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Records that a device's window was charged; false when it already was (a replayed code). */
  async usePayCode(db: Kysely<any>, deviceId: string, counter: number, paymentId: string, now: string): Promise<boolean> {
    const result = await db$(db)
      .insertInto('paycode_uses')
      .values({ device_id: deviceId, counter, payment_id: paymentId, created_at: now })
      .onConflict((oc) => oc.columns(['device_id', 'counter']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }
}

function codeRow(code: MerchantCodeRecord): MerchantTables['merchant_codes'] {
  return {
    id: code.id,
    merchant_id: code.merchantId,
    kind: code.kind,
    currency: code.currency,
    amount: code.amount,
    reference: code.reference,
    payload: code.payload,
    default_currency: code.defaultCurrency,
    expires_at: code.expiresAt,
    payment_id: code.paymentId,
    used_at: code.usedAt,
    created_at: code.createdAt,
  };
}

import { Type, type Static } from 'typebox';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const QrParseBody = Type.Object(
  { payload: Type.String({ minLength: 1, maxLength: 512, description: 'The text of a scanned EMVCo merchant-presented QR code.' }) },
  { additionalProperties: false },
);
export type QrParseBody = Static<typeof QrParseBody>;

export const EmvSubField = Type.Object({ id: Type.String(), value: Type.String() });

export const EmvField = Type.Object({
  id: Type.String(),
  value: Type.String(),
  /** Sub-fields of a template (26–51 merchant accounts, 62 additional data, 64 language, 80–99). */
  children: Type.Optional(Type.Array(EmvSubField)),
});
export type EmvField = Static<typeof EmvField>;

/** A decoded merchant-presented code, of Souk or of another network (shown, not payable). */
export const QrParseResult = Type.Object({
  fields: Type.Array(EmvField),
  pointOfInitiation: Nullable(Type.Union([Type.Literal('static'), Type.Literal('dynamic')])),
  network: Nullable(Type.Object({ name: Type.String(), payable: Type.Boolean() })),
  merchantAccounts: Type.Array(Type.Object({ id: Type.String(), gui: Nullable(Type.String()), fields: Type.Array(EmvSubField) })),
  merchantCategoryCode: Nullable(Type.String()),
  currency: Nullable(Type.String()),
  amount: Nullable(Type.String()),
  country: Nullable(Type.String()),
  merchantName: Nullable(Type.String()),
  merchantCity: Nullable(Type.String()),
  postalCode: Nullable(Type.String()),
  additionalData: Type.Record(Type.String(), Type.String()),
  alternateLanguage: Nullable(
    Type.Object({ language: Nullable(Type.String()), merchantName: Nullable(Type.String()), merchantCity: Nullable(Type.String()) }),
  ),
  /** Departures from EMVCo that real national codes make (e.g. PromptPay omits the merchant name). */
  warnings: Type.Array(Type.String()),
});
export type QrParseResult = Static<typeof QrParseResult>;

// ---------------------------------------------------------------------------
// Money. Amounts are JSON integers in minor units (fen, cents); a string, a
// fraction, zero, a negative or anything past MAX_AMOUNT is refused.

/** The largest amount one operation may move: 10^12 minor units (ten billion yuan). */
export const MAX_AMOUNT = 1_000_000_000_000;
export const Amount = Type.Integer({ minimum: 1, maximum: MAX_AMOUNT, description: 'Integer minor units (fen, cents).' });
/** ISO 4217 code; the server refuses currencies it has not enabled (CNY and EUR by default). */
export const Currency = Type.String({ pattern: '^[A-Z]{3}$' });
export const Pin = Type.String({ pattern: '^[0-9]{6}$', description: 'Six-digit payment PIN.' });
const Note = Type.String({ maxLength: 140 });
/** A user by handle (with or without @) or by id. */
export const Recipient = Type.String({ minLength: 1, maxLength: 64 });

/** Who is on the other side of a movement, as the history shows them. */
export const WalletParty = Type.Object({
  id: Type.String(),
  handle: Type.String(),
  displayName: Type.String(),
  avatarUrl: Nullable(Type.String()),
});
export type WalletParty = Static<typeof WalletParty>;

export const Balance = Type.Object({
  currency: Type.String(),
  /** Spendable now. */
  available: Type.Integer(),
  /** Set aside by pending holds (withdrawals in flight, authorisations). */
  held: Type.Integer(),
});
export type Balance = Static<typeof Balance>;

export const Balances = Type.Object({ balances: Type.Array(Balance) });
export type Balances = Static<typeof Balances>;

/** The signed-in user's wallet: balances, PIN state and today's limit. */
export const WalletSummary = Type.Object({
  balances: Type.Array(Balance),
  currencies: Type.Array(Type.String()),
  pin: Type.Object({
    set: Type.Boolean(),
    lockedUntil: Nullable(Type.String({ format: 'date-time' })),
    /** Transfers above this many minor units need the PIN; QR payments always do. */
    requiredAbove: Type.Integer(),
  }),
  /** Outgoing money per currency per UTC day. */
  dailyLimit: Type.Object({ limit: Type.Integer(), used: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() })) }),
});
export type WalletSummary = Static<typeof WalletSummary>;

export const SetPinBody = Type.Object({ pin: Pin, password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });
export type SetPinBody = Static<typeof SetPinBody>;

export const FundingBody = Type.Object(
  {
    amount: Amount,
    currency: Currency,
    /** The sandbox bank's answer for this request (default succeed); ignored by real providers. */
    simulate: Type.Optional(Type.Union([Type.Literal('succeed'), Type.Literal('fail')])),
  },
  { additionalProperties: false },
);
export type FundingBody = Static<typeof FundingBody>;

export const FundingStatus = Type.Union([Type.Literal('pending'), Type.Literal('succeeded'), Type.Literal('failed')]);
export type FundingStatus = Static<typeof FundingStatus>;

/** A top-up or a withdrawal through a funding source (the sandbox bank by default). */
export const Funding = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('topup'), Type.Literal('withdrawal')]),
  provider: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  status: FundingStatus,
  failureReason: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
});
export type Funding = Static<typeof Funding>;

export const TransferBody = Type.Object(
  { to: Recipient, amount: Amount, currency: Currency, note: Type.Optional(Note), pin: Type.Optional(Pin) },
  { additionalProperties: false },
);
export type TransferBody = Static<typeof TransferBody>;

export const Transfer = Type.Object({
  id: Type.String({ description: 'The journal entry that moved the money.' }),
  from: WalletParty,
  to: WalletParty,
  amount: Type.Integer(),
  currency: Type.String(),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Transfer = Static<typeof Transfer>;

export const TransactionKind = Type.Union([
  Type.Literal('topup'),
  Type.Literal('withdrawal'),
  Type.Literal('transfer'),
  Type.Literal('payment'),
  Type.Literal('refund'),
  Type.Literal('payout'),
  Type.Literal('red_packet'),
  Type.Literal('hold'),
  Type.Literal('reversal'),
]);
export type TransactionKind = Static<typeof TransactionKind>;

/** One line of a user's history: a journal entry as it touched their wallet. */
export const WalletTransaction = Type.Object({
  id: Type.String(),
  kind: TransactionKind,
  /** Signed minor units: positive in, negative out. */
  amount: Type.Integer(),
  currency: Type.String(),
  counterparty: Nullable(WalletParty),
  /**
   * The note the money came with; on a withdrawal, where it stands: the money
   * out 'pending' (held) until the bank answers, then 'completed' or
   * 'declined', and the money back 'returned'.
   */
  note: Nullable(Type.String()),
  /** What the entry belongs to: a payment, red packet, funding or hold id. */
  reference: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type WalletTransaction = Static<typeof WalletTransaction>;

export const TransactionQuery = Type.Object(
  {
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
    currency: Type.Optional(Currency),
  },
  { additionalProperties: false },
);
export type TransactionQuery = Static<typeof TransactionQuery>;

export const TransactionPage = Type.Object({ items: Type.Array(WalletTransaction), nextCursor: Nullable(Type.String()) });
export type TransactionPage = Static<typeof TransactionPage>;

// ---------------------------------------------------------------------------
// Merchants: printed (static) and per-sale (dynamic) codes, payments, refunds,
// the consumer-presented pay code and the till.

export const MerchantCodeBody = Type.Object(
  {
    currency: Currency,
    /** With an amount the code is dynamic: usable once, until it expires. */
    amount: Type.Optional(Amount),
    reference: Type.Optional(Type.String({ minLength: 1, maxLength: 25, pattern: '^[A-Za-z0-9-]+$' })),
    expiresInSeconds: Type.Optional(Type.Integer({ minimum: 30, maximum: 86_400 })),
  },
  { additionalProperties: false },
);
export type MerchantCodeBody = Static<typeof MerchantCodeBody>;

export const MerchantCode = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('static'), Type.Literal('dynamic')]),
  /** The EMVCo payload to render as a QR code. */
  payload: Type.String(),
  currency: Type.String(),
  amount: Nullable(Type.Integer()),
  reference: Nullable(Type.String()),
  expiresAt: Nullable(Type.String({ format: 'date-time' })),
  status: Type.Union([Type.Literal('active'), Type.Literal('used'), Type.Literal('expired')]),
  createdAt: Type.String({ format: 'date-time' }),
});
export type MerchantCode = Static<typeof MerchantCode>;

export const PayCodeBody = Type.Object(
  {
    /** The scanned merchant-presented payload. */
    payload: Type.String({ minLength: 1, maxLength: 512 }),
    /** Needed for a static code (the payer types it); must match a dynamic code's amount when given. */
    amount: Type.Optional(Amount),
    pin: Pin,
    note: Type.Optional(Note),
  },
  { additionalProperties: false },
);
export type PayCodeBody = Static<typeof PayCodeBody>;

export const Payment = Type.Object({
  id: Type.String(),
  payer: WalletParty,
  merchant: WalletParty,
  amount: Type.Integer(),
  currency: Type.String(),
  refunded: Type.Integer(),
  method: Type.Union([Type.Literal('static_code'), Type.Literal('dynamic_code'), Type.Literal('pay_code')]),
  reference: Nullable(Type.String()),
  note: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Payment = Static<typeof Payment>;

export const PaymentPage = Type.Object({ items: Type.Array(Payment), nextCursor: Nullable(Type.String()) });
export type PaymentPage = Static<typeof PaymentPage>;

export const RefundBody = Type.Object({ amount: Amount, reason: Type.Optional(Note) }, { additionalProperties: false });
export type RefundBody = Static<typeof RefundBody>;

export const Refund = Type.Object({
  id: Type.String(),
  paymentId: Type.String(),
  amount: Type.Integer(),
  currency: Type.String(),
  reason: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Refund = Static<typeof Refund>;

/** A payer's device registered for pay codes; the secret is shown once and kept on the device. */
export const PayCodeDevice = Type.Object({
  deviceId: Type.String(),
  /** Base32 secret (RFC 4648) from which the device derives a code every 60 seconds. */
  secret: Type.String(),
  /** The digits that open every code of this device (the server finds the device by them). */
  prefix: Type.String(),
  periodSeconds: Type.Integer(),
});
export type PayCodeDevice = Static<typeof PayCodeDevice>;

/** A merchant charging the payer's presented code. */
export const ChargeBody = Type.Object(
  { code: Type.String({ pattern: '^[0-9]{18}$' }), amount: Amount, currency: Currency, note: Type.Optional(Note) },
  { additionalProperties: false },
);
export type ChargeBody = Static<typeof ChargeBody>;

/** The merchant's till: what has been collected and not yet paid out to the wallet. */
export const MerchantSummary = Type.Object({
  settlement: Type.Array(Type.Object({ currency: Type.String(), amount: Type.Integer() })),
  staticCodes: Type.Array(MerchantCode),
});
export type MerchantSummary = Static<typeof MerchantSummary>;

export const PayoutBody = Type.Object({ amount: Amount, currency: Currency }, { additionalProperties: false });
export type PayoutBody = Static<typeof PayoutBody>;

// ---------------------------------------------------------------------------
// Red packets (红包).

export const RedPacketBody = Type.Object(
  {
    /** The total, split into `count` shares. */
    amount: Amount,
    currency: Currency,
    count: Type.Integer({ minimum: 1, maximum: 1000 }),
    /** Fixed: equal shares (the total must divide evenly). Lucky: random shares of at least one minor unit. */
    split: Type.Union([Type.Literal('fixed'), Type.Literal('lucky')]),
    message: Type.Optional(Type.String({ maxLength: 60 })),
    /** Only these users (handles or ids) may open it; anyone with the link when absent. */
    recipients: Type.Optional(Type.Array(Recipient, { minItems: 1, maxItems: 1000 })),
    pin: Type.Optional(Pin),
  },
  { additionalProperties: false },
);
export type RedPacketBody = Static<typeof RedPacketBody>;

export const RedPacketShare = Type.Object({ user: WalletParty, amount: Type.Integer(), claimedAt: Type.String({ format: 'date-time' }) });

export const RedPacket = Type.Object({
  id: Type.String(),
  sender: WalletParty,
  amount: Type.Integer(),
  currency: Type.String(),
  count: Type.Integer(),
  split: Type.Union([Type.Literal('fixed'), Type.Literal('lucky')]),
  message: Nullable(Type.String()),
  status: Type.Union([Type.Literal('open'), Type.Literal('finished'), Type.Literal('expired')]),
  claimedCount: Type.Integer(),
  claimedAmount: Type.Integer(),
  /** The viewer's share, when they have opened it. */
  myShare: Nullable(Type.Integer()),
  /** Whether the viewer may still open it. */
  canOpen: Type.Boolean(),
  shares: Type.Array(RedPacketShare),
  expiresAt: Type.String({ format: 'date-time' }),
  createdAt: Type.String({ format: 'date-time' }),
});
export type RedPacket = Static<typeof RedPacket>;

export const RedPacketPage = Type.Object({ items: Type.Array(RedPacket), nextCursor: Nullable(Type.String()) });
export type RedPacketPage = Static<typeof RedPacketPage>;

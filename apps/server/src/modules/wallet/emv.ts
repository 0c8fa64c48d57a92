/**
 * EMVCo Merchant-Presented Mode QR payloads (EMV QRCPS-MPM): the codes printed
 * at a street stall or shown on a till, shared by PIX, PromptPay, SGQR/PayNow,
 * DuitNow, QRIS, UPI and Souk itself.
 *
 * A payload is a flat run of TLV fields: a two-digit id, a two-digit length,
 * then the value. Lengths count characters (code points), not bytes, so
 * `0102北京` is two characters; the CRC in field 63 is CRC-16/CCITT-FALSE over
 * the UTF-8 bytes of everything before its own value, `6304` included.
 * Fields 26–51 (merchant account information), 62 (additional data), 64
 * (language template) and 80–99 hold nested TLV of their own.
 *
 * The decoder is strict about framing (a bad CRC, a truncated field, a
 * non-numeric length, a repeated id or anything after the CRC is refused with
 * the reason) and lenient about content: real national codes omit fields
 * EMVCo calls mandatory (PromptPay has no name or city), so those become
 * warnings, and the code is still shown.
 */

export interface EmvField {
  id: string;
  value: string;
  /** Parsed sub-fields of a template (26–51, 62, 64, 80–99). */
  children?: EmvField[];
}

export type EmvErrorCode =
  | 'EMPTY'
  | 'BAD_LENGTH'
  | 'TRUNCATED'
  | 'BAD_ID'
  | 'DUPLICATE_FIELD'
  | 'MISSING_CRC'
  | 'CRC_NOT_LAST'
  | 'BAD_CRC'
  | 'BAD_FORMAT_INDICATOR'
  | 'BAD_TEMPLATE';

export class EmvDecodeError extends Error {
  constructor(
    readonly code: EmvErrorCode,
    message: string,
    /** Character offset in the payload where the problem starts. */
    readonly position: number,
  ) {
    super(message);
  }
}

export interface MerchantAccount {
  /** The field id, 02–51. */
  id: string;
  /** Globally unique identifier of the network (sub-field 00 of 26–51), when there is one. */
  gui: string | null;
  fields: EmvField[];
}

export interface Network {
  name: string;
  /** Whether Souk can pay this code itself; codes of other networks are shown, not paid. */
  payable: boolean;
}

export interface AdditionalData {
  billNumber?: string;
  mobileNumber?: string;
  storeLabel?: string;
  loyaltyNumber?: string;
  referenceLabel?: string;
  customerLabel?: string;
  terminalLabel?: string;
  purpose?: string;
  consumerDataRequest?: string;
}

export interface DecodedEmv {
  fields: EmvField[];
  /** 11 = static (printed, reusable), 12 = dynamic (one payment); null when field 01 is absent. */
  pointOfInitiation: 'static' | 'dynamic' | null;
  merchantAccounts: MerchantAccount[];
  network: Network | null;
  merchantCategoryCode: string | null;
  /** ISO 4217 numeric code, e.g. "986" for BRL. */
  currency: string | null;
  /** As written, e.g. "10.00"; null when the payer enters it. */
  amount: string | null;
  country: string | null;
  merchantName: string | null;
  merchantCity: string | null;
  postalCode: string | null;
  additionalData: AdditionalData;
  /** Field 64: the merchant's name and city in another language. */
  alternateLanguage: { language: string | null; merchantName: string | null; merchantCity: string | null } | null;
  /** Departures from EMVCo that real codes make; the code is still readable. */
  warnings: string[];
}

/** The GUI Souk's own codes carry in their merchant account template. */
export const SOUK_GUI = 'dev.souk.pay';

const NETWORKS: Array<{ match: (gui: string) => boolean; name: string; payable: boolean }> = [
  { match: (gui) => gui.toLowerCase() === SOUK_GUI, name: 'Souk', payable: true },
  { match: (gui) => gui.toLowerCase() === 'br.gov.bcb.pix', name: 'PIX', payable: false },
  { match: (gui) => /^A00000067701011[1-4]$/i.test(gui), name: 'PromptPay', payable: false },
  { match: (gui) => gui.toUpperCase() === 'SG.PAYNOW', name: 'PayNow', payable: false },
  { match: (gui) => gui.toUpperCase().startsWith('SG.COM.NETS') || gui.toUpperCase() === 'SG.SGQR', name: 'SGQR', payable: false },
  { match: (gui) => gui.toUpperCase() === 'A0000006150001', name: 'DuitNow', payable: false },
  { match: (gui) => gui.toUpperCase().startsWith('ID.CO.QRIS'), name: 'QRIS', payable: false },
  { match: (gui) => gui.toUpperCase().startsWith('A000000524'), name: 'UPI', payable: false },
];

const TEMPLATE_IDS = (id: number) => (id >= 26 && id <= 51) || id === 62 || id === 64 || (id >= 80 && id <= 99);

// ---- CRC ---------------------------------------------------------------------

/** CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR. */
export function crc16(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc;
}

function crcOf(text: string): string {
  return crc16(new TextEncoder().encode(text)).toString(16).toUpperCase().padStart(4, '0');
}

// ---- TLV ---------------------------------------------------------------------

/**
 * Splits a run of TLV fields, counting lengths in code points. `offset`
 * positions errors in the whole payload. With `endsAtCrc` (the payload
 * itself, not a template) the run ends with field 63: whatever follows it is
 * data after the CRC, however it would read as fields.
 */
function parseTlv(chars: string[], offset: number, endsAtCrc = false): EmvField[] {
  const fields: EmvField[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < chars.length) {
    if (chars.length - i < 4) throw new EmvDecodeError('TRUNCATED', `Field at ${offset + i} is cut short: it needs an id and a length.`, offset + i);
    const id = chars.slice(i, i + 2).join('');
    const lengthText = chars.slice(i + 2, i + 4).join('');
    if (!/^\d\d$/.test(id)) throw new EmvDecodeError('BAD_ID', `Field id "${id}" at ${offset + i} is not two digits.`, offset + i);
    if (!/^\d\d$/.test(lengthText)) {
      throw new EmvDecodeError('BAD_LENGTH', `Field ${id} at ${offset + i} has a length "${lengthText}" that is not two digits.`, offset + i + 2);
    }
    const length = Number(lengthText);
    if (length === 0) throw new EmvDecodeError('BAD_LENGTH', `Field ${id} at ${offset + i} is empty.`, offset + i + 2);
    if (i + 4 + length > chars.length) {
      throw new EmvDecodeError('TRUNCATED', `Field ${id} says ${length} characters but only ${chars.length - i - 4} follow.`, offset + i);
    }
    if (seen.has(id)) throw new EmvDecodeError('DUPLICATE_FIELD', `Field ${id} appears twice.`, offset + i);
    seen.add(id);
    fields.push({ id, value: chars.slice(i + 4, i + 4 + length).join('') });
    i += 4 + length;
    if (endsAtCrc && id === '63' && i < chars.length) {
      throw new EmvDecodeError('CRC_NOT_LAST', `${chars.length - i} characters follow the CRC (field 63 must be last).`, offset + i);
    }
  }
  return fields;
}

/** Parses a payload; throws EmvDecodeError with the reason when it cannot be read. */
export function decodeEmv(payload: string): DecodedEmv {
  const text = payload.trim();
  if (text === '') throw new EmvDecodeError('EMPTY', 'The code is empty.', 0);
  const chars = Array.from(text);
  const fields = parseTlv(chars, 0, true);
  const crcField = fields[fields.length - 1]!;
  if (crcField.id !== '63') throw new EmvDecodeError('MISSING_CRC', 'The code has no CRC (field 63).', chars.length);
  const crc = crcField.value;
  if (!/^[0-9A-Fa-f]{4}$/.test(crc)) throw new EmvDecodeError('BAD_CRC', `The CRC "${crc}" is not four hexadecimal digits.`, chars.length - crc.length);
  const expected = crcOf(chars.slice(0, chars.length - 4).join(''));
  if (crc.toUpperCase() !== expected) {
    throw new EmvDecodeError('BAD_CRC', `The CRC is ${crc.toUpperCase()} but the data gives ${expected}: the code is damaged or was altered.`, chars.length - 4);
  }
  if (fields[0]!.id !== '00' || fields[0]!.value !== '01') {
    throw new EmvDecodeError('BAD_FORMAT_INDICATOR', 'An EMV code starts with the payload format indicator 000201.', 0);
  }

  // Templates carry TLV of their own; a malformed one is refused like the payload.
  let position = 0;
  for (const field of fields) {
    const start = position + 4;
    position += 4 + Array.from(field.value).length;
    if (!TEMPLATE_IDS(Number(field.id))) continue;
    try {
      field.children = parseTlv(Array.from(field.value), start);
    } catch (error) {
      if (!(error instanceof EmvDecodeError)) throw error;
      throw new EmvDecodeError('BAD_TEMPLATE', `Template ${field.id}: ${error.message}`, error.position);
    }
  }
  return describe(fields);
}

function describe(fields: EmvField[]): DecodedEmv {
  const warnings: string[] = [];
  const value = (id: string) => fields.find((field) => field.id === id)?.value ?? null;
  const child = (field: EmvField | undefined, id: string) => field?.children?.find((sub) => sub.id === id)?.value;

  const initiation = value('01');
  if (initiation !== null && initiation !== '11' && initiation !== '12') warnings.push(`Point of initiation "${initiation}" is neither 11 (static) nor 12 (dynamic).`);

  const merchantAccounts: MerchantAccount[] = fields
    .filter((field) => Number(field.id) >= 2 && Number(field.id) <= 51)
    .map((field) => ({ id: field.id, gui: Number(field.id) >= 26 ? (child(field, '00') ?? null) : null, fields: field.children ?? [] }));
  if (merchantAccounts.length === 0) warnings.push('No merchant account information (fields 02–51).');
  for (const account of merchantAccounts) {
    if (Number(account.id) >= 26 && account.gui === null) warnings.push(`Merchant account template ${account.id} has no globally unique identifier (sub-field 00).`);
  }

  const network = merchantAccounts
    .map((account) => (account.gui ? NETWORKS.find((known) => known.match(account.gui!)) : undefined))
    .find((known) => known !== undefined);

  for (const [id, name] of [
    ['52', 'merchant category code'],
    ['53', 'transaction currency'],
    ['58', 'country code'],
    ['59', 'merchant name'],
    ['60', 'merchant city'],
  ] as const) {
    if (value(id) === null) warnings.push(`Field ${id} (${name}) is missing; EMVCo makes it mandatory.`);
  }
  const currency = value('53');
  if (currency !== null && !/^\d{3}$/.test(currency)) warnings.push(`Currency "${currency}" is not an ISO 4217 numeric code.`);
  const amount = value('54');
  if (amount !== null && !/^(?=.*\d)\d*(\.\d*)?$/.test(amount)) warnings.push(`Amount "${amount}" is not a decimal number.`);
  if (initiation === '12' && amount === null) warnings.push('A dynamic code (12) without an amount.');
  const tip = value('55');
  if (tip === '01' && (value('56') !== null || value('57') !== null)) {
    warnings.push('Tip indicator 01 (payer enters the tip) must not come with a fixed (56) or percentage (57) convenience fee.');
  }

  const additional = fields.find((field) => field.id === '62');
  const additionalData: AdditionalData = {};
  const names: Array<[string, keyof AdditionalData]> = [
    ['01', 'billNumber'],
    ['02', 'mobileNumber'],
    ['03', 'storeLabel'],
    ['04', 'loyaltyNumber'],
    ['05', 'referenceLabel'],
    ['06', 'customerLabel'],
    ['07', 'terminalLabel'],
    ['08', 'purpose'],
    ['09', 'consumerDataRequest'],
  ];
  for (const [id, key] of names) {
    const found = child(additional, id);
    if (found !== undefined) additionalData[key] = found;
  }

  const language = fields.find((field) => field.id === '64');
  return {
    fields,
    pointOfInitiation: initiation === '11' ? 'static' : initiation === '12' ? 'dynamic' : null,
    merchantAccounts,
    network: network ? { name: network.name, payable: network.payable } : null,
    merchantCategoryCode: value('52'),
    currency,
    amount,
    country: value('58'),
    merchantName: value('59'),
    merchantCity: value('60'),
    postalCode: value('61'),
    additionalData,
    alternateLanguage: language
      ? { language: child(language, '00') ?? null, merchantName: child(language, '01') ?? null, merchantCity: child(language, '02') ?? null }
      : null,
    warnings,
  };
}

// ---- Encoder -----------------------------------------------------------------

export interface EmvPayloadInput {
  pointOfInitiation: 'static' | 'dynamic';
  /** Souk's merchant account template (field 26): its GUI first, then the merchant id. */
  merchantId: string;
  /** Further sub-fields of Souk's template 26 after the merchant id (02–99), e.g. a dynamic code's expiry. */
  merchantAccountFields?: Array<{ id: string; value: string }>;
  merchantCategoryCode: string;
  currency: string;
  /** Decimal text in major units, e.g. "12.50"; only on dynamic codes. */
  amount?: string;
  country: string;
  merchantName: string;
  merchantCity: string;
  postalCode?: string;
  additionalData?: Pick<AdditionalData, 'billNumber' | 'storeLabel' | 'referenceLabel' | 'terminalLabel' | 'purpose'>;
  alternateLanguage?: { language: string; merchantName: string; merchantCity?: string };
}

function tlv(id: string, value: string): string {
  const length = Array.from(value).length;
  if (length === 0 || length > 99) throw new RangeError(`EMV field ${id} must hold 1 to 99 characters, got ${length}.`);
  return `${id}${String(length).padStart(2, '0')}${value}`;
}

/** Builds a payload with Souk's merchant account template, fields in id order, and its CRC. */
export function encodeEmv(input: EmvPayloadInput): string {
  const parts = [tlv('00', '01'), tlv('01', input.pointOfInitiation === 'static' ? '11' : '12')];
  const accountFields = (input.merchantAccountFields ?? []).map((field) => tlv(field.id, field.value)).join('');
  parts.push(tlv('26', tlv('00', SOUK_GUI) + tlv('01', input.merchantId) + accountFields));
  parts.push(tlv('52', input.merchantCategoryCode), tlv('53', input.currency));
  if (input.amount !== undefined) parts.push(tlv('54', input.amount));
  parts.push(tlv('58', input.country), tlv('59', input.merchantName), tlv('60', input.merchantCity));
  if (input.postalCode) parts.push(tlv('61', input.postalCode));
  const extra = input.additionalData;
  if (extra) {
    const inner = [
      extra.billNumber && tlv('01', extra.billNumber),
      extra.storeLabel && tlv('03', extra.storeLabel),
      extra.referenceLabel && tlv('05', extra.referenceLabel),
      extra.terminalLabel && tlv('07', extra.terminalLabel),
      extra.purpose && tlv('08', extra.purpose),
    ].filter(Boolean);
    if (inner.length > 0) parts.push(tlv('62', inner.join('')));
  }
  const alt = input.alternateLanguage;
  if (alt) parts.push(tlv('64', tlv('00', alt.language) + tlv('01', alt.merchantName) + (alt.merchantCity ? tlv('02', alt.merchantCity) : '')));
  const body = `${parts.join('')}6304`;
  return body + crcOf(body);
}

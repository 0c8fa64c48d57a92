import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { encodeEmv } from './emv.js';
import { QrCurrencyUnsupportedError } from './merchant.errors.js';
import { formatMinor } from './wallet.service.js';

/**
 * What a merchant's code says and how it is printed: the EMVCo payload of a
 * Souk code, and its PNG, SVG and A6 poster renderings.
 */

// ---- Payload -----------------------------------------------------------------

/** ISO 4217 numeric codes (field 53 carries the number, not the letters). */
const CURRENCY_NUMERIC: Record<string, string> = {
  AED: '784', AUD: '036', BRL: '986', CAD: '124', CHF: '756', CNY: '156', CZK: '203', DKK: '208', EUR: '978', GBP: '826',
  HKD: '344', HUF: '348', IDR: '360', ILS: '376', INR: '356', JPY: '392', KRW: '410', MAD: '504', MOP: '446', MXN: '484',
  MYR: '458', NGN: '566', NOK: '578', NZD: '554', PHP: '608', PKR: '586', PLN: '985', RON: '946', SAR: '682', SEK: '752',
  SGD: '702', THB: '764', TND: '788', TRY: '949', TWD: '901', USD: '840', VND: '704', XAF: '950', XOF: '952', ZAR: '710',
};

/** No category: person-to-person collection codes (PayNow, DuitNow) carry 0000, and anyone can be a Souk merchant. */
const MERCHANT_CATEGORY = '0000';
/** Souk profiles have no city, and EMVCo makes field 60 mandatory: say so rather than invent one. */
const UNKNOWN_CITY = 'N/A';
const NAME_MAX = 25;

export function currencyNumeric(currency: string): string {
  const numeric = CURRENCY_NUMERIC[currency];
  if (!numeric) throw new QrCurrencyUnsupportedError(currency);
  return numeric;
}

/**
 * Field 58: ISO 4217 letter codes begin with the issuing country's ISO 3166
 * code (CNY → CN); the euro's gives EU, the code ISO 3166 reserves for the Union.
 */
function countryOf(currency: string): string {
  return currency.slice(0, 2);
}

const SPELLED: Record<string, string> = { ß: 'ss', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ø: 'o', Ø: 'O', đ: 'd', Đ: 'D', ł: 'l', Ł: 'L', þ: 'th', Þ: 'Th' };

/** Fields 59 and 60 hold EMVCo's common character set (printable ASCII): "Café Zoë" → "Cafe Zoe", "北京烤鸭" → "". */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæÆœŒøØđĐłŁþÞ]/g, (char) => SPELLED[char]!)
    .replace(/[^\x20-\x7e]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The ISO 639 language of template 64: the script says it for CJK, else the merchant's own locale. */
function languageOf(name: string, locale: string | null): string {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(name)) return 'ja';
  if (/\p{Script=Hangul}/u.test(name)) return 'ko';
  if (/\p{Script=Han}/u.test(name)) return 'zh';
  return (locale ?? 'en').slice(0, 2);
}

const firstChars = (text: string, count: number) => Array.from(text).slice(0, count).join('').trim();

/** 2026-01-01T00:15:00Z → 20260101001500: the expiry sub-field of Souk's template 26. */
function compactUtc(iso: string): string {
  return iso.slice(0, 19).replace(/[-T:]/g, '');
}

export interface SoukCodeInput {
  codeId: string;
  kind: 'static' | 'dynamic';
  currency: string;
  amount: number | null;
  reference: string | null;
  expiresAt: string | null;
  merchant: { handle: string; displayName: string; locale: string | null };
}

/**
 * A Souk merchant-presented payload: point of initiation 11 (static) or 12
 * (dynamic); template 26 with Souk's GUI, the code id (01) and, on a dynamic
 * code, its expiry (02, UTC YYYYMMDDhhmmss); the merchant's name folded to
 * ASCII in 59, and as written in template 64 when it is not ASCII; the
 * handle as store label (62/03) and the reference (62/05).
 */
export function soukPayload(input: SoukCodeInput): string {
  const { merchant } = input;
  const name = merchant.displayName.normalize('NFC').trim();
  const folded = firstChars(asciiFold(name), NAME_MAX) || firstChars(merchant.handle, NAME_MAX);
  return encodeEmv({
    pointOfInitiation: input.kind,
    merchantId: input.codeId,
    merchantAccountFields: input.expiresAt ? [{ id: '02', value: compactUtc(input.expiresAt) }] : [],
    merchantCategoryCode: MERCHANT_CATEGORY,
    currency: currencyNumeric(input.currency),
    amount: input.amount === null ? undefined : formatMinor(input.amount, input.currency),
    country: countryOf(input.currency),
    merchantName: folded,
    merchantCity: UNKNOWN_CITY,
    additionalData: { storeLabel: firstChars(merchant.handle, NAME_MAX), referenceLabel: input.reference ?? undefined },
    alternateLanguage: name !== folded && name !== '' ? { language: languageOf(name, merchant.locale), merchantName: firstChars(name, NAME_MAX) } : undefined,
  });
}

// ---- Images --------------------------------------------------------------------

/** M (15 % of the symbol recoverable) survives a creased or smudged print and keeps the symbol small. */
const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

export function renderPng(payload: string): Promise<Buffer> {
  return QRCode.toBuffer(payload, { ...QR_OPTIONS, type: 'png', scale: 8 });
}

export function renderSvg(payload: string): Promise<string> {
  return QRCode.toString(payload, { ...QR_OPTIONS, type: 'svg' });
}

// ---- Poster --------------------------------------------------------------------

export interface FontRef {
  file: string;
  /** The PostScript name of the face inside a collection (.ttc); absent for a single-face file. */
  face?: string;
}

/** Where Debian's CJK font packages put their files (fonts-wqy-microhei first: small, TrueType, complete for zh). */
const KNOWN_CJK_FONTS: FontRef[] = [
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', face: 'WenQuanYiMicroHei' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', face: 'WenQuanYiZenHei' },
  { file: '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf' },
  { file: '/usr/share/fonts/truetype/arphic/uming.ttc', face: 'AR-PL-UMing-CN' },
];

let cjkFont: FontRef | null | undefined;

/**
 * A font that can draw Chinese, found once per process: the known Debian
 * paths, else whatever fontconfig lists for zh. Null when the machine has
 * none; posters then print the ASCII-folded name and leave out the Chinese
 * line (install fonts-wqy-microhei to get them).
 */
export function findCjkFont(): FontRef | null {
  if (cjkFont !== undefined) return cjkFont;
  cjkFont = KNOWN_CJK_FONTS.find((font) => fs.existsSync(font.file)) ?? fromFontconfig();
  return cjkFont;
}

function fromFontconfig(): FontRef | null {
  try {
    const listing = execFileSync('fc-list', [':lang=zh', 'file', 'postscriptname'], { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] });
    for (const line of listing.split('\n')) {
      const match = /^(.+\.(?:ttf|ttc|otf)):\s*:postscriptname=(.+)$/i.exec(line.trim());
      // CFF-flavoured collections (Noto CJK .ttc) are left out: pdfkit subsets TrueType outlines reliably.
      if (match && !/\.otf$/i.test(match[1]!)) return { file: match[1]!, face: /\.ttc$/i.test(match[1]!) ? match[2]! : undefined };
    }
  } catch {
    // No fontconfig on this machine.
  }
  return null;
}

/** What the built-in PDF fonts can draw (WinAnsi: Latin-1 and a few more). */
const STANDARD_FONT_TEXT = /^[\x20-\x7e\u00a0-\u00ff€‘’“”–—…•]*$/;

export interface PosterInput {
  payload: string;
  merchantName: string;
  /** Shown when the name cannot be drawn (no CJK font). */
  fallbackName: string;
  amount: number | null;
  currency: string;
  reference: string | null;
  expiresAt: string | null;
  codeId: string;
}

export const A6 = { width: 297.64, height: 419.53 } as const;
const BRAND = '#E8533F';
const INK = '#1F1F1F';
const SCAN_LINES = { en: 'Scan with Souk', fr: 'Scannez avec Souk', zh: '用 Souk 扫码付款' } as const;

/**
 * The printable A6 poster: the merchant's name, the QR code drawn as vectors
 * (sharp at any print size), the amount of a dynamic code, and "Scan with
 * Souk" in English, French and Chinese.
 */
export async function renderPoster(input: PosterInput, cjk: FontRef | null = findCjkFont()): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A6',
    margin: 0,
    info: { Title: `${input.fallbackName} – Souk`, Author: 'Souk', Subject: input.amount === null ? 'Payment code' : 'Payment request' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  if (cjk) doc.registerFont('cjk', cjk.file, cjk.face as string);
  const fontFor = (text: string, bold: boolean) => (STANDARD_FONT_TEXT.test(text) ? (bold ? 'Helvetica-Bold' : 'Helvetica') : cjk ? 'cjk' : null);

  const { width, height } = A6;
  const margin = 22;
  const inner = width - 2 * margin;

  doc.rect(0, 0, width, 34).fill(BRAND);
  doc.fillColor('#FFFFFF').font('Helvetica-Bold').fontSize(15).text('Souk', margin, 10, { width: inner, align: 'left' });
  doc.font('Helvetica').fontSize(8).text(input.amount === null ? 'Pay here' : 'Payment request', margin, 14, { width: inner, align: 'right' });

  // The name as written when a font can draw it, else its ASCII form; shrunk to fit two lines at most.
  const nameFont = fontFor(input.merchantName, true);
  const name = nameFont ? input.merchantName : input.fallbackName;
  doc.font(nameFont ?? 'Helvetica-Bold').fillColor(INK);
  let size = 22;
  while (size > 10 && doc.fontSize(size).heightOfString(name, { width: inner, align: 'center' }) > size * 2.6) size -= 1;
  doc.fontSize(size).text(name, margin, 46, { width: inner, align: 'center', height: size * 2.6, ellipsis: true });

  const qrTop = 104;
  const qrSize = 188;
  drawQr(doc, input.payload, (width - qrSize) / 2, qrTop, qrSize);

  let y = qrTop + qrSize + 8;
  if (input.amount !== null) {
    doc.font('Helvetica-Bold').fontSize(20).fillColor(INK).text(`${formatMinor(input.amount, input.currency)} ${input.currency}`, margin, y, { width: inner, align: 'center' });
    y += 26;
  }
  doc.font('Helvetica-Bold').fontSize(11).fillColor(BRAND).text(SCAN_LINES.en, margin, y, { width: inner, align: 'center' });
  y += 14;
  doc.font('Helvetica').fontSize(10).fillColor(INK).text(SCAN_LINES.fr, margin, y, { width: inner, align: 'center' });
  y += 13;
  if (cjk) doc.font('cjk').fontSize(10).text(SCAN_LINES.zh, margin, y, { width: inner, align: 'center' });

  const footer = [input.reference ? `Ref ${input.reference}` : null, input.expiresAt ? `Valid until ${input.expiresAt.slice(0, 16).replace('T', ' ')} UTC` : null, input.codeId]
    .filter(Boolean)
    .join(' · ');
  doc.font('Helvetica').fontSize(6).fillColor('#777777').text(footer, margin, height - 18, { width: inner, align: 'center', lineBreak: false });
  doc.end();
  return finished;
}

/** The QR symbol as filled rectangles, one per run of dark modules in a row, with its quiet zone left white. */
function drawQr(doc: PDFKit.PDFDocument, payload: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(payload, { errorCorrectionLevel: QR_OPTIONS.errorCorrectionLevel });
  const count = modules.size;
  const cell = size / (count + 2 * QR_OPTIONS.margin);
  const left = x + QR_OPTIONS.margin * cell;
  const top = y + QR_OPTIONS.margin * cell;
  for (let row = 0; row < count; row++) {
    let column = 0;
    while (column < count) {
      if (!modules.get(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < count && modules.get(row, column)) column++;
      doc.rect(left + start * cell, top + row * cell, (column - start) * cell, cell);
    }
  }
  doc.fill('#000000');
}

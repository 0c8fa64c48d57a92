import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import jsQR from 'jsqr';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../platform/clock.js';
import { signUp, bearer, startTestSouk, type TestSouk } from '../../test/harness.js';
import { call, newUser, type TestUser } from '../../test/social.js';
import { balanceOf, expectSoundLedger, fund, pay, setPin } from '../../test/wallet.js';
import { crc16, decodeEmv, encodeEmv, SOUK_GUI } from './emv.js';
import { findCjkFont, renderPoster } from './merchant-codes.js';
import { payCodeAt } from './paycode.js';

/** Real national codes collected in the shared data set (kept outside the repository), found as emv.test.ts finds them. */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const examplesPath = [process.env.SOUK_SHARED_DATA, path.join(repoRoot, '../shared/data'), '/work/shared/data']
  .filter((dir): dir is string => Boolean(dir))
  .map((dir) => path.join(dir, 'emv/examples.json'))
  .find((file) => fs.existsSync(file));
const examples: Array<{ payload: string; note: string }> = examplesPath ? JSON.parse(fs.readFileSync(examplesPath, 'utf8')) : [];
/** A payload with its CRC (field 63) appended. */
const withCrc = (body: string) => `${body}6304${crc16(Buffer.from(`${body}6304`)).toString(16).toUpperCase().padStart(4, '0')}`;
// A code of another network: the shared PIX example, else one built here in PIX's shape (the real-code tests in emv.test.ts say when the data is missing).
const foreignCode =
  examples.find((example) => example.note.startsWith('Brazil PIX'))?.payload ??
  withCrc('00020126360014br.gov.bcb.pix0114+5561999999999520400005303986540510.005802BR5913Fulano de Tal6008BRASILIA');

const PIN = '246810';
const clock = new ManualClock(new Date('2026-03-02T09:00:00.000Z'));
let souk: TestSouk;
let shop: TestUser;
let ana: TestUser;
let ben: TestUser;
let stranger: TestUser;

beforeAll(async () => {
  souk = await startTestSouk({ clock });
  const created = await signUp(souk, { displayName: '北京烤鸭 Peking Duck' });
  shop = { id: created.user.id, handle: created.user.handle, token: created.token, headers: bearer(created.token) };
  ana = await newUser(souk);
  ben = await newUser(souk);
  stranger = await newUser(souk);
  for (const user of [shop, ana, ben]) await setPin(souk, user, PIN);
  await fund(souk, ana, 200_000);
  await fund(souk, ben, 200_000);
});
afterAll(async () => {
  await souk.stop();
});

const settlementOf = async (who: TestUser, currency = 'CNY'): Promise<number> => {
  const { status, body } = await call(souk, who, 'GET', '/api/wallet/merchant');
  expect(status).toBe(200);
  return body.settlement.find((line: { currency: string }) => line.currency === currency).amount;
};

/** Every balance these tests look at, to show that a refusal moved nothing. */
const snapshot = async () => ({
  ana: await balanceOf(souk, ana),
  ben: await balanceOf(souk, ben),
  shop: await balanceOf(souk, shop),
  shopSettlement: await settlementOf(shop),
});

const newCode = async (who: TestUser, body: Record<string, unknown>) => {
  const { status, body: code } = await call(souk, who, 'POST', '/api/wallet/merchant/codes', body);
  expect(status, JSON.stringify(code)).toBe(201);
  return code;
};

const fieldsOf = (payload: string) => Object.fromEntries(decodeEmv(payload).fields.map((field) => [field.id, field]));
const sub = (payload: string, id: string, subId: string) => fieldsOf(payload)[id]?.children?.find((child) => child.id === subId)?.value;

describe('the till and its codes', () => {
  it('needs a login', async () => {
    expect((await call(souk, null, 'GET', '/api/wallet/merchant')).status).toBe(401);
    expect((await call(souk, null, 'POST', '/api/wallet/merchant/codes', { currency: 'CNY' })).status).toBe(401);
  });

  it('makes one static EMVCo code per enabled currency on the first visit, once even when visits race', async () => {
    const results = await Promise.all(Array.from({ length: 4 }, () => call(souk, shop, 'GET', '/api/wallet/merchant')));
    for (const result of results) expect(result.status).toBe(200);
    const ids = results.map((result) => result.body.staticCodes.map((code: { id: string }) => code.id).join());
    expect(new Set(ids).size).toBe(1);
    const { body } = results[0]!;
    expect(body.settlement).toEqual([
      { currency: 'CNY', amount: 0 },
      { currency: 'EUR', amount: 0 },
    ]);
    expect(body.staticCodes.map((code: { currency: string }) => code.currency)).toEqual(['CNY', 'EUR']);
    const cny = body.staticCodes[0];
    expect(cny).toMatchObject({ kind: 'static', amount: null, reference: null, expiresAt: null, status: 'active' });

    const decoded = decodeEmv(cny.payload);
    expect(decoded.warnings).toEqual([]);
    expect(decoded.pointOfInitiation).toBe('static');
    expect(decoded.network).toEqual({ name: 'Souk', payable: true });
    expect(decoded.merchantAccounts).toEqual([{ id: '26', gui: SOUK_GUI, fields: [{ id: '00', value: SOUK_GUI }, { id: '01', value: cny.id }] }]);
    expect(decoded).toMatchObject({ merchantCategoryCode: '0000', currency: '156', amount: null, country: 'CN', merchantName: 'Peking Duck', merchantCity: 'N/A' });
    expect(decoded.additionalData).toEqual({ storeLabel: shop.handle });
    // The name as written, in the language template.
    expect(decoded.alternateLanguage).toEqual({ language: 'zh', merchantName: '北京烤鸭 Peking Duck', merchantCity: null });
    expect(decodeEmv(body.staticCodes[1].payload)).toMatchObject({ currency: '978', country: 'EU' });
    await expectSoundLedger(souk);
  });

  it('names a merchant whose name has no ASCII letters by their handle in field 59', async () => {
    const created = await signUp(souk, { displayName: '小笼包' });
    const { body } = await call(souk, { id: created.user.id, handle: created.user.handle, token: created.token, headers: bearer(created.token) }, 'GET', '/api/wallet/merchant');
    const decoded = decodeEmv(body.staticCodes[0].payload);
    expect(decoded.merchantName).toBe(created.user.handle);
    expect(decoded.alternateLanguage?.merchantName).toBe('小笼包');
  });

  it('makes a dynamic code with an amount, reference and expiry (15 minutes by default), or another static one', async () => {
    const code = await newCode(shop, { currency: 'CNY', amount: 1250, reference: 'INV-42' });
    expect(code).toMatchObject({ kind: 'dynamic', currency: 'CNY', amount: 1250, reference: 'INV-42', status: 'active', expiresAt: '2026-03-02T09:15:00.000Z' });
    const decoded = decodeEmv(code.payload);
    expect(decoded.warnings).toEqual([]);
    expect(decoded).toMatchObject({ pointOfInitiation: 'dynamic', amount: '12.50', currency: '156' });
    expect(decoded.additionalData.referenceLabel).toBe('INV-42');
    expect(sub(code.payload, '26', '01')).toBe(code.id);
    expect(sub(code.payload, '26', '02')).toBe('20260302091500');

    const short = await newCode(shop, { currency: 'EUR', amount: 5, expiresInSeconds: 30 });
    expect(short.expiresAt).toBe('2026-03-02T09:00:30.000Z');
    expect(decodeEmv(short.payload).amount).toBe('0.05');

    const table = await newCode(shop, { currency: 'CNY', reference: 'TABLE-7' });
    expect(table).toMatchObject({ kind: 'static', amount: null, reference: 'TABLE-7', expiresAt: null });
    expect(decodeEmv(table.payload).pointOfInitiation).toBe('static');
    const summary = (await call(souk, shop, 'GET', '/api/wallet/merchant')).body;
    expect(summary.staticCodes.map((listed: { id: string }) => listed.id)).toContain(table.id);
  });

  it('refuses bad code requests with a stable code', async () => {
    const cases: Array<[unknown, number, string]> = [
      [{ currency: 'CNY', expiresInSeconds: 60 }, 422, 'STATIC_CODE_NO_EXPIRY'],
      [{ currency: 'USD', amount: 100 }, 422, 'CURRENCY_NOT_ENABLED'],
      [{ currency: 'CNY', amount: 0 }, 400, 'VALIDATION_FAILED'],
      [{ currency: 'CNY', amount: 1.5 }, 400, 'VALIDATION_FAILED'],
      [{ currency: 'CNY', amount: 100, expiresInSeconds: 10 }, 400, 'VALIDATION_FAILED'],
      [{ currency: 'CNY', reference: 'no spaces allowed' }, 400, 'VALIDATION_FAILED'],
      [{ currency: 'CNY', extra: true }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code] of cases) {
      const result = await call(souk, shop, 'POST', '/api/wallet/merchant/codes', payload);
      expect([result.status, result.body.code], JSON.stringify(payload)).toEqual([status, code]);
    }
  });
});

describe('printed codes', () => {
  let staticCode: { id: string; payload: string };
  let dynamicCode: { id: string; payload: string };

  beforeAll(async () => {
    staticCode = (await call(souk, shop, 'GET', '/api/wallet/merchant')).body.staticCodes[0];
    dynamicCode = await newCode(shop, { currency: 'CNY', amount: 8_800, reference: 'ORDER-9' });
  });

  const fetchFile = (who: TestUser | null, url: string) => souk.app.inject({ method: 'GET', url, headers: who?.headers ?? {} });

  /** Rasterises an image and reads its QR code back. */
  const scan = async (image: Buffer) => {
    const { data, info } = await sharp(image, { density: 300 }).flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.length), info.width, info.height)?.data;
  };

  it('renders a PNG that scans back to the exact payload, CJK language template included', async () => {
    for (const code of [staticCode, dynamicCode]) {
      const response = await fetchFile(shop, `/api/wallet/merchant/codes/${code.id}/qr.png`);
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toBe('image/png');
      const png = response.rawPayload;
      expect((await sharp(png).metadata()).format).toBe('png');
      expect(await scan(png)).toBe(code.payload);
    }
  });

  it('renders an SVG that scans back to the exact payload', async () => {
    const response = await fetchFile(shop, `/api/wallet/merchant/codes/${staticCode.id}/qr.svg`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(response.body).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(await scan(response.rawPayload)).toBe(staticCode.payload);
  });

  it('renders an A6 poster with the name as written, the amount and "Scan with Souk" in three languages', async () => {
    const cjk = findCjkFont();
    // CI installs fonts-wqy-microhei (.ci/run); a machine without a CJK font gets the ASCII poster tested below.
    if (!cjk && process.env.CI === 'true') throw new Error('no CJK font: .ci/run installs fonts-wqy-microhei');
    const response = await fetchFile(shop, `/api/wallet/merchant/codes/${dynamicCode.id}/poster.pdf`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/pdf');
    const pdf = response.rawPayload;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 297.64 419.53]');
    const lines = pdfLines(pdf);
    expect(lines).toContain('88.00 CNY');
    expect(lines).toContain('Scan with Souk');
    expect(lines).toContain('Scannez avec Souk');
    expect(lines.some((line) => line.includes('Ref ORDER-9'))).toBe(true);
    if (cjk) {
      expect(lines).toContain('北京烤鸭 Peking Duck');
      expect(lines).toContain('用 Souk 扫码付款');
    }

    const printed = await fetchFile(shop, `/api/wallet/merchant/codes/${staticCode.id}/poster.pdf`);
    expect(printed.statusCode).toBe(200);
    expect(pdfLines(printed.rawPayload).some((line) => / CNY$/.test(line))).toBe(false);
  });

  it('falls back to the ASCII name and leaves out the Chinese line where no CJK font is installed', async () => {
    const pdf = await renderPoster(
      { payload: staticCode.payload, merchantName: '北京烤鸭 Peking Duck', fallbackName: 'Peking Duck', amount: null, currency: 'CNY', reference: null, expiresAt: null, codeId: staticCode.id },
      null,
    );
    expect(pdf.toString('latin1')).toContain('/MediaBox [0 0 297.64 419.53]');
    const lines = pdfLines(pdf);
    expect(lines).toContain('Peking Duck');
    expect(lines).toContain('Scannez avec Souk');
    expect(lines.some((line) => /[\u4e00-\u9fff]/.test(line))).toBe(false);
  });

  it('gives a code only to its owner', async () => {
    for (const file of ['qr.png', 'qr.svg', 'poster.pdf']) {
      const url = `/api/wallet/merchant/codes/${staticCode.id}/${file}`;
      expect((await fetchFile(null, url)).statusCode).toBe(401);
      const other = await fetchFile(ana, url);
      expect([other.statusCode, other.json().code]).toEqual([404, 'MERCHANT_CODE_NOT_FOUND']);
      expect((await fetchFile(shop, `/api/wallet/merchant/codes/mqr_nothing/${file}`)).statusCode).toBe(404);
    }
  });
});

describe('paying a scanned code', () => {
  let staticCode: { id: string; payload: string };

  beforeAll(async () => {
    staticCode = (await call(souk, shop, 'GET', '/api/wallet/merchant')).body.staticCodes[0];
  });

  it('pays a static code with the amount the payer types, into the merchant settlement, and tells the till', async () => {
    const send = vi.spyOn(souk.gateway, 'send');
    const before = await snapshot();
    const { status, body } = await pay(souk, ana, '/api/wallet/payments', { payload: staticCode.payload, amount: 3_000, pin: PIN, note: '两只鸭' });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({
      payer: { id: ana.id, handle: ana.handle },
      merchant: { id: shop.id, displayName: '北京烤鸭 Peking Duck' },
      amount: 3_000,
      currency: 'CNY',
      refunded: 0,
      method: 'static_code',
      reference: null,
      note: '两只鸭',
    });
    expect(body.id).toMatch(/^pay_/);
    expect((await balanceOf(souk, ana)).available).toBe(before.ana.available - 3_000);
    expect(await settlementOf(shop)).toBe(before.shopSettlement + 3_000);
    // The merchant's own wallet is untouched until a payout.
    expect(await balanceOf(souk, shop)).toEqual(before.shop);
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith(`user:${shop.id}`, { type: 'wallet.payment', payment: body }));
    send.mockRestore();

    const history = (await call(souk, ana, 'GET', '/api/wallet/transactions?limit=1')).body.items[0];
    expect(history).toMatchObject({ kind: 'payment', amount: -3_000, currency: 'CNY', counterparty: { id: shop.id }, note: '两只鸭', reference: body.id });
    await expectSoundLedger(souk);
  });

  it('replays a retry with the same key without paying twice', async () => {
    const key = `retry-${Date.now()}`;
    const first = await pay(souk, ana, '/api/wallet/payments', { payload: staticCode.payload, amount: 100, pin: PIN }, key);
    const settlement = await settlementOf(shop);
    const again = await pay(souk, ana, '/api/wallet/payments', { payload: staticCode.payload, amount: 100, pin: PIN }, key);
    expect(first.status).toBe(201);
    expect(again).toEqual({ ...first, replayed: true });
    expect(await settlementOf(shop)).toBe(settlement);
    const different = await pay(souk, ana, '/api/wallet/payments', { payload: staticCode.payload, amount: 101, pin: PIN }, key);
    expect([different.status, different.body.code]).toEqual([409, 'IDEMPOTENCY_KEY_REUSED']);
  });

  it('answers the retry of a payment that went through as it was, even with a mistyped PIN', async () => {
    const code = await newCode(shop, { currency: 'CNY', amount: 1_234, reference: 'INV-78' });
    const key = `retry-pin-${Date.now()}`;
    const first = await pay(souk, ana, '/api/wallet/payments', { payload: code.payload, pin: PIN }, key);
    expect(first.status).toBe(201);
    const before = await snapshot();
    const mistyped = await pay(souk, ana, '/api/wallet/payments', { payload: code.payload, pin: '000000' }, key);
    expect(mistyped).toEqual({ ...first, replayed: true });
    expect(await snapshot()).toEqual(before);
  });

  it('pays a dynamic code once, for its amount, and refuses it afterwards', async () => {
    const code = await newCode(shop, { currency: 'CNY', amount: 1_999, reference: 'INV-77' });
    const mismatch = await pay(souk, ana, '/api/wallet/payments', { payload: code.payload, amount: 1_998, pin: PIN });
    expect([mismatch.status, mismatch.body.code]).toEqual([422, 'AMOUNT_MISMATCH']);
    const paid = await pay(souk, ana, '/api/wallet/payments', { payload: code.payload, pin: PIN });
    expect(paid.status, JSON.stringify(paid.body)).toBe(201);
    expect(paid.body).toMatchObject({ amount: 1_999, method: 'dynamic_code', reference: 'INV-77' });
    const before = await snapshot();
    const again = await pay(souk, ben, '/api/wallet/payments', { payload: code.payload, amount: 1_999, pin: PIN });
    expect([again.status, again.body.code]).toEqual([409, 'CODE_USED']);
    expect(await snapshot()).toEqual(before);
  });

  it('refuses an expired dynamic code with 410', async () => {
    const code = await newCode(shop, { currency: 'CNY', amount: 500, expiresInSeconds: 60 });
    clock.advance(61_000);
    const before = await snapshot();
    const late = await pay(souk, ana, '/api/wallet/payments', { payload: code.payload, pin: PIN });
    expect([late.status, late.body.code]).toEqual([410, 'CODE_EXPIRED']);
    expect(await snapshot()).toEqual(before);
    await expectSoundLedger(souk);
  });

  it('lets exactly one of two payers racing for one dynamic code pay it', async () => {
    for (let round = 0; round < 5; round++) {
      const code = await newCode(shop, { currency: 'CNY', amount: 700 });
      const before = await snapshot();
      const results = await Promise.all([ana, ben].map((payer) => pay(souk, payer, '/api/wallet/payments', { payload: code.payload, pin: PIN })));
      expect(results.map((result) => result.status).sort()).toEqual([201, 409]);
      expect(results.find((result) => result.status === 409)!.body.code).toBe('CODE_USED');
      const after = await snapshot();
      expect(after.shopSettlement).toBe(before.shopSettlement + 700);
      expect(after.ana.available + after.ben.available).toBe(before.ana.available + before.ben.available - 700);
    }
    await expectSoundLedger(souk);
  });

  it('refuses every bad payment with a stable code and moves nothing', async () => {
    const dynamic = await newCode(shop, { currency: 'CNY', amount: 1_000 });
    const poor = await newUser(souk);
    await setPin(souk, poor, PIN);
    const rich = await newUser(souk);
    await setPin(souk, rich, PIN);
    await fund(souk, rich, souk.config.wallet.dailyLimit + 1);
    const codeIdOf = (payload: string) => sub(payload, '26', '01')!;
    // A Souk code re-encoded with another name and an amount, its CRC recomputed: not what the merchant issued.
    const altered = encodeEmv({
      pointOfInitiation: 'dynamic',
      merchantId: codeIdOf(staticCode.payload),
      merchantCategoryCode: '0000',
      currency: '156',
      amount: '0.01',
      country: 'CN',
      merchantName: 'Someone Else',
      merchantCity: 'N/A',
    });
    const unknown = encodeEmv({ pointOfInitiation: 'static', merchantId: 'mqr_01KJ0000000000000000000000', merchantCategoryCode: '0000', currency: '156', country: 'CN', merchantName: 'Ghost', merchantCity: 'N/A' });
    const notAnId = encodeEmv({ pointOfInitiation: 'static', merchantId: 'shop-42', merchantCategoryCode: '0000', currency: '156', country: 'CN', merchantName: 'Ghost', merchantCity: 'N/A' });
    const badCrc = staticCode.payload.slice(0, -4) + (staticCode.payload.endsWith('0000') ? '0001' : '0000');

    const before = await snapshot();
    const cases: Array<[TestUser, Record<string, unknown>, number, string]> = [
      [ana, { payload: 'hello there', amount: 100, pin: PIN }, 422, 'QR_BAD_ID'],
      [ana, { payload: badCrc, amount: 100, pin: PIN }, 422, 'QR_BAD_CRC'],
      [ana, { payload: staticCode.payload.slice(0, 40), amount: 100, pin: PIN }, 422, 'QR_TRUNCATED'],
      [ana, { payload: foreignCode, amount: 100, pin: PIN }, 422, 'QR_NOT_PAYABLE'],
      [ana, { payload: unknown, amount: 100, pin: PIN }, 404, 'MERCHANT_CODE_NOT_FOUND'],
      [ana, { payload: notAnId, amount: 100, pin: PIN }, 404, 'MERCHANT_CODE_NOT_FOUND'],
      [ana, { payload: altered, pin: PIN }, 422, 'QR_ALTERED'],
      [ana, { payload: staticCode.payload, pin: PIN }, 422, 'AMOUNT_REQUIRED'],
      [ana, { payload: dynamic.payload, amount: 999, pin: PIN }, 422, 'AMOUNT_MISMATCH'],
      [ana, { payload: staticCode.payload, amount: 100 }, 400, 'VALIDATION_FAILED'],
      [ana, { payload: staticCode.payload, amount: 100, pin: '000000' }, 403, 'PIN_WRONG'],
      [ana, { payload: staticCode.payload, amount: 0, pin: PIN }, 400, 'VALIDATION_FAILED'],
      [ana, { payload: staticCode.payload, amount: '100', pin: PIN }, 400, 'VALIDATION_FAILED'],
      [shop, { payload: staticCode.payload, amount: 100, pin: PIN }, 422, 'SELF_PAYMENT'],
      [stranger, { payload: staticCode.payload, amount: 100, pin: PIN }, 403, 'PIN_NOT_SET'],
      [poor, { payload: staticCode.payload, amount: 100, pin: PIN }, 422, 'INSUFFICIENT_FUNDS'],
      [poor, { payload: dynamic.payload, pin: PIN }, 422, 'INSUFFICIENT_FUNDS'],
      [rich, { payload: staticCode.payload, amount: souk.config.wallet.dailyLimit + 1, pin: PIN }, 422, 'DAILY_LIMIT_EXCEEDED'],
    ];
    for (const [who, payload, status, code] of cases) {
      const result = await pay(souk, who, '/api/wallet/payments', payload);
      expect([result.status, result.body.code], JSON.stringify(payload)).toEqual([status, code]);
    }
    expect(await snapshot()).toEqual(before);
    expect((await balanceOf(souk, rich)).available).toBe(souk.config.wallet.dailyLimit + 1);
    // The refused payments left the dynamic code unpaid.
    expect((await pay(souk, ana, '/api/wallet/payments', { payload: dynamic.payload, pin: PIN })).status).toBe(201);
    await expectSoundLedger(souk);
  });

  it('needs an Idempotency-Key', async () => {
    const response = await souk.app.inject({ method: 'POST', url: '/api/wallet/payments', headers: ana.headers, payload: { payload: staticCode.payload, amount: 1, pin: PIN } });
    expect([response.statusCode, response.json().code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });
});

describe('payments, the till list, refunds and payouts', () => {
  let staticCode: { payload: string };
  let till: TestUser;

  beforeAll(async () => {
    till = await newUser(souk);
    staticCode = (await call(souk, till, 'GET', '/api/wallet/merchant')).body.staticCodes[0];
  });

  const payTill = async (payer: TestUser, amount: number) => {
    const { status, body } = await pay(souk, payer, '/api/wallet/payments', { payload: staticCode.payload, amount, pin: PIN });
    expect(status, JSON.stringify(body)).toBe(201);
    return body;
  };

  it('shows a payment to its payer and its merchant only', async () => {
    const payment = await payTill(ana, 1_234);
    expect((await call(souk, ana, 'GET', `/api/wallet/payments/${payment.id}`)).body).toEqual(payment);
    expect((await call(souk, till, 'GET', `/api/wallet/payments/${payment.id}`)).body).toEqual(payment);
    for (const [who, id] of [
      [stranger, payment.id],
      [ana, 'pay_01KJ0000000000000000000000'],
      [ana, 'nonsense'],
    ] as const) {
      const result = await call(souk, who, 'GET', `/api/wallet/payments/${id}`);
      expect([result.status, result.body.code]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    }
    expect((await call(souk, null, 'GET', `/api/wallet/payments/${payment.id}`)).status).toBe(401);
  });

  it('lists the till newest first, page by page', async () => {
    const merchant = await newUser(souk);
    const code = (await call(souk, merchant, 'GET', '/api/wallet/merchant')).body.staticCodes[0];
    const ids: string[] = [];
    for (const [payer, amount] of [
      [ana, 10],
      [ben, 20],
      [ana, 30],
      [ben, 40],
      [ana, 50],
    ] as const) {
      const { status, body } = await pay(souk, payer, '/api/wallet/payments', { payload: code.payload, amount, pin: PIN });
      expect(status).toBe(201);
      ids.push(body.id);
    }
    const seen: Array<{ id: string; amount: number; merchant: { id: string } }> = [];
    let cursor: string | null = null;
    do {
      const { status, body }: { status: number; body: { items: typeof seen; nextCursor: string | null } } = await call(
        souk,
        merchant,
        'GET',
        `/api/wallet/merchant/payments?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expect(status).toBe(200);
      expect(body.items.length).toBeLessThanOrEqual(2);
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    expect(seen.map((payment) => payment.id)).toEqual([...ids].reverse());
    expect(seen.map((payment) => payment.amount)).toEqual([50, 40, 30, 20, 10]);
    expect(seen.every((payment) => payment.merchant.id === merchant.id)).toBe(true);
    // Nobody else's till shows them.
    expect((await call(souk, ana, 'GET', '/api/wallet/merchant/payments')).body.items).toEqual([]);
    expect((await call(souk, merchant, 'GET', '/api/wallet/merchant/payments?cursor=forged')).body.code).toBe('INVALID_CURSOR');
  });

  it('refunds in parts, never more than was paid, and tells the payer', async () => {
    const payment = await payTill(ben, 3_000);
    const send = vi.spyOn(souk.gateway, 'send');
    const benBefore = (await balanceOf(souk, ben)).available;
    const settlementBefore = await settlementOf(till);
    const part = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 1_000, reason: 'one duck was cold' });
    expect(part.status, JSON.stringify(part.body)).toBe(201);
    expect(part.body).toMatchObject({ paymentId: payment.id, amount: 1_000, currency: 'CNY', reason: 'one duck was cold' });
    expect(part.body.id).toMatch(/^rfd_/);
    expect((await balanceOf(souk, ben)).available).toBe(benBefore + 1_000);
    expect(await settlementOf(till)).toBe(settlementBefore - 1_000);
    expect((await call(souk, ben, 'GET', `/api/wallet/payments/${payment.id}`)).body.refunded).toBe(1_000);
    await vi.waitFor(() =>
      expect(send).toHaveBeenCalledWith(`user:${ben.id}`, {
        type: 'wallet.received',
        transaction: expect.objectContaining({ kind: 'refund', amount: 1_000, currency: 'CNY', reference: payment.id, counterparty: expect.objectContaining({ id: till.id }) }),
      }),
    );
    send.mockRestore();
    const history = (await call(souk, ben, 'GET', '/api/wallet/transactions?limit=1')).body.items[0];
    expect(history).toMatchObject({ kind: 'refund', amount: 1_000, reference: payment.id, note: 'one duck was cold' });

    const before = await snapshot();
    const tillBefore = await settlementOf(till);
    const tooMuch = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 2_001 });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'REFUND_EXCEEDS_PAYMENT']);
    const byPayer = await pay(souk, ben, `/api/wallet/payments/${payment.id}/refunds`, { amount: 1 });
    expect([byPayer.status, byPayer.body.code]).toEqual([403, 'REFUND_NOT_ALLOWED']);
    const byStranger = await pay(souk, stranger, `/api/wallet/payments/${payment.id}/refunds`, { amount: 1 });
    expect([byStranger.status, byStranger.body.code]).toEqual([404, 'PAYMENT_NOT_FOUND']);
    const zero = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 0 });
    expect(zero.status).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect(await settlementOf(till)).toBe(tillBefore);

    const rest = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 2_000 });
    expect(rest.status).toBe(201);
    const last = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 1 });
    expect([last.status, last.body.code]).toEqual([422, 'REFUND_EXCEEDS_PAYMENT']);
    expect((await call(souk, till, 'GET', `/api/wallet/payments/${payment.id}`)).body.refunded).toBe(3_000);
    await expectSoundLedger(souk);
  });

  it('never lets concurrent partial refunds add up to more than the payment', async () => {
    const payment = await payTill(ana, 1_000);
    // Other payments keep the settlement high enough that only the payment's own limit can refuse.
    await payTill(ben, 5_000);
    const anaBefore = (await balanceOf(souk, ana)).available;
    const results = await Promise.all(Array.from({ length: 8 }, () => pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 300 })));
    expect(results.filter((result) => result.status === 201)).toHaveLength(3);
    expect(results.filter((result) => result.status === 422).every((result) => result.body.code === 'REFUND_EXCEEDS_PAYMENT')).toBe(true);
    expect((await call(souk, till, 'GET', `/api/wallet/payments/${payment.id}`)).body.refunded).toBe(900);
    expect((await balanceOf(souk, ana)).available).toBe(anaBefore + 900);
    await expectSoundLedger(souk);
  });

  it('pays the settlement out to the merchant wallet, and then cannot refund what is gone', async () => {
    const payment = await payTill(ana, 2_500);
    const settlement = await settlementOf(till);
    const walletBefore = (await balanceOf(souk, till)).available;
    const tooMuch = await pay(souk, till, '/api/wallet/merchant/payouts', { amount: settlement + 1, currency: 'CNY' });
    expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    const eur = await pay(souk, till, '/api/wallet/merchant/payouts', { amount: 1, currency: 'EUR' });
    expect([eur.status, eur.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    const usd = await pay(souk, till, '/api/wallet/merchant/payouts', { amount: 1, currency: 'USD' });
    expect([usd.status, usd.body.code]).toEqual([422, 'CURRENCY_NOT_ENABLED']);

    const payout = await pay(souk, till, '/api/wallet/merchant/payouts', { amount: settlement, currency: 'CNY' });
    expect(payout.status, JSON.stringify(payout.body)).toBe(201);
    expect(payout.body).toMatchObject({ kind: 'payout', amount: settlement, currency: 'CNY', counterparty: null });
    expect(await settlementOf(till)).toBe(0);
    expect((await balanceOf(souk, till)).available).toBe(walletBefore + settlement);
    const history = (await call(souk, till, 'GET', '/api/wallet/transactions?limit=1')).body.items[0];
    expect(history).toEqual(payout.body);

    const anaBefore = await balanceOf(souk, ana);
    const refund = await pay(souk, till, `/api/wallet/payments/${payment.id}/refunds`, { amount: 100 });
    expect([refund.status, refund.body.code]).toEqual([422, 'INSUFFICIENT_FUNDS']);
    expect(await balanceOf(souk, ana)).toEqual(anaBefore);
    expect((await call(souk, till, 'GET', `/api/wallet/payments/${payment.id}`)).body.refunded).toBe(0);
    await expectSoundLedger(souk);
  });
});

describe('the consumer-presented pay code', () => {
  let device: { deviceId: string; secret: string; prefix: string; periodSeconds: number };
  let cashier: TestUser;

  beforeAll(async () => {
    cashier = await newUser(souk);
  });

  const charge = (body: Record<string, unknown>, key?: string) => pay(souk, cashier, '/api/wallet/merchant/charges', body, key);

  it('registers a device with the PIN and shows its secret once', async () => {
    const wrong = await call(souk, ana, 'POST', '/api/wallet/paycode/devices', { pin: '000000' });
    expect([wrong.status, wrong.body.code]).toEqual([403, 'PIN_WRONG']);
    const noPin = await call(souk, stranger, 'POST', '/api/wallet/paycode/devices', { pin: PIN });
    expect([noPin.status, noPin.body.code]).toEqual([403, 'PIN_NOT_SET']);
    expect((await call(souk, ana, 'POST', '/api/wallet/paycode/devices', {})).status).toBe(400);
    expect((await call(souk, null, 'POST', '/api/wallet/paycode/devices', { pin: PIN })).status).toBe(401);

    const { status, body } = await call(souk, ana, 'POST', '/api/wallet/paycode/devices', { pin: PIN });
    expect(status).toBe(201);
    expect(body.deviceId).toMatch(/^dev_/);
    expect(body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(body.prefix).toMatch(/^28\d{8}$/);
    expect(body.periodSeconds).toBe(60);
    device = body;
    const second = (await call(souk, ana, 'POST', '/api/wallet/paycode/devices', { pin: PIN })).body;
    expect(second.prefix).not.toBe(device.prefix);
    expect(second.secret).not.toBe(device.secret);
  });

  it('charges the payer for the current code, without their PIN, and tells the till', async () => {
    const send = vi.spyOn(souk.gateway, 'send');
    const anaBefore = (await balanceOf(souk, ana)).available;
    const code = payCodeAt(device, clock.now());
    const { status, body } = await charge({ code, amount: 4_200, currency: 'CNY', note: 'coffee' });
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body).toMatchObject({ payer: { id: ana.id }, merchant: { id: cashier.id }, amount: 4_200, currency: 'CNY', method: 'pay_code', note: 'coffee', refunded: 0 });
    expect((await balanceOf(souk, ana)).available).toBe(anaBefore - 4_200);
    expect(await settlementOf(cashier)).toBe(4_200);
    await vi.waitFor(() => expect(send).toHaveBeenCalledWith(`user:${cashier.id}`, { type: 'wallet.payment', payment: body }));
    send.mockRestore();
    await expectSoundLedger(souk);
  });

  it('refuses a replayed code, but replays a retry with the same key', async () => {
    clock.advance(60_000);
    const code = payCodeAt(device, clock.now());
    const key = `charge-${Date.now()}`;
    const first = await charge({ code, amount: 100, currency: 'CNY' }, key);
    expect(first.status).toBe(201);
    const before = await snapshot();
    const cashierBefore = await settlementOf(cashier);
    const retry = await charge({ code, amount: 100, currency: 'CNY' }, key);
    expect(retry).toEqual({ ...first, replayed: true });
    const replay = await charge({ code, amount: 100, currency: 'CNY' });
    expect([replay.status, replay.body.code]).toEqual([409, 'PAY_CODE_USED']);
    const otherMerchant = await pay(souk, ben, '/api/wallet/merchant/charges', { code, amount: 50, currency: 'CNY' });
    expect([otherMerchant.status, otherMerchant.body.code]).toEqual([409, 'PAY_CODE_USED']);
    expect(await snapshot()).toEqual(before);
    expect(await settlementOf(cashier)).toBe(cashierBefore);
  });

  it('accepts a code in the window after it was shown, and nothing older or newer', async () => {
    clock.advance(60_000);
    const shown = payCodeAt(device, clock.now());
    clock.advance(60_000);
    const late = await charge({ code: shown, amount: 100, currency: 'CNY' });
    expect(late.status, JSON.stringify(late.body)).toBe(201);
    const twoWindowsOld = payCodeAt(device, new Date(clock.now().getTime() - 120_000));
    const nextWindow = payCodeAt(device, new Date(clock.now().getTime() + 60_000));
    for (const code of [twoWindowsOld, nextWindow]) {
      const refused = await charge({ code, amount: 100, currency: 'CNY' });
      expect([refused.status, refused.body.code]).toEqual([422, 'PAY_CODE_INVALID']);
    }
  });

  it('refuses wrong codes, self-charges, limits and missing funds with a stable code, moving nothing', async () => {
    clock.advance(60_000);
    const current = payCodeAt(device, clock.now());
    const wrongDigits = current.slice(0, 10) + String((Number(current.slice(10)) + 1) % 10 ** 8).padStart(8, '0');
    const unknownPrefix = `2700000000${current.slice(10)}`;
    const poor = await newUser(souk);
    await setPin(souk, poor, PIN);
    const poorDevice = (await call(souk, poor, 'POST', '/api/wallet/paycode/devices', { pin: PIN })).body;
    const before = await snapshot();
    const cashierBefore = await settlementOf(cashier);
    const cases: Array<[TestUser, Record<string, unknown>, number, string]> = [
      [cashier, { code: wrongDigits, amount: 100, currency: 'CNY' }, 422, 'PAY_CODE_INVALID'],
      [cashier, { code: unknownPrefix, amount: 100, currency: 'CNY' }, 422, 'PAY_CODE_INVALID'],
      [cashier, { code: current.slice(1), amount: 100, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [cashier, { code: current, amount: 0, currency: 'CNY' }, 400, 'VALIDATION_FAILED'],
      [cashier, { code: current, amount: 100, currency: 'USD' }, 422, 'CURRENCY_NOT_ENABLED'],
      [cashier, { code: current, amount: 100, currency: 'EUR' }, 422, 'INSUFFICIENT_FUNDS'],
      [cashier, { code: current, amount: souk.config.wallet.dailyLimit, currency: 'CNY' }, 422, 'DAILY_LIMIT_EXCEEDED'],
      [ana, { code: current, amount: 100, currency: 'CNY' }, 422, 'SELF_PAYMENT'],
      [cashier, { code: payCodeAt(poorDevice, clock.now()), amount: 100, currency: 'CNY' }, 422, 'INSUFFICIENT_FUNDS'],
    ];
    for (const [who, body, status, code] of cases) {
      const result = await pay(souk, who, '/api/wallet/merchant/charges', body);
      expect([result.status, result.body.code], JSON.stringify(body)).toEqual([status, code]);
    }
    expect(await snapshot()).toEqual(before);
    expect(await settlementOf(cashier)).toBe(cashierBefore);
    // Refused charges did not spend the window: the same code still pays.
    expect((await charge({ code: current, amount: 100, currency: 'CNY' })).status).toBe(201);
    await expectSoundLedger(souk);
  });

  it('stops a removed device’s codes at once; only its owner can remove it', async () => {
    clock.advance(60_000);
    const code = payCodeAt(device, clock.now());
    const byOther = await call(souk, ben, 'DELETE', `/api/wallet/paycode/devices/${device.deviceId}`);
    expect([byOther.status, byOther.body.code]).toEqual([404, 'PAY_CODE_DEVICE_NOT_FOUND']);
    expect((await call(souk, ana, 'DELETE', `/api/wallet/paycode/devices/${device.deviceId}`)).status).toBe(204);
    expect((await call(souk, ana, 'DELETE', `/api/wallet/paycode/devices/${device.deviceId}`)).status).toBe(404);
    const refused = await charge({ code, amount: 100, currency: 'CNY' });
    expect([refused.status, refused.body.code]).toEqual([422, 'PAY_CODE_INVALID']);
  });

  it('keeps device secrets sealed at rest, and slows down anyone guessing codes', async () => {
    const payer = await newUser(souk);
    await setPin(souk, payer, PIN);
    const fresh = (await call(souk, payer, 'POST', '/api/wallet/paycode/devices', { pin: PIN })).body;
    const row = await souk.platform.database.db.selectFrom('paycode_devices').select('secret').where('id', '=', fresh.deviceId).executeTakeFirstOrThrow();
    expect(row.secret).toMatch(/^v1:/);
    expect(row.secret).not.toContain(fresh.secret);

    const guesser = await newUser(souk);
    const current = payCodeAt(fresh, clock.now());
    const codes: string[] = [];
    for (let i = 1; i <= 11; i++) {
      const guess = current.slice(0, 10) + String((Number(current.slice(10)) + i) % 10 ** 8).padStart(8, '0');
      codes.push((await pay(souk, guesser, '/api/wallet/merchant/charges', { code: guess, amount: 100, currency: 'CNY' })).body.code);
    }
    expect(codes).toEqual([...Array(10).fill('PAY_CODE_INVALID'), 'RATE_LIMITED']);
    // The device is protected from every till now, even with the right code.
    const right = await pay(souk, cashier, '/api/wallet/merchant/charges', { code: current, amount: 100, currency: 'CNY' });
    expect([right.status, right.body.code]).toEqual([429, 'RATE_LIMITED']);
  });
});

/**
 * The text a PDF shows, one string per text-showing operator (TJ): strings
 * in a standard font are WinAnsi bytes; in an embedded (Type0) font they are
 * glyph ids, read back through the font's ToUnicode map.
 */
function pdfLines(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const objects = new Map<string, string>();
  const streams = new Map<string, string>();
  for (const match of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const [, id, body] = match as unknown as [string, string, string];
    objects.set(id, body);
    const start = body.indexOf('stream');
    if (start === -1) continue;
    const offset = match.index! + match[0].indexOf(body) + start + 'stream'.length;
    const from = raw[offset] === '\r' ? offset + 2 : offset + 1;
    const bytes = pdf.subarray(from, raw.indexOf('endstream', from));
    try {
      streams.set(id, (body.includes('/FlateDecode') ? inflateSync(bytes) : bytes).toString('latin1'));
    } catch {
      streams.set(id, bytes.toString('latin1'));
    }
  }
  const toUnicodeOf = (fontId: string): Map<number, string> | null => {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontId) ?? '')?.[1];
    if (!ref) return null;
    const map = new Map<number, string>();
    const cmap = streams.get(ref) ?? '';
    for (const [, first, , list] of cmap.matchAll(/<([0-9a-f]+)> <([0-9a-f]+)> \[([^\]]*)\]/gi) as unknown as Array<[string, string, string, string]>) {
      [...list.matchAll(/<([0-9a-f]+)>/gi)].forEach((hex, index) => map.set(parseInt(first, 16) + index, String.fromCodePoint(parseInt(hex[1]!, 16))));
    }
    for (const [, code, unicode] of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>\s*$/gim) as unknown as Array<[string, string, string]>) {
      map.set(parseInt(code, 16), String.fromCodePoint(parseInt(unicode, 16)));
    }
    return map;
  };
  const fontRefs = new Map<string, string>();
  for (const body of objects.values()) {
    const fonts = /\/Font\s*<<([^>]*)>>/.exec(body)?.[1] ?? '';
    for (const [, name, id] of fonts.matchAll(/\/(\w+) (\d+) 0 R/g) as unknown as Array<[string, string, string]>) fontRefs.set(name, id);
  }
  const lines: string[] = [];
  for (const content of streams.values()) {
    let unicode: Map<number, string> | null = null;
    for (const [, font, array] of content.matchAll(/\/(\w+) [\d.]+ Tf|\[((?:<[0-9a-f]*>|[-\d.\s])*)\] TJ/gi) as unknown as Array<[string, string?, string?]>) {
      if (font) {
        unicode = toUnicodeOf(fontRefs.get(font) ?? '');
        continue;
      }
      const hex = [...(array ?? '').matchAll(/<([0-9a-f]*)>/gi)].map((part) => part[1]).join('');
      const bytes = Buffer.from(hex, 'hex');
      if (!unicode) {
        lines.push(bytes.toString('latin1'));
        continue;
      }
      let text = '';
      for (let i = 0; i + 1 < bytes.length; i += 2) text += unicode.get(bytes.readUInt16BE(i)) ?? '\ufffd';
      lines.push(text);
    }
  }
  return lines;
}

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { crc16, decodeEmv, EmvDecodeError, encodeEmv, SOUK_GUI } from './emv.js';

/**
 * Real national codes collected in the shared data set, kept outside the
 * repository: beside the checkout (../shared, as on the machines that run CI),
 * at SOUK_SHARED_DATA, or at /work/shared. Without it the real-code tests are
 * skipped with a warning, and fail under CI=true, where nothing may skip.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../..');
const dataDirs = [process.env.SOUK_SHARED_DATA, path.join(repoRoot, '../shared/data'), '/work/shared/data'].filter((dir): dir is string => Boolean(dir));
const examplesPath = dataDirs.map((dir) => path.join(dir, 'emv/examples.json')).find((file) => fs.existsSync(file));
if (!examplesPath) {
  const missing = `EMV examples not found in ${dataDirs.join(', ')} (set SOUK_SHARED_DATA)`;
  if (process.env.CI === 'true') throw new Error(`CI=true but the real-code tests cannot run: ${missing}`);
  console.warn(`[souk] ${missing}: the real-code tests are skipped`);
}
const examples: Array<{ payload: string; valid: boolean; fields: Record<string, string>; note: string }> = examplesPath
  ? JSON.parse(fs.readFileSync(examplesPath, 'utf8'))
  : [];

const refusal = (payload: string) => {
  try {
    decodeEmv(payload);
  } catch (error) {
    if (error instanceof EmvDecodeError) return error.code;
    throw error;
  }
  return null;
};

describe('CRC-16/CCITT-FALSE', () => {
  it('matches the standard check value', () => {
    expect(crc16(new TextEncoder().encode('123456789')).toString(16)).toBe('29b1');
  });
});

describe.skipIf(examples.length === 0)('real national codes', () => {
  it.each(examples.map((example) => [example.note.split('. ')[0], example] as const))('%s', (_, example) => {
    // The data set says whether each code is readable; the decoder must agree.
    expect(refusal(example.payload)).toEqual(example.valid ? null : expect.any(String));
    if (example.valid) expect(Object.fromEntries(decodeEmv(example.payload).fields.map((field) => [field.id, field.value]))).toEqual(example.fields);
  });

  it('names the network, reads the fields and reports what a code leaves out', () => {
    const [promptPay, pix, payNow, annexB] = examples.map((example) => decodeEmv(example.payload));
    expect(promptPay).toMatchObject({ network: { name: 'PromptPay', payable: false }, pointOfInitiation: 'static', currency: '764', country: 'TH', merchantName: null });
    expect(promptPay!.warnings.some((warning) => warning.includes('59'))).toBe(true);
    expect(pix).toMatchObject({ network: { name: 'PIX', payable: false }, amount: '10.00', merchantCity: 'SAO MIGUEL DO O', additionalData: { referenceLabel: '***' } });
    expect(payNow).toMatchObject({ network: { name: 'PayNow' }, amount: '1234.56', additionalData: { billNumber: 'BILLNO' } });
    expect(annexB).toMatchObject({ alternateLanguage: { language: 'ZH', merchantName: '北京', merchantCity: '最佳运输' }, postalCode: '1234567' });
    expect(annexB!.warnings.some((warning) => warning.includes('Tip indicator'))).toBe(true);
  });

  it('refuses each of them once damaged, with the reason', () => {
    for (const { payload } of examples) {
      // The last character before "6304" is inside the previous field's value: the framing holds, the CRC does not.
      const at = payload.length - 9;
      const altered = payload.slice(0, at) + (payload[at] === '1' ? '2' : '1') + payload.slice(at + 1);
      expect(refusal(altered)).toBe('BAD_CRC');
      expect(refusal(payload.slice(0, -3))).toBe('TRUNCATED');
      expect(refusal(payload.slice(0, -8))).toBe('MISSING_CRC');
      for (const trailing of ['0000', '12', '6304ABCD', 'XYZW', '0702ab']) expect(refusal(`${payload}${trailing}`)).toBe('CRC_NOT_LAST');
    }
  });
});

describe('Souk codes', () => {
  const stall = {
    pointOfInitiation: 'static' as const,
    merchantId: 'usr_01JD3XK0000000000000000000',
    merchantCategoryCode: '5812',
    currency: '156',
    country: 'CN',
    merchantName: 'Chez Lina',
    merchantCity: 'Shanghai',
    alternateLanguage: { language: 'ZH', merchantName: '琳娜小馆', merchantCity: '上海' },
  };

  it('encodes a printed code that decodes to itself, CJK lengths in characters', () => {
    const payload = encodeEmv(stall);
    expect(payload).toContain('0104琳娜小馆');
    const decoded = decodeEmv(payload);
    expect(decoded).toMatchObject({
      pointOfInitiation: 'static',
      network: { name: 'Souk', payable: true },
      merchantAccounts: [{ id: '26', gui: SOUK_GUI }],
      merchantName: 'Chez Lina',
      amount: null,
      warnings: [],
    });
  });

  it('encodes a dynamic code with amount, bill number, reference and terminal', () => {
    const decoded = decodeEmv(
      encodeEmv({ ...stall, pointOfInitiation: 'dynamic', amount: '38.50', additionalData: { billNumber: 'B-1024', referenceLabel: 'ord_42', terminalLabel: 'T1', purpose: 'Dinner' } }),
    );
    expect(decoded).toMatchObject({
      pointOfInitiation: 'dynamic',
      amount: '38.50',
      additionalData: { billNumber: 'B-1024', referenceLabel: 'ord_42', terminalLabel: 'T1', purpose: 'Dinner' },
      warnings: [],
    });
  });

  it('round-trips any names, in any script', () => {
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 25 }).filter((s) => s.trim() === s && s.length > 0);
    fc.assert(
      fc.property(name, name, (merchantName, merchantCity) => {
        const decoded = decodeEmv(encodeEmv({ ...stall, merchantName, merchantCity }));
        expect([decoded.merchantName, decoded.merchantCity]).toEqual([merchantName, merchantCity]);
      }),
    );
  });
});

describe('malformed codes, refused with the reason', () => {
  const good = encodeEmv({
    pointOfInitiation: 'static',
    merchantId: 'm1',
    merchantCategoryCode: '5812',
    currency: '978',
    country: 'FR',
    merchantName: 'Crêperie',
    merchantCity: 'Lyon',
  });
  const withCrc = (body: string) => {
    const bare = `${body}6304`;
    return bare + encodeEmvCrc(bare);
  };
  const encodeEmvCrc = (text: string) => crc16(new TextEncoder().encode(text)).toString(16).toUpperCase().padStart(4, '0');

  it.each([
    ['an empty code', '', 'EMPTY'],
    ['a bad CRC', `${good.slice(0, -4)}0000`, 'BAD_CRC'],
    ['a CRC that is not hexadecimal', `${good.slice(0, -4)}ZZZZ`, 'BAD_CRC'],
    ['a truncated field', good.slice(0, 30), 'TRUNCATED'],
    ['a non-numeric length', withCrc('000201010211520A5812'), 'BAD_LENGTH'],
    ['a repeated id', withCrc('00020101021101021152045812'), 'DUPLICATE_FIELD'],
    ['data after the CRC', `${good}0702ab`, 'CRC_NOT_LAST'],
    ['a partial field after the CRC', `${good}12`, 'CRC_NOT_LAST'],
    ['an empty field after the CRC', `${good}0000`, 'CRC_NOT_LAST'],
    ['a second CRC', `${good}6304ABCD`, 'CRC_NOT_LAST'],
    ['letters after the CRC', `${good}XYZW`, 'CRC_NOT_LAST'],
    ['a truncated field before the CRC', withCrc('00020101021152995812'), 'TRUNCATED'],
    ['a non-numeric id before the CRC', withCrc('000201010211X20400005303978'), 'BAD_ID'],
    ['no CRC', good.slice(0, -8), 'MISSING_CRC'],
    ['another format indicator', withCrc('000202010211'), 'BAD_FORMAT_INDICATOR'],
    ['a malformed template', withCrc('000201010211260800XX0199'), 'BAD_TEMPLATE'],
  ])('%s', (_, payload, code) => {
    expect(refusal(payload)).toBe(code);
  });

  it('refuses anything after a valid CRC as data after the CRC, whatever it is', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }).filter((text) => text.trim() !== ''), (trailing) => {
        expect(refusal(good + trailing)).toBe('CRC_NOT_LAST');
      }),
    );
  });

  it('never throws anything but a decode error, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        try {
          decodeEmv(text);
        } catch (error) {
          expect(error).toBeInstanceOf(EmvDecodeError);
        }
      }),
    );
  });
});

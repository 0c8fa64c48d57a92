import { describe, expect, it } from 'vitest';
import { currencyDigits, currencyFromNumeric, formatMoney, MAX_AMOUNT, minorToDecimal, minorToInput, parseAmount } from './money.js';

describe('parseAmount', () => {
  it.each([
    ['12.50', 'CNY', 1250],
    ['12.5', 'CNY', 1250],
    ['12,50', 'EUR', 1250],
    ['12', 'CNY', 1200],
    ['0.01', 'CNY', 1],
    ['.5', 'EUR', 50],
    ['7.', 'EUR', 700],
    ['0012.30', 'CNY', 1230],
    ['1 250.00', 'EUR', 125000],
    ['1\u202f250,00', 'EUR', 125000],
    ['  3.10 ', 'CNY', 310],
    ['12.500', 'CNY', 1250],
    ['1500', 'JPY', 1500],
    ['1.250', 'KWD', 1250],
    ['10000000000', 'CNY', MAX_AMOUNT],
    // Values a float gets wrong: 0.29 * 100 = 28.999999999999996, 1.005 * 1000 = 1004.9999999999999.
    ['0.29', 'CNY', 29],
    ['1.005', 'KWD', 1005],
    ['4.35', 'EUR', 435],
  ])('reads %j in %s as %d minor units', (input, currency, minor) => {
    expect(parseAmount(input, currency)).toEqual({ ok: true, minor });
  });

  it.each([
    ['', 'CNY', 'empty'],
    ['   ', 'CNY', 'empty'],
    ['abc', 'CNY', 'format'],
    ['-5', 'CNY', 'format'],
    ['+5', 'CNY', 'format'],
    ['1e3', 'CNY', 'format'],
    ['1,250.00', 'EUR', 'format'],
    ['1.2.3', 'CNY', 'format'],
    ['.', 'CNY', 'format'],
    ['¥5', 'CNY', 'format'],
    ['0x10', 'CNY', 'format'],
    ['12.345', 'CNY', 'precision'],
    ['1.5', 'JPY', 'precision'],
    ['0', 'CNY', 'zero'],
    ['0.00', 'EUR', 'zero'],
    ['0.001', 'CNY', 'precision'],
    ['10000000000.01', 'CNY', 'tooLarge'],
    ['99999999999999999999999', 'CNY', 'tooLarge'],
  ])('refuses %j in %s (%s)', (input, currency, problem) => {
    expect(parseAmount(input, currency)).toEqual({ ok: false, problem });
  });
});

describe('formatting', () => {
  it('knows how many decimals a currency has', () => {
    expect(currencyDigits('CNY')).toBe(2);
    expect(currencyDigits('EUR')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KWD')).toBe(3);
  });

  it('writes minor units as exact decimal text', () => {
    expect(minorToDecimal(1250, 'CNY')).toBe('12.50');
    expect(minorToDecimal(5, 'EUR')).toBe('0.05');
    expect(minorToDecimal(-5, 'EUR')).toBe('-0.05');
    expect(minorToDecimal(0, 'CNY')).toBe('0.00');
    expect(minorToDecimal(1500, 'JPY')).toBe('1500');
    expect(minorToDecimal(999_999_999_999_999, 'CNY')).toBe('9999999999999.99');
  });

  it('prefills amount fields the way the reader types them, and reads them back', () => {
    expect(minorToInput(880, 'CNY', 'en')).toBe('8.80');
    expect(minorToInput(880, 'EUR', 'fr')).toBe('8,80');
    expect(minorToInput(880, 'CNY', 'zh-CN')).toBe('8.80');
    expect(parseAmount(minorToInput(123456, 'EUR', 'fr'), 'EUR')).toEqual({ ok: true, minor: 123456 });
  });

  it('formats in the reader’s language with the currency’s symbol and decimals', () => {
    const space = /[\s\u00a0\u202f]/g;
    expect(formatMoney(1250, 'CNY', 'zh-CN')).toBe('¥12.50');
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(formatMoney(125000, 'EUR', 'fr').replace(space, ' ')).toBe('1 250,00 €');
    expect(formatMoney(29, 'CNY', 'en')).toBe('CN¥0.29');
    expect(formatMoney(1500, 'JPY', 'en')).toBe('¥1,500');
  });

  it('shows a sign on movements when asked', () => {
    expect(formatMoney(1250, 'EUR', 'en', { signed: true })).toBe('+€12.50');
    expect(formatMoney(-1250, 'EUR', 'en', { signed: true })).toBe('-€12.50');
    expect(formatMoney(-1250, 'EUR', 'en')).toBe('-€12.50');
  });

  it('keeps every digit of the largest amounts', () => {
    expect(formatMoney(999_999_999_999_999, 'CNY', 'en')).toBe('CN¥9,999,999,999,999.99');
  });

  it('maps the numeric currencies that EMVCo codes carry', () => {
    expect(currencyFromNumeric('156')).toBe('CNY');
    expect(currencyFromNumeric('978')).toBe('EUR');
    expect(currencyFromNumeric('986')).toBe('BRL');
    expect(currencyFromNumeric('000')).toBeUndefined();
  });
});

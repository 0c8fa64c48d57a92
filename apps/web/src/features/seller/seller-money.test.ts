import { describe, expect, it } from 'vitest';
import { formatRate, parseOptionalAmount, parseRatePercent } from './seller-money.js';

describe('parseOptionalAmount', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['0,00', 0],
    ['8.50', 850],
    ['8,5', 850],
    ['199', 19900],
  ])('reads %j as %j in CNY', (text, minor) => {
    expect(parseOptionalAmount(text, 'CNY')).toEqual({ ok: true, minor });
  });

  it.each([
    ['abc', 'format'],
    ['1.234', 'precision'],
    ['-1', 'format'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseOptionalAmount(text, 'CNY')).toEqual({ ok: false, problem });
  });
});

describe('parseRatePercent', () => {
  it.each([
    ['10', 1000],
    ['12.5', 1250],
    ['8,25', 825],
    ['10 %', 1000],
    ['1', 100],
    ['50', 5000],
    ['50.00', 5000],
  ])('reads %j as %d basis points', (text, bp) => {
    expect(parseRatePercent(text)).toEqual({ ok: true, bp });
  });

  it.each([
    ['', 'empty'],
    ['ten', 'format'],
    ['12.345', 'format'],
    ['-5', 'format'],
    ['0.5', 'range'],
    ['50.01', 'range'],
    ['120', 'range'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseRatePercent(text)).toEqual({ ok: false, problem });
  });
});

describe('formatRate', () => {
  it('writes basis points as a percentage in the reader’s language', () => {
    expect(formatRate(1250, 'en')).toBe('12.5%');
    expect(formatRate(1250, 'fr')).toMatch(/^12,5[\u00a0\u202f]%$/);
    expect(formatRate(1000, 'zh-CN')).toBe('10%');
  });
});

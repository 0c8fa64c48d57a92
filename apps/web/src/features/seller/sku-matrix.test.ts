import { describe, expect, it } from 'vitest';
import { parseAmount } from '../wallet/money.js';
import { combinationKey, combinationLabel, combinations, parseOptionValues, parseStock, STOCK_MAX, syncRows, toSkuBodies, type OptionDraft } from './sku-matrix.js';

const size: OptionDraft = { name: 'Size', values: ['S', 'M', 'L'] };
const colour: OptionDraft = { name: 'Colour', values: ['Red', 'Blue'] };

describe('parseOptionValues', () => {
  it.each([
    ['S, M ,L', ['S', 'M', 'L']],
    ['红色，蓝色、绿色', ['红色', '蓝色', '绿色']],
    ['Bleu marine ;  Rouge', ['Bleu marine', 'Rouge']],
    ['S, s, M,, ', ['S', 'M']],
    ['', []],
  ])('reads %j as %j', (text, values) => {
    expect(parseOptionValues(text)).toEqual(values);
  });
});

describe('combinations', () => {
  it('has one empty combination without options: a product with a single SKU', () => {
    expect(combinations([])).toEqual([{}]);
  });

  it('crosses the values, the first option varying slowest', () => {
    const all = combinations([size, colour]);
    expect(all).toHaveLength(6);
    expect(all.map(combinationLabel)).toEqual(['S / Red', 'S / Blue', 'M / Red', 'M / Blue', 'L / Red', 'L / Blue']);
    expect(new Set(all.map(combinationKey)).size).toBe(6);
  });

  it('leaves out options without a name or without values', () => {
    expect(combinations([size, { name: '', values: ['x'] }, { name: 'Colour', values: [] }])).toHaveLength(3);
  });
});

describe('combinationKey', () => {
  it('does not depend on the order of the keys', () => {
    expect(combinationKey({ Size: 'M', Colour: 'Red' })).toBe(combinationKey({ Colour: 'Red', Size: 'M' }));
    expect(combinationKey({ Size: 'M', Colour: 'Red' })).not.toBe(combinationKey({ Size: 'M', Colour: 'Blue' }));
  });
});

describe('syncRows', () => {
  it('keeps what was typed for the rows that still exist, and starts new ones from the defaults', () => {
    const first = syncRows([size], [], { price: '', stock: '0' });
    expect(first).toHaveLength(3);
    const typed = first.map((row, index) => ({ ...row, price: `${10 + index}`, stock: `${index}` }));
    typed[1] = { ...typed[1]!, skuId: 'sku_m' };

    const withColour = syncRows([size, colour], typed, { price: '9.90', stock: '5' });
    expect(withColour).toHaveLength(6);
    // Adding a colour makes new combinations: none keeps a size-only row.
    expect(withColour.every((row) => row.price === '9.90' && row.stock === '5')).toBe(true);

    const sizesAgain = syncRows([{ ...size, values: ['M', 'L', 'XL'] }], typed, { price: '', stock: '0' });
    expect(sizesAgain.map((row) => [combinationLabel(row.combination), row.price, row.stock, row.skuId])).toEqual([
      ['M', '11', '1', 'sku_m'],
      ['L', '12', '2', undefined],
      ['XL', '', '0', undefined],
    ]);
  });
});

describe('parseStock', () => {
  it.each([
    ['12', 12],
    ['0', 0],
    [' 1 000 ', 1000],
    ['007', 7],
  ])('reads %j as %d', (text, value) => {
    expect(parseStock(text)).toEqual({ ok: true, value });
  });

  it.each([
    ['', 'empty'],
    ['1.5', 'format'],
    ['-1', 'format'],
    ['abc', 'format'],
    [String(STOCK_MAX + 1), 'tooLarge'],
    ['99999999999999999999999', 'tooLarge'],
  ])('refuses %j (%s)', (text, problem) => {
    expect(parseStock(text)).toEqual({ ok: false, problem });
  });
});

describe('prices typed in major units', () => {
  // The editor reads prices with the wallet's parser: exact integer minor units, a decimal comma allowed.
  it.each([
    ['19.90', 'CNY', 1990],
    ['19,9', 'EUR', 1990],
    ['1500', 'JPY', 1500],
    ['0.29', 'CNY', 29],
  ])('%j in %s is %d minor units', (text, currency, minor) => {
    expect(parseAmount(text, currency)).toEqual({ ok: true, minor });
  });

  it('refuses more decimals than the currency has rather than rounding', () => {
    expect(parseAmount('19.999', 'CNY')).toEqual({ ok: false, problem: 'precision' });
  });
});

describe('toSkuBodies', () => {
  const rows = [
    { combination: { Size: 'S' }, price: '19.90', stock: '5', skuId: 'sku_s', loadedStock: '5' },
    { combination: { Size: 'M' }, price: '24,50', stock: '7', skuId: 'sku_m', loadedStock: '3' },
    { combination: { Size: 'L' }, price: '30', stock: '2' },
  ];

  it('sends prices in minor units, and the stock of new rows and of rows whose stock the seller changed', () => {
    expect(toSkuBodies(rows, 'CNY')).toEqual([
      { id: 'sku_s', options: { Size: 'S' }, active: true, price: 1990 },
      { id: 'sku_m', options: { Size: 'M' }, active: true, price: 2450, stock: 7 },
      { options: { Size: 'L' }, active: true, price: 3000, stock: 2 },
    ]);
  });

  it('brings back the inactive SKU of a combination put back', () => {
    const inactive = new Map([[combinationKey({ Size: 'L' }), 'sku_old_l']]);
    expect(toSkuBodies(rows, 'CNY', inactive)?.[2]).toEqual({ id: 'sku_old_l', options: { Size: 'L' }, active: true, price: 3000, stock: 2 });
  });

  it('sends nothing while a price or a stock cannot be read', () => {
    expect(toSkuBodies([{ ...rows[2]!, price: '1.999' }], 'CNY')).toBeUndefined();
    expect(toSkuBodies([{ ...rows[2]!, stock: '-1' }], 'CNY')).toBeUndefined();
  });
});

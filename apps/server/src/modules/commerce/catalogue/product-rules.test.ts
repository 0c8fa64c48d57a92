import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../platform/http/errors.js';
import { checkOptions, checkSkus, productTerms, skuLabel } from './product-rules.js';

const codeOf = (work: () => unknown): string | null => {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
};

describe('options and SKUs', () => {
  const options = [
    { name: 'Size', values: ['S', 'M'] },
    { name: 'Colour', values: ['Red', 'Blue'] },
  ];

  it('accepts any set of distinct combinations, trimming what was typed', () => {
    const skus = checkSkus(options, [
      { options: { ' Size ': ' M ', Colour: 'Blue' }, price: 1, stock: 0 },
      { options: { Size: 'S', Colour: 'Blue' }, price: 2, stock: 1, active: false },
    ]);
    expect(skus.map((sku) => [skuLabel(options, sku.options), sku.active])).toEqual([
      ['M / Blue', true],
      ['S / Blue', false],
    ]);
    expect(checkOptions([{ name: ' Size ', values: [' S ', 'M'] }])).toEqual([{ name: 'Size', values: ['S', 'M'] }]);
  });

  it('refuses a SKU missing an option, with an unknown option or value, or repeating another', () => {
    expect(codeOf(() => checkSkus(options, [{ options: { Size: 'S' }, price: 1, stock: 0 }]))).toBe('PRODUCT_INVALID_SKUS');
    expect(codeOf(() => checkSkus(options, [{ options: { Size: 'S', Colour: 'Red', Fit: 'Slim' }, price: 1, stock: 0 }]))).toBe('PRODUCT_INVALID_SKUS');
    expect(codeOf(() => checkSkus(options, [{ options: { Size: 'XL', Colour: 'Red' }, price: 1, stock: 0 }]))).toBe('PRODUCT_INVALID_SKUS');
    expect(codeOf(() => checkSkus([], [{ options: {}, price: 1, stock: 0 }, { options: {}, price: 1, stock: 0 }]))).toBe('PRODUCT_INVALID_SKUS');
    expect(codeOf(() => checkSkus([], [{ options: {}, price: 1, stock: 0, active: false }]))).toBe('PRODUCT_NO_ACTIVE_SKU');
    expect(codeOf(() => checkOptions([{ name: 'Size', values: ['M', 'm'] }]))).toBe('PRODUCT_INVALID_OPTIONS');
  });

  it('accepts exactly the SKU lists whose combinations are distinct (property)', () => {
    const combos = ['S', 'M', 'L'].flatMap((size) => ['Red', 'Blue'].map((colour) => ({ Size: size, Colour: colour })));
    const threeSizes = [
      { name: 'Size', values: ['S', 'M', 'L'] },
      { name: 'Colour', values: ['Red', 'Blue'] },
    ];
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: combos.length - 1 }), { minLength: 1, maxLength: 8 }), (picks) => {
        const skus = picks.map((i) => ({ options: combos[i]!, price: 100, stock: 1 }));
        const distinct = new Set(picks).size === picks.length;
        expect(codeOf(() => checkSkus(threeSizes, skus))).toBe(distinct ? null : 'PRODUCT_INVALID_SKUS');
      }),
    );
  });
});

describe('search terms', () => {
  it('weighs the title above context above the description, folding accents and cutting Chinese into n-grams', () => {
    const terms = new Map(productTerms({ title: 'Café 手冲咖啡', context: ['Café & thé'], description: 'café' }).map((term) => [term.token, term.weight]));
    expect(terms.get('cafe')).toBe(4 + 2 + 1);
    expect(terms.get('the')).toBe(2);
    expect(terms.get('咖啡')).toBe(4);
    expect(terms.get('手冲')).toBe(4);
    expect(terms.get('啡')).toBe(4);
  });
});

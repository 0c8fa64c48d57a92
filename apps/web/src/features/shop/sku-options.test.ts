import { describe, expect, it } from 'vitest';
import { chosenSku, initialSelection, isSelectable, missingOptions, priceRange, stockLeft, toggle, type ProductOption, type SkuChoice } from './sku-options.js';

const OPTIONS: ProductOption[] = [
  { name: 'Colour', values: ['Red', 'Blue', 'Green'] },
  { name: 'Size', values: ['S', 'M', 'L'] },
];

const sku = (id: string, colour: string, size: string, price: number, stock: number): SkuChoice => ({ id, options: { Colour: colour, Size: size }, price, stock });

// Green is not sold in S (no SKU); Red L and Blue S are sold out; Green M is the dearest.
const SKUS: SkuChoice[] = [
  sku('rs', 'Red', 'S', 1000, 3),
  sku('rm', 'Red', 'M', 1000, 1),
  sku('rl', 'Red', 'L', 1200, 0),
  sku('bs', 'Blue', 'S', 1100, 0),
  sku('bm', 'Blue', 'M', 1100, 5),
  sku('bl', 'Blue', 'L', 1300, 2),
  sku('gm', 'Green', 'M', 1500, 4),
  sku('gl', 'Green', 'L', 1500, 0),
];

describe('SKU option pickers', () => {
  it('with nothing picked, greys out only values no SKU with stock has', () => {
    for (const value of ['Red', 'Blue', 'Green']) expect(isSelectable(SKUS, {}, 'Colour', value)).toBe(true);
    for (const value of ['S', 'M', 'L']) expect(isSelectable(SKUS, {}, 'Size', value)).toBe(true);
    const soldOutGreen = SKUS.map((s) => (s.options.Colour === 'Green' ? { ...s, stock: 0 } : s));
    expect(isSelectable(soldOutGreen, {}, 'Colour', 'Green')).toBe(false);
  });

  it('greys out the sizes sold out (or not made) in the picked colour, and the colours sold out in the picked size', () => {
    const red = { Colour: 'Red' };
    expect(['S', 'M', 'L'].map((size) => isSelectable(SKUS, red, 'Size', size))).toEqual([true, true, false]);
    const green = { Colour: 'Green' };
    expect(['S', 'M', 'L'].map((size) => isSelectable(SKUS, green, 'Size', size))).toEqual([false, true, false]);
    const small = { Size: 'S' };
    expect(['Red', 'Blue', 'Green'].map((colour) => isSelectable(SKUS, small, 'Colour', colour))).toEqual([true, false, false]);
  });

  it('never lets a pick block its own siblings', () => {
    const picked = { Colour: 'Red', Size: 'S' };
    expect(isSelectable(SKUS, picked, 'Size', 'M')).toBe(true);
    expect(isSelectable(SKUS, picked, 'Colour', 'Blue')).toBe(false); // Blue S is sold out
    expect(isSelectable(SKUS, picked, 'Colour', 'Red')).toBe(true);
  });

  it('finds the SKU only once every option is picked', () => {
    expect(chosenSku(OPTIONS, SKUS, { Colour: 'Blue' })).toBeUndefined();
    expect(chosenSku(OPTIONS, SKUS, { Colour: 'Blue', Size: 'L' })?.id).toBe('bl');
    expect(chosenSku(OPTIONS, SKUS, { Colour: 'Green', Size: 'S' })).toBeUndefined();
    expect(missingOptions(OPTIONS, { Size: 'M' })).toEqual(['Colour']);
  });

  it('narrows the price range and the stock to what is still possible', () => {
    expect(priceRange(SKUS, {})).toEqual({ min: 1000, max: 1500 });
    expect(priceRange(SKUS, { Colour: 'Blue' })).toEqual({ min: 1100, max: 1300 });
    expect(priceRange(SKUS, { Colour: 'Green', Size: 'M' })).toEqual({ min: 1500, max: 1500 });
    expect(priceRange(SKUS, { Colour: 'Green', Size: 'S' })).toBeUndefined();
    expect(stockLeft(SKUS, { Size: 'M' })).toBe(10);
    expect(stockLeft(SKUS, {})).toBe(15);
  });

  it('a second tap unpicks; a new pick drops other picks it contradicts', () => {
    expect(toggle(SKUS, { Colour: 'Red', Size: 'M' }, 'Size', 'M')).toEqual({ Colour: 'Red' });
    expect(toggle(SKUS, { Colour: 'Red' }, 'Size', 'M')).toEqual({ Colour: 'Red', Size: 'M' });
    // Red S → Green: Green S does not exist, so the size goes.
    expect(toggle(SKUS, { Colour: 'Red', Size: 'S' }, 'Colour', 'Green')).toEqual({ Colour: 'Green' });
    // Red M → Blue: Blue M has stock, so the size stays.
    expect(toggle(SKUS, { Colour: 'Red', Size: 'M' }, 'Colour', 'Blue')).toEqual({ Colour: 'Blue', Size: 'M' });
  });

  it('starts with single-valued options picked, or the only SKU in stock', () => {
    const options: ProductOption[] = [
      { name: 'Colour', values: ['Black'] },
      { name: 'Size', values: ['S', 'M'] },
    ];
    const skus = [
      { id: 'a', options: { Colour: 'Black', Size: 'S' }, price: 100, stock: 2 },
      { id: 'b', options: { Colour: 'Black', Size: 'M' }, price: 100, stock: 2 },
    ];
    expect(initialSelection(options, skus)).toEqual({ Colour: 'Black' });
    expect(initialSelection(options, [skus[0]!, { ...skus[1]!, stock: 0 }])).toEqual({ Colour: 'Black', Size: 'S' });
    // A product without options is one SKU with no option values: nothing to pick.
    expect(chosenSku([], [{ id: 'only', options: {}, price: 5, stock: 1 }], {})?.id).toBe('only');
  });
});

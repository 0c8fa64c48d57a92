import { describe, expect, it } from 'vitest';
import { LOW_STOCK, stockLevel } from './stock-level.js';

describe('stockLevel', () => {
  it('says sold out at 0, how few are left up to the threshold, nothing above it', () => {
    expect(stockLevel(0)).toEqual({ kind: 'sold_out' });
    expect(stockLevel(1)).toEqual({ kind: 'low', count: 1 });
    expect(stockLevel(LOW_STOCK)).toEqual({ kind: 'low', count: LOW_STOCK });
    expect(stockLevel(LOW_STOCK + 1)).toEqual({ kind: 'in_stock' });
    expect(stockLevel(1_000_000)).toEqual({ kind: 'in_stock' });
  });
});

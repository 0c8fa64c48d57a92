/** At or below this many units a list says how few are left (a nudge that is true, unlike a fake countdown). */
export const LOW_STOCK = 5;

export type StockLevel = { kind: 'sold_out' } | { kind: 'low'; count: number } | { kind: 'in_stock' };

/** What a product list says of a product's units left (the sum over its active SKUs). */
export function stockLevel(stock: number): StockLevel {
  if (stock <= 0) return { kind: 'sold_out' };
  if (stock <= LOW_STOCK) return { kind: 'low', count: stock };
  return { kind: 'in_stock' };
}

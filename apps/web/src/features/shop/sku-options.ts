/**
 * The option pickers of a product page. A product has options (Size: S, M;
 * Colour: Red, Blue) and one SKU per combination that is sold; a SKU may be
 * out of stock, and a combination may have no SKU at all. As on Taobao, a
 * value can be picked only if some SKU with stock has it together with the
 * values already picked for the *other* options: picking Red greys out the
 * sizes that are sold out in red, and picking M greys out the colours sold out
 * in M. A value of the option itself never blocks its siblings (switching
 * from S to M must stay possible).
 */
export interface ProductOption {
  name: string;
  values: readonly string[];
}

export interface SkuChoice {
  id: string;
  /** One value per product option: {"Size": "M", "Colour": "Red"}. */
  options: Readonly<Record<string, string>>;
  price: number;
  stock: number;
}

/** What the buyer has picked so far, by option name. */
export type Selection = Readonly<Record<string, string>>;

function matches(sku: SkuChoice, selection: Selection, except?: string): boolean {
  return Object.entries(selection).every(([name, value]) => name === except || sku.options[name] === value);
}

const buyable = (sku: SkuChoice) => sku.stock > 0;

/** Whether `value` of `option` can be picked given the other picks. */
export function isSelectable(skus: readonly SkuChoice[], selection: Selection, option: string, value: string): boolean {
  return skus.some((sku) => buyable(sku) && sku.options[option] === value && matches(sku, selection, option));
}

/** The SKU once every option has a value; undefined while some are still open or the combination is not sold. */
export function chosenSku(options: readonly ProductOption[], skus: readonly SkuChoice[], selection: Selection): SkuChoice | undefined {
  if (options.some((option) => selection[option.name] === undefined)) return undefined;
  return skus.find((sku) => options.every((option) => sku.options[option.name] === selection[option.name]));
}

/**
 * The lowest and highest price among the SKUs still possible with what is
 * picked (sold-out ones included, as a price is still shown for them); the
 * whole product's range when nothing is picked.
 */
export function priceRange(skus: readonly SkuChoice[], selection: Selection): { min: number; max: number } | undefined {
  const prices = skus.filter((sku) => matches(sku, selection)).map((sku) => sku.price);
  if (prices.length === 0) return undefined;
  return { min: Math.min(...prices), max: Math.max(...prices) };
}

/** Stock left among the SKUs still possible with what is picked. */
export function stockLeft(skus: readonly SkuChoice[], selection: Selection): number {
  return skus.filter((sku) => matches(sku, selection)).reduce((sum, sku) => sum + Math.max(0, sku.stock), 0);
}

/**
 * The picks to start from: an option with a single value is picked already
 * (there is nothing to choose), and so is every option of the only SKU that
 * has stock when there is just one.
 */
export function initialSelection(options: readonly ProductOption[], skus: readonly SkuChoice[]): Selection {
  const inStock = skus.filter(buyable);
  if (inStock.length === 1) return { ...inStock[0]!.options };
  const selection: Record<string, string> = {};
  for (const option of options) if (option.values.length === 1) selection[option.name] = option.values[0]!;
  return selection;
}

/**
 * Picks `value` for `option`, or unpicks it when it was the pick (a second
 * tap, as on Taobao). Picks of other options that no longer lead to any SKU
 * with stock are dropped rather than left contradicting the new one.
 */
export function toggle(skus: readonly SkuChoice[], selection: Selection, option: string, value: string): Selection {
  if (selection[option] === value) {
    const { [option]: _dropped, ...rest } = selection;
    return rest;
  }
  const next: Record<string, string> = { ...selection, [option]: value };
  for (const [name, picked] of Object.entries(next)) {
    if (name !== option && !isSelectable(skus, next, name, picked)) delete next[name];
  }
  return next;
}

/** The options still to pick, in the product's order. */
export function missingOptions(options: readonly ProductOption[], selection: Selection): string[] {
  return options.filter((option) => selection[option.name] === undefined).map((option) => option.name);
}

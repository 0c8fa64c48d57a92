/**
 * Deals cards into two columns, each to the shorter one, like Xiaohongshu's
 * grid. Only earlier cards decide where a card goes, so appending a page never
 * moves a card already on screen (CSS columns would reflow them all).
 */
export function splitColumns<T>(items: readonly T[], heightOf: (item: T) => number): [T[], T[]] {
  const columns: [T[], T[]] = [[], []];
  const heights = [0, 0];
  for (const item of items) {
    const target = heights[1]! < heights[0]! ? 1 : 0;
    columns[target].push(item);
    heights[target]! += heightOf(item);
  }
  return columns;
}

/** A card's cover height for a unit width: the image's own shape, kept between 3:4 landscape and 4:3 portrait. */
export function coverRatio(width: number, height: number): number {
  return Math.min(4 / 3, Math.max(3 / 4, height / width));
}

/**
 * Popularity bias of a set of pages: how unequally exposure is spread over
 * the items. `gini` is the Gini coefficient of impressions over the catalogue
 * (0 = every item shown equally, toward 1 = a few items take everything);
 * `topShare` is the share of impressions that went to the most shown 1% of
 * the catalogue; `coverage` the share of the catalogue shown at least once.
 */
export interface ExposureReport {
  impressions: number;
  gini: number;
  topShare: number;
  coverage: number;
}

export function exposureReport(lists: Iterable<readonly string[]>, catalogueSize: number): ExposureReport {
  const counts = new Map<string, number>();
  let impressions = 0;
  for (const list of lists) {
    for (const id of list) {
      counts.set(id, (counts.get(id) ?? 0) + 1);
      impressions++;
    }
  }
  const n = Math.max(catalogueSize, counts.size);
  if (n === 0 || impressions === 0) return { impressions, gini: 0, topShare: 0, coverage: 0 };
  // Items never shown are zeros at the start of the ascending order.
  const shown = [...counts.values()].sort((a, b) => a - b);
  const zeros = n - shown.length;
  let weighted = 0;
  shown.forEach((count, k) => (weighted += (zeros + k + 1) * count));
  const gini = (2 * weighted) / (n * impressions) - (n + 1) / n;
  const top = Math.max(1, Math.ceil(n / 100));
  let topImpressions = 0;
  for (let k = shown.length - 1; k >= Math.max(0, shown.length - top); k--) topImpressions += shown[k]!;
  return { impressions, gini, topShare: topImpressions / impressions, coverage: shown.length / n };
}

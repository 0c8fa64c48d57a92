/** The shape of every paged answer of the API. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Appends a page, dropping items already shown: a post that moved (an edit,
 * a live insert at the top) must not appear twice.
 */
export function appendPage<T>(current: readonly T[], page: readonly T[], idOf: (item: T) => string): T[] {
  const seen = new Set(current.map(idOf));
  return [...current, ...page.filter((item) => !seen.has(idOf(item)))];
}

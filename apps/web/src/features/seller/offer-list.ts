import type { MyOffer, Offer } from '@souk/contracts';

/**
 * My offers after one of them changed: a new rate replaces the offer's terms
 * and keeps its figures (the rate applies to new sales only); a closed offer
 * leaves the list.
 */
export function applyOfferChange(items: readonly MyOffer[], productId: string, changed: Offer | null): MyOffer[] {
  if (changed === null) return items.filter((item) => item.productId !== productId);
  return items.map((item) => (item.productId === productId ? { ...item, ...changed, figures: item.figures } : item));
}

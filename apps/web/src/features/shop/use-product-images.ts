import { useEffect, useState } from 'react';
import { fetchProduct } from './shop.api.js';

/**
 * Cart lines and order items name their photo by media id only, and no route
 * turns a media id into a URL: the thumbnail is taken from the product
 * instead, one fetch per product, remembered for the page's life.
 */
const thumbs = new Map<string, Promise<string | null>>();

function thumbOf(productId: string): Promise<string | null> {
  let known = thumbs.get(productId);
  if (!known) {
    known = fetchProduct(productId).then(
      (product) => product.images[0]?.thumbUrl ?? null,
      () => {
        thumbs.delete(productId);
        return null;
      },
    );
    thumbs.set(productId, known);
  }
  return known;
}

export function useProductThumbs(productIds: readonly string[]): Record<string, string | null> {
  const [found, setFound] = useState<Record<string, string | null>>({});
  const key = [...new Set(productIds)].sort().join(',');
  useEffect(() => {
    let live = true;
    for (const id of key ? key.split(',') : []) {
      void thumbOf(id).then((url) => live && setFound((current) => (current[id] === url ? current : { ...current, [id]: url })));
    }
    return () => {
      live = false;
    };
  }, [key]);
  return found;
}

import type { ProductCard } from '@souk/contracts';
import { fetchPostProducts } from './shop.api.js';

/** The API takes at most 50 post ids per call. */
const MAX_IDS = 50;

const known = new Map<string, Promise<ProductCard[]>>();
let waiting: { postId: string; resolve: (cards: ProductCard[]) => void }[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * The products tagged on a post. Slides and cards ask one by one as they are
 * drawn; the asks of one moment go out as one GET /api/posts/products, and
 * each post's answer is kept for the page's life (a failed one is asked again
 * next time).
 */
export function postProducts(postId: string): Promise<ProductCard[]> {
  let found = known.get(postId);
  if (!found) {
    found = new Promise<ProductCard[]>((resolve) => {
      waiting.push({ postId, resolve });
      timer ??= setTimeout(flush, 30);
    });
    known.set(postId, found);
  }
  return found;
}

function flush(): void {
  timer = undefined;
  const batch = waiting;
  waiting = [];
  for (let start = 0; start < batch.length; start += MAX_IDS) {
    const part = batch.slice(start, start + MAX_IDS);
    fetchPostProducts(part.map((ask) => ask.postId)).then(
      ({ items }) => {
        const byPost = new Map(items.map((item) => [item.postId, item.products]));
        for (const ask of part) ask.resolve(byPost.get(ask.postId) ?? []);
      },
      () => {
        for (const ask of part) {
          known.delete(ask.postId);
          ask.resolve([]);
        }
      },
    );
  }
}

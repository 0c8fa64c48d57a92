import { ShopBagIcon } from './shop-icons.js';

/** A line's product photo, or the bag while it is unknown. */
export function LineThumb({ url }: { url: string | null | undefined }) {
  return <span className="line-thumb">{url ? <img src={url} alt="" loading="lazy" /> : <ShopBagIcon size={24} />}</span>;
}

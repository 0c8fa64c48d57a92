import type { FeedItem, FeedPage } from '@souk/contracts';
import type { Database } from '../../platform/db/database.js';
import type { CatalogueStore, RankedItem } from './catalogue.store.js';
import { encodeFeedCursor } from './cursor.js';
import type { FeedSocial, Viewer } from './viewer.js';

/** Rounds of candidates a page may read before it returns short (with a cursor to go on from). */
const MAX_ROUNDS = 5;
const EXTRA_PER_ROUND = 10;

/**
 * The feeds without profiling (EU DSA art. 38): public posts, newest first
 * (latest) or by engagement with time decay (popular, see catalogue.store.ts),
 * the same for everyone apart from the viewer's blocks, mutes and "not
 * interested" choices. Keyset pages: a post served once is never served
 * again in the same scroll; in popular a post may rise above the cursor
 * between pages, and is then skipped rather than repeated.
 */
export class UnprofiledFeeds {
  constructor(
    private readonly database: Database,
    private readonly catalogue: CatalogueStore,
    private readonly social: FeedSocial,
  ) {}

  async page(viewer: Viewer, mode: 'latest' | 'popular', after: { key: number; id: string } | null, limit: number): Promise<FeedPage> {
    const items: FeedItem[] = [];
    const batch = limit + EXTRA_PER_ROUND;
    let position = after;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const rows = await this.catalogue.publicPage(this.database.db, mode, position, batch);
      await viewer.meet(rows.map((row) => row.authorId));
      const candidates = rows.filter((row) => !viewer.hiddenAuthors.has(row.authorId));
      // Hydrated by the social module, which applies privacy again: a post deleted or narrowed a moment ago drops out here.
      const posts = new Map((await this.social.postsForViewer(viewer.id, candidates.map((row) => row.postId))).map((post) => [post.id, post]));
      for (const row of rows) {
        const post = posts.get(row.postId);
        if (!post || !viewer.allows(post)) continue;
        items.push({ post, reasons: [{ kind: mode }] });
        if (items.length === limit) {
          const more = row !== rows[rows.length - 1] || rows.length === batch;
          return { items, nextCursor: more ? cursorAt(mode, row) : null, mode };
        }
      }
      if (rows.length < batch) return { items, nextCursor: null, mode };
      position = { key: rows[rows.length - 1]!.key, id: rows[rows.length - 1]!.postId };
    }
    return { items, nextCursor: position ? encodeFeedCursor({ mode, ...position }) : null, mode };
  }
}

function cursorAt(mode: 'latest' | 'popular', row: RankedItem): string {
  return encodeFeedCursor({ mode, key: row.key, id: row.postId });
}

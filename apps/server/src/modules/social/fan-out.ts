import type { Database } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import type { SocialStore } from './social.store.js';
import './social.events.js';

/** Inbox rows written per transaction: short enough that SQLite's single writer is never held for long. */
const BATCH = 1000;

/**
 * Fan-out on write, after the post is accepted: the post is pushed into its
 * audience's inboxes in batches, by the `social.post.published` handler (and
 * again after an edit changes who may see it). The author's own inbox row is
 * written with the post itself. Pull authors (past the follower threshold)
 * are not pushed at all; timelines read them. Handlers run at least once, and
 * every insert ignores rows already there, so a retried delivery is harmless;
 * visibility is still checked at read time, so a row written for an audience
 * that has since narrowed shows nothing.
 */
export class FanOut {
  constructor(private readonly deps: { database: Database; store: SocialStore; events: Events }) {}

  subscribe(): void {
    const { events } = this.deps;
    events.handle('social.post.published', async ({ payload }) => this.deliver(payload.post.id));
    events.handle('social.post.updated', async ({ payload }) => {
      if (payload.post.visibility !== payload.previousVisibility) await this.deliver(payload.post.id);
    });
  }

  async deliver(postId: string): Promise<void> {
    const { database, store } = this.deps;
    let after: string | null = null;
    for (;;) {
      const done: boolean = await database.transaction(async (tx) => {
        const post = await store.findPost(tx.db, postId);
        if (!post) return true;
        const author = await store.stats(tx.db, post.authorId);
        if (author.pullAuthor) return true;
        const audience = await store.audienceBatch(tx.db, post.authorId, post.visibility, after, BATCH);
        await store.addToInboxes(tx.db, audience, post);
        after = audience[audience.length - 1] ?? after;
        return audience.length < BATCH;
      });
      if (done) return;
    }
  }
}

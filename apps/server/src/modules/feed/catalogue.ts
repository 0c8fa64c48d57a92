import type { Logger } from 'pino';
import type { Database } from '../../platform/db/database.js';
import type { DomainEvent } from '../../platform/events/event-map.js';
import type { Events } from '../../platform/events/events.js';
import type { PostSnapshot } from '../social/index.js';
import type { CatalogueStore } from './catalogue.store.js';
import type { FeedModel } from './model.js';
import type { PreferencesStore } from './preferences.store.js';
import type { SignalIntake } from './signals.service.js';
import { postTerms } from './terms.js';

export interface CatalogueDeps {
  database: Database;
  store: CatalogueStore;
  preferences: PreferencesStore;
  events: Events;
  model: FeedModel;
  intake: SignalIntake;
  logger: Pick<Logger, 'warn'>;
}

type PostEvent = DomainEvent<'social.post.published'> | DomainEvent<'social.post.updated'>;

/**
 * Keeps the feed's own copy of what it needs from the social module, from
 * its events: the posts it can serve, who follows whom, and the likes and
 * comments made there (signals like those clients send). Each post change
 * reaches the engine of the process that handled it at once, and the other
 * processes' engines when the bus brings them the event.
 */
export class FeedCatalogue {
  constructor(private readonly deps: CatalogueDeps) {}

  subscribe(): void {
    const { events, store, database, intake } = this.deps;
    events.handle('social.post.published', (event) => this.applyPost(event));
    events.handle('social.post.updated', (event) => this.applyPost(event));
    events.handle('social.post.deleted', async (event) => {
      const { postId, authorId } = event.payload;
      await database.transaction(async (tx) => {
        await store.markDeleted(tx.db, event.id, postId, authorId);
        await this.deps.preferences.forgetPost(tx.db, postId);
      });
      await this.sync(postId);
    });
    // Applied by event order, not arrival order: a follow event retried after a later one changes nothing.
    events.handle('social.follow.created', async (event) => {
      await store.applyFollow(database.db, event.id, event.payload.followerId, event.payload.followeeId, true);
    });
    events.handle('social.follow.removed', async (event) => {
      await store.applyFollow(database.db, event.id, event.payload.followerId, event.payload.followeeId, false);
    });
    events.handle('social.like.created', (event) => intake.recordEvent(event.payload.userId, event.id, event.payload.postId, 'like', event.occurredAt, { reopens: 'skip' }));
    events.handle('social.comment.created', (event) => intake.recordEvent(event.payload.authorId, event.id, event.payload.postId, 'comment', event.occurredAt));
    // Taking a like back, or deleting one's own comment, withdraws what it taught. The engine has no way to
    // un-learn a signal, so the withdrawal is learnt as a skip: its grade (-1) pulls the user's and the post's
    // vectors back by what a like's (+1) moved them, and counts against the post's topics and author as much as
    // the like counted for them. A like and its withdrawal each reopen the other, so liking again after an
    // unlike is learnt again, once per change of mind. A comment removed by someone else (the post's author, a
    // moderator, or with the thread it replied to) says nothing of what its author likes, and is left as it was.
    events.handle('social.like.removed', (event) => intake.recordEvent(event.payload.userId, event.id, event.payload.postId, 'skip', event.occurredAt, { reopens: 'like' }));
    events.handle('social.comment.deleted', async (event) => {
      const { authorId, deletedBy, postId } = event.payload;
      // An event from before comments carried their author has neither: nothing to withdraw by.
      if (authorId && authorId === deletedBy) await intake.recordEvent(authorId, event.id, postId, 'skip', event.occurredAt);
    });

    // Every process: its engine follows the catalogue the handling process just wrote.
    const resync = (postId: string) => void this.sync(postId).catch((error) => this.deps.logger.warn({ err: error, postId }, 'feed item sync failed'));
    for (const type of ['social.post.published', 'social.post.updated'] as const) events.listen(type, (event) => resync(event.payload.post.id));
    events.listen('social.post.deleted', (event) => resync(event.payload.postId));
  }

  private async applyPost(event: PostEvent): Promise<void> {
    const post: PostSnapshot = event.payload.post;
    // A repost carries another post, which the feed serves itself.
    if (post.kind === 'repost') return;
    const kind = post.kind;
    const { store, database } = this.deps;
    await database.transaction(async (tx) => {
      await store.applyPost(tx.db, event.id, {
        postId: post.id,
        authorId: post.authorId,
        kind,
        visibility: post.visibility,
        topics: post.hashtags.map((tag) => tag.key),
        terms: postTerms(post.title, post.body, post.hashtags.map((tag) => tag.key)),
        createdMs: Date.parse(post.createdAt),
      });
      await store.saveTopicNames(tx.db, post.hashtags);
    });
    await this.sync(post.id);
  }

  private async sync(postId: string): Promise<void> {
    const item = await this.deps.store.item(this.deps.database.db, postId);
    if (item) this.deps.model.syncItem(item);
  }
}

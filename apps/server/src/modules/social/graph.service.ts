import type { Profile, Relationship, UserPage } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import type { Events } from '../../platform/events/events.js';
import { UserNotFoundError, type AccountsService } from '../accounts/index.js';
import { toRelationship, type PostViews } from './post-views.js';
import { BlockedError, SelfRelationError } from './social.errors.js';
import type { SocialStore } from './social.store.js';
import './social.events.js';

/** How many recent posts a new follow copies into the follower's inbox. */
const BACKFILL_POSTS = 50;

export interface GraphDeps {
  database: Database;
  store: SocialStore;
  events: Events;
  clock: Clock;
  accounts: AccountsService;
  views: PostViews;
  fanoutThreshold: number;
}

/** Follows, friends (mutual follows), blocks and mutes, with follower counts kept exact in the same transaction. */
export class GraphService {
  constructor(private readonly deps: GraphDeps) {}

  async profile(viewerId: string | null, handle: string): Promise<Profile> {
    const user = await this.deps.accounts.getByHandle(handle);
    const relation = (await this.deps.views.relations(viewerId, [user.id])).get(user.id);
    // A block hides both ways: to the blocked user, the blocker does not exist.
    if (relation?.blockedBy) throw new UserNotFoundError();
    const { pullAuthor: _, ...stats } = await this.deps.store.stats(this.deps.database.db, user.id);
    return { user, stats, relationship: viewerId === null || viewerId === user.id ? null : toRelationship(relation!) };
  }

  async follow(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    const { database, store, events, clock, fanoutThreshold } = this.deps;
    await database.transaction(async (tx) => {
      if (await store.blockedEitherWay(tx.db, actorId, targetId)) throw new BlockedError();
      if (!(await store.insertFollow(tx.db, actorId, targetId, clock.now().toISOString()))) return;
      await store.bumpStat(tx.db, actorId, 'following', 1);
      await store.bumpStat(tx.db, targetId, 'followers', 1);
      const target = await store.stats(tx.db, targetId);
      if (!target.pullAuthor && target.followers >= fanoutThreshold) await store.markPullAuthor(tx.db, targetId);
      const mutual = await store.follows(tx.db, targetId, actorId);
      // The new follower's timeline starts with the author's recent posts, not empty.
      if (!target.pullAuthor && target.followers < fanoutThreshold) {
        await store.backfillInbox(tx.db, actorId, targetId, mutual ? ['public', 'followers', 'friends'] : ['public', 'followers'], BACKFILL_POSTS);
      }
      // Becoming friends opens the new follower's friends-only posts to the other side.
      const actor = await store.stats(tx.db, actorId);
      if (mutual && !actor.pullAuthor) await store.backfillInbox(tx.db, targetId, actorId, ['friends'], BACKFILL_POSTS);
      await events.emit(tx, 'social.follow.created', { followerId: actorId, followeeId: targetId });
    });
    return this.relationship(actorId, targetId);
  }

  async unfollow(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    await this.deps.database.transaction(async (tx) => {
      await this.removeFollow(tx, actorId, targetId);
    });
    return this.relationship(actorId, targetId);
  }

  /** Blocking removes the follows both ways and hides each from the other. */
  async block(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    const { database, store, events, clock } = this.deps;
    await database.transaction(async (tx) => {
      if (!(await store.insertBlock(tx.db, actorId, targetId, clock.now().toISOString()))) return;
      await this.removeFollow(tx, actorId, targetId);
      await this.removeFollow(tx, targetId, actorId);
      await events.emit(tx, 'social.block.created', { blockerId: actorId, blockedId: targetId });
    });
    return this.relationship(actorId, targetId);
  }

  async unblock(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    await this.deps.store.deleteBlock(this.deps.database.db, actorId, targetId);
    return this.relationship(actorId, targetId);
  }

  /** Muting hides someone's posts from my timelines without telling them or unfollowing. */
  async mute(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    await this.deps.store.insertMute(this.deps.database.db, actorId, targetId, this.deps.clock.now().toISOString());
    return this.relationship(actorId, targetId);
  }

  async unmute(actorId: string, targetId: string): Promise<Relationship> {
    await this.requireOther(actorId, targetId);
    await this.deps.store.deleteMute(this.deps.database.db, actorId, targetId);
    return this.relationship(actorId, targetId);
  }

  async followers(viewerId: string | null, userId: string, cursor: string | undefined, limit: number): Promise<UserPage> {
    await this.requireListable(viewerId, userId);
    const page = await this.deps.store.followersPage(this.deps.database.db, userId, viewerId, cursor, limit);
    return { items: await this.deps.views.usersForViewer(viewerId, page.items), nextCursor: page.nextCursor };
  }

  async following(viewerId: string | null, userId: string, cursor: string | undefined, limit: number): Promise<UserPage> {
    await this.requireListable(viewerId, userId);
    const page = await this.deps.store.followingPage(this.deps.database.db, userId, viewerId, cursor, limit);
    return { items: await this.deps.views.usersForViewer(viewerId, page.items), nextCursor: page.nextCursor };
  }

  async friends(userId: string, cursor: string | undefined, limit: number): Promise<UserPage> {
    const page = await this.deps.store.friendsPage(this.deps.database.db, userId, cursor, limit);
    return { items: await this.deps.views.usersForViewer(userId, page.items), nextCursor: page.nextCursor };
  }

  private async removeFollow(tx: TxContext, followerId: string, followeeId: string): Promise<void> {
    const { store, events } = this.deps;
    if (!(await store.deleteFollow(tx.db, followerId, followeeId))) return;
    await store.bumpStat(tx.db, followerId, 'following', -1);
    await store.bumpStat(tx.db, followeeId, 'followers', -1);
    await store.removeFromInbox(tx.db, followerId, followeeId);
    await events.emit(tx, 'social.follow.removed', { followerId, followeeId });
  }

  private async relationship(actorId: string, targetId: string): Promise<Relationship> {
    const relations = await this.deps.store.relations(this.deps.database.db, actorId, [targetId]);
    return toRelationship(relations.get(targetId)!);
  }

  private async requireOther(actorId: string, targetId: string): Promise<void> {
    if (actorId === targetId) throw new SelfRelationError();
    const users = await this.deps.accounts.getPublicUsers([targetId]);
    if (!users.has(targetId)) throw new UserNotFoundError();
  }

  private async requireListable(viewerId: string | null, userId: string): Promise<void> {
    const users = await this.deps.accounts.getPublicUsers([userId]);
    if (!users.has(userId)) throw new UserNotFoundError();
    const relation = (await this.deps.views.relations(viewerId, [userId])).get(userId);
    if (relation?.blockedBy) throw new UserNotFoundError();
  }
}

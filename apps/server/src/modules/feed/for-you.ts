import type { FeedItem, FeedPage, Post } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import type { CatalogueStore, ItemRecord } from './catalogue.store.js';
import { encodeFeedCursor } from './cursor.js';
import type { Candidate, EngineReason } from './engine/types.js';
import type { FeedModel } from './model.js';
import { postTitle, presentReasons, reasonReferences } from './reasons.js';
import type { SignalsStore } from './signals.store.js';
import type { FeedSocial, Viewer } from './viewer.js';

const DAY = 24 * 3600_000;
/** Posts of followed authors this recent are social candidates. */
const FOLLOWING_WINDOW_MS = 7 * DAY;
/** Likes by followed people this recent make their posts social candidates. */
const FRIENDS_LIKED_WINDOW_MS = 3 * DAY;
const FOLLOWING_CANDIDATES = 200;
const LIKES_READ = 500;
/** A page asks the engine for a few more than it shows: some may drop out at hydration. */
const SLACK = 5;
const MAX_ROUNDS = 3;

export interface ForYouDeps {
  database: Database;
  catalogue: CatalogueStore;
  signals: SignalsStore;
  social: FeedSocial;
  model: FeedModel;
  clock: Clock;
  /** Days a served item stays out of For You. */
  seenWindowDays: number;
}

/**
 * The profiled feed, as a pipeline: candidates (the engine's sources plus the
 * social source built here) → rank (the engine) → hydrate (the social module,
 * privacy applied again) → filter (blocks, mutes, "not interested") →
 * present (reasons in the API's words) → remember what was served.
 */
export class ForYouFeed {
  constructor(private readonly deps: ForYouDeps) {}

  async page(viewer: Viewer, userId: string, sessionMs: number, limit: number): Promise<FeedPage> {
    const { database, catalogue, signals, model, clock, seenWindowDays } = this.deps;
    const now = clock.now().getTime();
    const [shown, followees] = await Promise.all([
      signals.shownSince(database.db, userId, Math.min(now - seenWindowDays * DAY, sessionMs)),
      catalogue.followees(database.db, userId),
    ]);
    const social = await this.socialCandidates(viewer, userId, followees, now);
    const hiddenAuthors = new Set([...viewer.hiddenAuthors, userId]);
    const picked = new Map<string, { post: Post; reasons: EngineReason[] }>();
    const dropped = new Set<string>();
    let exhausted = false;

    for (let round = 0; round < MAX_ROUNDS && picked.size < limit; round++) {
      const recommendations = model.engine.recommend({
        userId,
        limit: limit - picked.size + SLACK,
        now,
        extraCandidates: social.candidates,
        // Restricted posts (followers-, friends-only) only where the social source checked this viewer may see them.
        exclude: (itemId) => shown.has(itemId) || picked.has(itemId) || dropped.has(itemId) || (model.isRestricted(itemId) && !social.vouched.has(itemId)),
        hiddenAuthors,
        notInterested: viewer.notInterested,
        followedAuthors: new Set(followees),
      });
      if (recommendations.length === 0) {
        exhausted = true;
        break;
      }
      const posts = new Map((await this.deps.social.postsForViewer(userId, recommendations.map((rec) => rec.itemId))).map((post) => [post.id, post]));
      await viewer.meet([...posts.values()].map((post) => post.author.id));
      for (const rec of recommendations) {
        const post = posts.get(rec.itemId);
        // Deleted or narrowed a moment ago, or hidden from this viewer: left out, and not asked for again.
        if (!post || !viewer.allows(post)) {
          dropped.add(rec.itemId);
          continue;
        }
        if (picked.size < limit) picked.set(rec.itemId, { post, reasons: withSocialReason(rec.reasons, social.reasons.get(rec.itemId)) });
      }
      for (const authorId of viewer.hiddenAuthors) hiddenAuthors.add(authorId);
    }

    const items = await this.present(userId, [...picked.values()]);
    await signals.recordShown(database.db, userId, items.map((item) => item.post.id), now);
    return { items, nextCursor: exhausted || items.length === 0 ? null : encodeFeedCursor({ mode: 'for_you', sessionMs }), mode: 'for_you' };
  }

  /**
   * The social source: recent posts of followed authors, and posts that
   * followed people liked lately, each checked against the privacy rule for
   * this viewer (a followers-only post is a candidate only for a follower).
   */
  private async socialCandidates(
    viewer: Viewer,
    userId: string,
    followees: string[],
    now: number,
  ): Promise<{ candidates: Candidate[]; vouched: Set<string>; reasons: Map<string, EngineReason> }> {
    const { database, catalogue, signals } = this.deps;
    const [recent, likes] = await Promise.all([
      catalogue.recentByAuthors(database.db, followees, now - FOLLOWING_WINDOW_MS, FOLLOWING_CANDIDATES),
      signals.likesBy(database.db, followees, now - FRIENDS_LIKED_WINDOW_MS, LIKES_READ),
    ]);
    const liked = new Map<string, { count: number; latestLiker: string }>();
    for (const like of likes) {
      const entry = liked.get(like.postId);
      if (entry) entry.count += 1;
      else liked.set(like.postId, { count: 1, latestLiker: like.userId });
    }
    const likedItems = await catalogue.items(database.db, [...liked.keys()]);
    const items: ItemRecord[] = [...recent, ...likedItems.values()];
    await viewer.meet(items.map((item) => item.authorId));

    const candidates: Candidate[] = [];
    const vouched = new Set<string>();
    const admissible = (item: ItemRecord) => {
      if (item.visibility === null || item.authorId === userId || viewer.hiddenAuthors.has(item.authorId)) return false;
      if (!viewer.mayView({ authorId: item.authorId, visibility: item.visibility })) return false;
      if (item.visibility !== 'public') vouched.add(item.postId);
      return true;
    };
    for (const item of recent) {
      if (!admissible(item)) continue;
      // Newer is better: a day-old post scores half a new one.
      candidates.push({ itemId: item.postId, source: 'social', score: 2 ** (-(now - item.createdMs) / DAY), reason: { kind: 'following', authorId: item.authorId } });
    }
    for (const [postId, { count, latestLiker }] of liked) {
      const item = likedItems.get(postId);
      if (!item || !admissible(item)) continue;
      candidates.push({ itemId: postId, source: 'social', score: count / (count + 1), reason: { kind: 'friends_liked', userId: latestLiker, count } });
    }
    // What people the viewer follows did says more than "following" alone: it wins when both hold.
    const reasons = new Map<string, EngineReason>();
    for (const candidate of candidates) if (!reasons.has(candidate.itemId) || candidate.reason.kind === 'friends_liked') reasons.set(candidate.itemId, candidate.reason);
    return { candidates, vouched, reasons };
  }

  private async present(viewerId: string, picked: Array<{ post: Post; reasons: EngineReason[] }>): Promise<FeedItem[]> {
    const { database, catalogue, social } = this.deps;
    const refs = reasonReferences(picked.flatMap((entry) => entry.reasons));
    const [posts, users, topicNames] = await Promise.all([
      social.postsForViewer(viewerId, refs.postIds),
      social.usersForViewer(viewerId, refs.userIds),
      catalogue.topicNames(database.db, refs.topics),
    ]);
    const context = {
      titles: new Map(posts.map((post) => [post.id, postTitle(post)])),
      handles: new Map(users.map((item) => [item.user.id, item.user.handle])),
      topicNames,
    };
    return picked.map(({ post, reasons }) => ({ post, reasons: presentReasons(post, reasons, context) }));
  }
}

/**
 * The engine names the source that ranked an item best; when the social
 * source brought it too, its reason (a followed person liked it) is true as
 * well and more telling than most, so it comes second.
 */
function withSocialReason(reasons: EngineReason[], social: EngineReason | undefined): EngineReason[] {
  if (!social || reasons.some((reason) => reason.kind === social.kind)) return reasons;
  return [...reasons.slice(0, 1), social, ...reasons.slice(1)].slice(0, 3);
}

import type { Souk } from '../app.js';
import type { Actor } from '../platform/http/auth.js';
import type { Platform } from '../platform/platform.js';
import type { FeedSignal } from '@souk/contracts';
import { planActivity, type Action } from './activity.js';
import { renderAvatar } from './avatars.js';
import { planBrowsing, VIEW_SPACING_MS, type BrowsingSession } from './browsing.js';
import { DemoClock } from './clock.js';
import { demoCrowd } from './crowd.js';
import { planFollowGraph } from './graph.js';
import { ImagePool, type Picture } from './image-pool.js';
import { DEMO_PASSWORD, DEMO_PEOPLE, type DemoPerson } from './people.js';
import { Random } from './random.js';
import { seedShops, type ShopsSummary } from './shops.js';
import { seedWallets } from './wallets.js';

const DAY = 24 * 3600_000;
/** Generated on top of the named people, for about 300 in all. */
const CROWD = { creators: 24, members: 242 };
/** Avatars are small; a few encode at once. */
const AVATAR_ENCODERS = 4;

export interface SeedSummary {
  users: number;
  follows: number;
  notes: number;
  images: number;
  likes: number;
  comments: number;
  /** Views reported to the For You feed (impressions, reads, skips, profile visits). */
  feedSignals: number;
  /** People who start with money in their wallet. */
  wallets: number;
  /** Brands, products, creators' tagged notes, orders and reviews. */
  shops: ShopsSummary;
  ms: number;
}

/**
 * Seeds a demo community on an empty database, through the services like any
 * other client, so the demo data obeys every rule: about 300 people in
 * Chinese, French and English, a follow graph where a few creators hold most
 * follows, 2,100 notes with pictures over the last month, likes, comments
 * and replies, and what each person looked at in their feed over the last
 * days, so For You knows their tastes from the start. Everything comes from one seeded random source, so every
 * empty database gets the same community.
 *
 * When the platform runs on a DemoClock, history is back-dated: each write
 * happens at its planned moment of the past month. On any other clock it
 * all happens now, in the same order.
 */
export async function seedDemo(souk: Souk, platform: Platform): Promise<SeedSummary | null> {
  if ((await souk.accounts.userCount()) > 0) return null;
  const log = platform.logger;
  const started = Date.now();
  const clock = platform.clock instanceof DemoClock ? platform.clock : null;
  const at = (time: number) => clock?.hold(time);

  const random = new Random('souk-demo-2026');
  const people: DemoPerson[] = [...DEMO_PEOPLE, ...demoCrowd(CROWD, DEMO_PEOPLE.map((person) => person.handle), random.fork('crowd'))];
  // Avatars encode on libuv's threads while the plans are drawn on this one.
  const avatarKeys = mapLimit(people, AVATAR_ENCODERS, async (person) => (await souk.media.storeAvatar(await renderAvatar(person.handle))).key);
  // One hash for everyone: hashing 300 passwords at full cost would take minutes.
  const passwordHash = souk.accounts.hashPassword(DEMO_PASSWORD);
  const graph = planFollowGraph(people, random.fork('graph'));
  const now = Date.now();
  const plan = planActivity(people, graph, now, random.fork('activity'));
  const noteTimes = new Map(plan.actions.flatMap((action) => (action.kind === 'note' ? [[action.note.key, action.at] as const] : [])));
  const liked = new Set(plan.actions.flatMap((action) => (action.kind === 'like' ? [`${action.note}:${action.user}`] : [])));
  const browsing = planBrowsing(people, plan.notes, noteTimes, liked, now, random.fork('browsing'));

  try {
    // People joined 40 to 31 days ago, then followed each other, then the month of notes begins.
    const avatars = await avatarKeys;
    const actors = new Map<string, Actor>();
    for (const [i, person] of people.entries()) {
      at(now - 40 * DAY + (i * 9 * DAY) / people.length);
      const userId = await souk.accounts.createUser({
        handle: person.handle,
        displayName: person.displayName,
        passwordHash: await passwordHash,
        role: person.role,
        verified: person.verified ?? false,
        bio: person.bio,
        locale: person.locale,
        avatarKey: avatars[i]!,
      });
      actors.set(person.handle, { userId, sessionId: 'seed', role: person.role });
    }
    const actor = (handle: string) => actors.get(handle)!;

    const pool = new ImagePool({ media: souk.media });
    pool.warm(firstUses(plan.notes, (handle) => actor(handle).userId));

    for (const [i, [follower, followee]] of graph.edges.entries()) {
      at(now - 31 * DAY + (i * DAY) / graph.edges.length);
      await souk.social.graph.follow(actor(follower).userId, actor(followee).userId);
    }

    const posts = new Map<number, string>();
    const comments = new Map<number, string>();
    const counts = { images: 0, likes: 0, comments: 0, feedSignals: 0 };
    // Browsing sessions go in among the other actions, in time order: the clock only moves forward.
    const timeline: Array<Action | { kind: 'browse'; at: number; session: BrowsingSession }> = [
      ...plan.actions,
      ...browsing.map((session) => ({ kind: 'browse' as const, at: session.at, session })),
    ].sort((a, b) => a.at - b.at);
    for (const action of timeline) {
      at(action.at);
      if (action.kind === 'browse') await browse(action.session);
      else await replay(action);
    }

    /** Reports a session's views as the app would, through the feed's signal route's service; its likes go through the social module. */
    async function browse(session: BrowsingSession): Promise<void> {
      const by = actor(session.user);
      const { userId } = by;
      const signals: FeedSignal[] = [];
      session.views.forEach((view, i) => {
        const postId = posts.get(view.note)!;
        const seenAt = new Date(session.at - (session.views.length - i) * VIEW_SPACING_MS).toISOString();
        const id = (what: string) => `demo-${what}-${session.at}-${i}`;
        signals.push({ id: id('impression'), postId, kind: 'impression', at: seenAt });
        if (view.kind === 'skip') signals.push({ id: id('skip'), postId, kind: 'skip', at: seenAt });
        else signals.push({ id: id('dwell'), postId, kind: 'dwell', dwellMs: view.dwellMs, at: seenAt });
        if (view.profile) signals.push({ id: id('profile'), postId, kind: 'profile_visit', at: seenAt });
      });
      const result = await souk.feed.intake.ingest(userId, { signals });
      if (result.rejected.length > 0) throw new Error(`demo feed signals refused: ${JSON.stringify(result.rejected.slice(0, 3))}`);
      counts.feedSignals += result.accepted;
      for (const view of session.views) {
        if (!view.like) continue;
        await souk.social.interactions.like(by, posts.get(view.note)!);
        counts.likes += 1;
      }
    }

    async function replay(action: Action): Promise<void> {
      const by = actor(action.kind === 'note' ? action.note.author : action.user);
      if (action.kind === 'note') {
        const { note } = action;
        const mediaIds = await pool.assetIds(by.userId, note.pictures);
        const post = await souk.social.posts.create(by, { title: note.text.title ?? undefined, body: note.text.body, visibility: note.visibility, mediaIds });
        posts.set(note.key, post.id);
        counts.images += mediaIds.length;
      } else if (action.kind === 'like') {
        await souk.social.interactions.like(by, posts.get(action.note)!);
        counts.likes += 1;
      } else {
        const replyTo = action.kind === 'reply' ? comments.get(action.replyTo)! : undefined;
        const comment = await souk.social.interactions.comment(by, posts.get(action.note)!, { body: action.body, replyTo });
        comments.set(action.key, comment.id);
        counts.comments += 1;
      }
    }

    // Notifications are written by event handlers; let them finish at the seed's last moment.
    await souk.events.settle();
    // Money moves now, on the running clock: the sandbox bank confirms after its delay.
    clock?.release();
    const wallets = await seedWallets(souk, (handle) => actor(handle).userId);
    const shops = await seedShops(souk, (handle) => actor(handle).userId);
    const summary: SeedSummary = {
      users: people.length,
      follows: graph.edges.length,
      notes: posts.size,
      ...counts,
      // Every media asset: the notes' images and the products' photos.
      images: counts.images + shops.images,
      wallets,
      shops,
      ms: Date.now() - started,
    };
    log.info(summary, `demo community seeded; sign in as "demo" / "${DEMO_PASSWORD}"`);
    return summary;
  } finally {
    clock?.release();
  }
}

/** Each picture with the user whose note shows it first, in the order the notes are written. */
function firstUses(notes: Array<{ author: string; pictures: Picture[] }>, userIdOf: (handle: string) => string): Array<{ picture: Picture; ownerId: string }> {
  const seen = new Set<string>();
  const uses: Array<{ picture: Picture; ownerId: string }> = [];
  for (const note of notes) {
    for (const picture of note.pictures) {
      const key = `${picture.topic}:${picture.index}`;
      if (seen.has(key)) continue;
      seen.add(key);
      uses.push({ picture, ownerId: userIdOf(note.author) });
    }
  }
  return uses;
}

/** Maps with at most `limit` calls in flight, keeping the order of `items`. */
async function mapLimit<T, U>(items: T[], limit: number, work: (item: T) => Promise<U>): Promise<U[]> {
  const results = new Array<U>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

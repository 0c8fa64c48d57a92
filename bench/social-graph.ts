/**
 * The social bench's data set, built in memory before anything is written:
 * users, a power-law follow graph, posts, and the inbox rows that Souk's
 * hybrid fan-out would have written for them. Random choices come from a
 * seeded generator, so two runs at one scale seed the same graph (ids differ:
 * their random part comes from newId).
 *
 * Users by role (the index is also the id order):
 *
 *   0        the 1,000,000-follower author (every real user follows it; the
 *            rest of its followers are synthetic ids with no users row)
 *   kols     a few authors with 50,000–90,000 followers
 *   stars    authors from the fan-out threshold (10,000) up to 44,000
 *   mids     ordinary authors with 300–9,000 followers: below the threshold,
 *            so their posts are pushed into inboxes
 *   readers  the users whose Following timeline is measured: each follows
 *            exactly 500 accounts (20 pull authors, 100 mids, 380 from the
 *            tail), and 50 of those follow them back (friends)
 *   tail     everyone else: few followers (the k-th has ⌊300·k^-½⌋) and most
 *            of the posts, spread at random
 *
 * Within a tier follower counts fall off as a power of rank. Followers of
 * one author are a run of a shuffled list of users, so every author's
 * followers are distinct and different authors' followers overlap at random.
 */
import { newId } from '../apps/server/src/platform/ids.js';

export const VISIBILITY_CODES = ['public', 'followers', 'friends', 'only_me'] as const;
export type VisibilityName = (typeof VISIBILITY_CODES)[number];

/** Post visibilities, by share of posts. */
const VISIBILITY_MIX: ReadonlyArray<readonly [number, number]> = [
  [0, 0.85],
  [1, 0.08],
  [2, 0.05],
  [3, 0.02],
];

const DAY_MS = 86_400_000;

export interface TierShape {
  count: number;
  maxFollowers: number;
  minFollowers: number;
  postsEach: number;
}

export interface SocialShape {
  scale: number;
  users: number;
  posts: number;
  /** Authors with at least this many followers are pull authors (Config.fanoutThreshold). */
  fanoutThreshold: number;
  mega: { followers: number; posts: number };
  kols: TierShape;
  stars: TierShape;
  mids: TierShape;
  /** The k-th user of the tail has ⌊tailTopFollowers·k^-½⌋ followers. */
  tailTopFollowers: number;
  readers: { count: number; follows: number; pullAuthors: number; mids: number; followBacks: number };
}

/**
 * The figures at scale 1 (100,000 users, 1,000,000 posts, one author
 * with 1,000,000 followers). A smaller scale shrinks users, posts, follower
 * counts and the fan-out threshold alike, so the graph keeps its shape; the
 * readers still follow 500 accounts each, since the goal is stated for 500.
 */
export function socialShape(scale: number, fanoutThreshold: number): SocialShape {
  const scaled = (n: number) => Math.max(1, Math.round(n * scale));
  return {
    scale,
    users: scaled(100_000),
    posts: scaled(1_000_000),
    fanoutThreshold,
    mega: { followers: scaled(1_000_000), posts: scaled(2_000) },
    kols: { count: 5, maxFollowers: scaled(90_000), minFollowers: scaled(50_000), postsEach: scaled(2_000) },
    stars: { count: 45, maxFollowers: scaled(44_000), minFollowers: fanoutThreshold, postsEach: scaled(1_000) },
    mids: { count: 450, maxFollowers: scaled(9_000), minFollowers: scaled(300), postsEach: scaled(20) },
    tailTopFollowers: 300,
    readers: { count: Math.max(20, Math.round(200 * scale)), follows: 500, pullAuthors: 20, mids: 100, followBacks: 50 },
  };
}

/** mulberry32: small, fast, and good enough to shuffle a bench's graph. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An Int32Array that grows as values are pushed. */
class IntList {
  private values = new Int32Array(1024);
  length = 0;

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  toArray(): Int32Array {
    return this.values.slice(0, this.length);
  }
}

/** Compressed rows: the items of group g are items[start[g] .. start[g + 1]). */
export interface Grouped {
  start: Int32Array;
  items: Int32Array;
}

/** Groups `items` by `keys` (keys in 0..groups-1), keeping the order items had within a group. */
function groupBy(keys: Int32Array, items: Int32Array, groups: number): Grouped {
  const start = new Int32Array(groups + 1);
  for (const key of keys) start[key + 1]!++;
  for (let g = 0; g < groups; g++) start[g + 1]! += start[g]!;
  const next = start.slice(0, groups);
  const grouped = new Int32Array(items.length);
  for (let i = 0; i < keys.length; i++) grouped[next[keys[i]!]!++] = items[i]!;
  return { start, items: grouped };
}

function groupOf(grouped: Grouped, g: number): Int32Array {
  return grouped.items.subarray(grouped.start[g]!, grouped.start[g + 1]!);
}

/** Binary search in a sorted group. */
function contains(sorted: Int32Array, value: number): boolean {
  let low = 0;
  let high = sorted.length - 1;
  while (low <= high) {
    const middle = (low + high) >>> 1;
    const found = sorted[middle]!;
    if (found === value) return true;
    if (found < value) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

/** Follower counts for a tier, falling from max to min as a power of rank. */
function tierFollowers(tier: TierShape): number[] {
  if (tier.count === 1) return [tier.maxFollowers];
  const exponent = Math.log(tier.maxFollowers / tier.minFollowers) / Math.log(tier.count);
  return Array.from({ length: tier.count }, (_, i) => Math.max(tier.minFollowers, Math.round(tier.maxFollowers * (i + 1) ** -exponent)));
}

export interface Roles {
  mega: number;
  kols: number[];
  stars: number[];
  mids: number[];
  readers: number[];
  /** First tail index; the tail runs to the last user. */
  tailStart: number;
}

export interface SocialGraph {
  shape: SocialShape;
  roles: Roles;
  userIds: string[];
  userTimes: number[];
  /** Ids of the 1,000,000-follower author's followers that are not users. */
  syntheticFollowerIds: string[];
  /** Real follow edges, grouped by follower, each group sorted by followee (the follows primary key's order). */
  followees: Grouped;
  followers: Grouped;
  followEdges: number;
  /** Followers of each user, synthetic ones included. */
  followerCounts: Int32Array;
  pullAuthor: Uint8Array;
  postIds: string[];
  postTimes: number[];
  postAuthor: Int32Array;
  postVisibility: Uint8Array;
  /** Post indices grouped by author, oldest first. */
  postsByAuthor: Grouped;
  /** How many inbox rows inboxRows() yields. */
  inboxRowCount: number;
}

/** Builds the whole graph in memory; a few seconds at scale 1. */
export function buildSocialGraph(shape: SocialShape, seed = 20261124): SocialGraph {
  const random = seededRandom(seed);
  const below = (n: number) => Math.floor(random() * n);
  const shuffle = (values: Int32Array) => {
    for (let i = values.length - 1; i > 0; i--) {
      const j = below(i + 1);
      const swap = values[i]!;
      values[i] = values[j]!;
      values[j] = swap;
    }
    return values;
  };
  const pick = (from: readonly number[], count: number): number[] => [...shuffle(Int32Array.from(from))].slice(0, count);

  // ---- Roles -------------------------------------------------------------
  const { users } = shape;
  let next = 1;
  const take = (count: number) => Array.from({ length: count }, () => next++);
  const roles: Roles = {
    mega: 0,
    kols: take(shape.kols.count),
    stars: take(shape.stars.count),
    mids: take(shape.mids.count),
    readers: take(shape.readers.count),
    tailStart: next,
  };
  if (users - roles.tailStart < shape.readers.follows) throw new Error(`scale ${shape.scale} leaves too few users for the readers to follow`);
  const tail = Array.from({ length: users - roles.tailStart }, (_, i) => roles.tailStart + i);

  // ---- Ids and times: generated in ascending time, so every id sorts with its time ----
  const now = Date.now();
  const syntheticCount = Math.max(0, shape.mega.followers - (users - 1));
  const syntheticStart = now - 500 * DAY_MS;
  const syntheticFollowerIds = Array.from({ length: syntheticCount }, (_, i) => newId('usr', syntheticStart + i));
  const usersStart = now - 400 * DAY_MS;
  const userTimes = Array.from({ length: users }, (_, i) => usersStart + Math.floor((i * 30 * DAY_MS) / users));
  const userIds = userTimes.map((time) => newId('usr', time));

  // ---- Follow edges --------------------------------------------------------
  const edgeFollower = new IntList();
  const edgeFollowee = new IntList();
  const follow = (follower: number, followee: number) => {
    edgeFollower.push(follower);
    edgeFollowee.push(followee);
  };
  for (let u = 1; u < users; u++) follow(u, roles.mega);

  // Readers follow only the accounts chosen for them, so window followers exclude them.
  const readerSet = new Set(roles.readers);
  const pool = shuffle(Int32Array.from({ length: users }, (_, i) => i).filter((u) => u !== roles.mega && !readerSet.has(u)));
  const giveFollowers = (author: number, count: number) => {
    let given = 0;
    let at = below(pool.length);
    const wanted = Math.min(count, pool.length - 1);
    while (given < wanted) {
      const follower = pool[at]!;
      at = (at + 1) % pool.length;
      if (follower === author) continue;
      follow(follower, author);
      given++;
    }
  };
  const tiers: Array<[number[], TierShape]> = [
    [roles.kols, shape.kols],
    [roles.stars, shape.stars],
    [roles.mids, shape.mids],
  ];
  for (const [members, tier] of tiers) {
    const counts = tierFollowers(tier);
    members.forEach((author, i) => giveFollowers(author, counts[i]!));
  }
  tail.forEach((author, k) => giveFollowers(author, Math.floor(shape.tailTopFollowers / Math.sqrt(k + 1))));

  const pullPool = [...roles.kols, ...roles.stars];
  for (const reader of roles.readers) {
    // mega is already followed by every user, reader included.
    const chosen = [
      ...pick(pullPool, shape.readers.pullAuthors - 1),
      ...pick(roles.mids, shape.readers.mids),
      ...pick(tail, shape.readers.follows - shape.readers.pullAuthors - shape.readers.mids),
    ];
    for (const followee of chosen) follow(reader, followee);
    const pushed = chosen.slice(shape.readers.pullAuthors - 1);
    for (const friend of pick(pushed, shape.readers.followBacks)) follow(friend, reader);
  }

  const followerOf = edgeFollower.toArray();
  const followeeOf = edgeFollowee.toArray();
  const followees = groupBy(followerOf, followeeOf, users);
  for (let u = 0; u < users; u++) groupOf(followees, u).sort();
  const followers = groupBy(followeeOf, followerOf, users);
  const followerCounts = new Int32Array(users);
  for (let u = 0; u < users; u++) followerCounts[u] = followers.start[u + 1]! - followers.start[u]!;
  followerCounts[roles.mega]! += syntheticCount;
  const pullAuthor = Uint8Array.from(followerCounts, (count) => (count >= shape.fanoutThreshold ? 1 : 0));
  for (const mid of roles.mids) {
    if (pullAuthor[mid]) throw new Error('an ordinary author reached the fan-out threshold: the shape is wrong');
  }

  // ---- Posts: the head's quotas first, the rest to the tail at random, then shuffled in time ----
  const authorsByPost = new IntList();
  const quota = (author: number, count: number) => {
    for (let i = 0; i < count; i++) authorsByPost.push(author);
  };
  quota(roles.mega, shape.mega.posts);
  for (const [members, tier] of tiers) for (const author of members) quota(author, tier.postsEach);
  const longTail = [...roles.readers, ...tail];
  while (authorsByPost.length < shape.posts) authorsByPost.push(longTail[below(longTail.length)]!);
  const postAuthor = shuffle(authorsByPost.toArray());
  const postVisibility = Uint8Array.from(postAuthor, () => {
    const draw = random();
    let sum = 0;
    for (const [code, share] of VISIBILITY_MIX) {
      sum += share;
      if (draw < sum) return code;
    }
    return 0;
  });
  const postsStart = now - 365 * DAY_MS;
  const postSpan = 364 * DAY_MS;
  const postTimes = Array.from(postAuthor, (_, i) => postsStart + Math.floor((i * postSpan) / postAuthor.length));
  const postIds = postTimes.map((time) => newId('pst', time));
  const postsByAuthor = groupBy(postAuthor, Int32Array.from(postAuthor, (_, i) => i), users);

  const graph: SocialGraph = {
    shape,
    roles,
    userIds,
    userTimes,
    syntheticFollowerIds,
    followees,
    followers,
    followEdges: followerOf.length + syntheticCount,
    followerCounts,
    pullAuthor,
    postIds,
    postTimes,
    postAuthor,
    postVisibility,
    postsByAuthor,
    inboxRowCount: 0,
  };
  for (let u = 0; u < users; u++) graph.inboxRowCount += inboxOf(graph, u).length;
  return graph;
}

/**
 * One user's inbox as the hybrid fan-out writes it (SocialStore.fanOut), as
 * if every follow predated every post: the user's own posts of any
 * visibility; and from each followed author below the threshold, posts for
 * followers, and friends-only posts when the author follows the user back.
 * Pull authors write no inbox rows but their own. Sorted oldest first.
 */
export function inboxOf(graph: SocialGraph, user: number): Int32Array {
  const posts = new IntList();
  for (const post of groupOf(graph.postsByAuthor, user)) posts.push(post);
  for (const author of groupOf(graph.followees, user)) {
    if (graph.pullAuthor[author]) continue;
    const authorFollowsBack = contains(groupOf(graph.followees, author), user);
    for (const post of groupOf(graph.postsByAuthor, author)) {
      const visibility = graph.postVisibility[post]!;
      if (visibility <= 1 || (visibility === 2 && authorFollowsBack)) posts.push(post);
    }
  }
  return posts.toArray().sort();
}

export function followeesOf(graph: SocialGraph, user: number): Int32Array {
  return groupOf(graph.followees, user);
}

export function followersOf(graph: SocialGraph, user: number): Int32Array {
  return groupOf(graph.followers, user);
}

export function postsOf(graph: SocialGraph, user: number): Int32Array {
  return groupOf(graph.postsByAuthor, user);
}

/** What the bench keeps of the graph once it is written: the big arrays can then be collected before anything is timed. */
export interface GraphSummary {
  shape: SocialShape;
  readerIds: string[];
  mega: { id: string; followers: number };
  /** The ordinary (pushed) author whose follower count is nearest 5,000 at scale 1: the fan-out write case. */
  ordinary: { id: string; followers: number; inboxRowsPerPost: number };
  followerRanges: Record<'kols' | 'stars' | 'mids', { min: number; max: number }>;
  syntheticFollowers: number;
  pullAuthors: number;
  /** Mean inbox size of the measured readers: how deep their timelines go. */
  meanReaderInbox: number;
  inboxRows: number;
}

export function summarizeGraph(graph: SocialGraph): GraphSummary {
  const { roles, followerCounts, userIds, shape } = graph;
  const target = 5_000 * shape.scale;
  const ordinary = roles.mids.reduce((best, u) => (Math.abs(followerCounts[u]! - target) < Math.abs(followerCounts[best]! - target) ? u : best));
  const range = (members: number[]) => {
    const counts = members.map((u) => followerCounts[u]!);
    return { min: Math.min(...counts), max: Math.max(...counts) };
  };
  const readerInboxes = roles.readers.map((reader) => inboxOf(graph, reader).length);
  return {
    shape,
    readerIds: roles.readers.map((u) => userIds[u]!),
    mega: { id: userIds[roles.mega]!, followers: followerCounts[roles.mega]! },
    // Every follower, and the author's own inbox.
    ordinary: { id: userIds[ordinary]!, followers: followerCounts[ordinary]!, inboxRowsPerPost: followerCounts[ordinary]! + 1 },
    followerRanges: { kols: range(roles.kols), stars: range(roles.stars), mids: range(roles.mids) },
    syntheticFollowers: graph.syntheticFollowerIds.length,
    pullAuthors: graph.pullAuthor.reduce((sum, flag) => sum + flag, 0),
    meanReaderInbox: readerInboxes.reduce((sum, size) => sum + size, 0) / readerInboxes.length,
    inboxRows: graph.inboxRowCount,
  };
}

import { createFeedEngine, exposureReport, type EngineConfig, type EngineItem, type EngineSignal, type ExposureReport, type FeedEngine } from '../engine/index.js';
import { seededRandom } from './random.js';
import { alignedTable } from './report.js';

/**
 * Synthetic users with hidden tastes scroll the feed the real engine serves.
 * A world of items on a few topics, by authors who each keep to one topic,
 * and a crowd of background users whose engagement gives the engine its
 * shared statistics. Then new users arrive, each with a hidden taste (a few
 * topics), and scroll page after page: every item on a page gets an
 * impression, then a like and a long watch or read when it matches the taste
 * (most of the time), a quick skip when it does not (most of the time); the
 * engine observes each signal before the next page is asked. Halfway, every
 * new user's taste changes to other topics.
 *
 * What it shows, per page, averaged over the new users: the share of the
 * page's items that match the current taste (found within a few pages?) and
 * the share that match the previous one (let go after the change?). Pages
 * are asked with the engine's default configuration, exploration included:
 * this is the feed as served. Over all the pages it measures popularity
 * bias: how unequally exposure spread over the catalogue (engine/bias.ts),
 * and the share the exploration budget placed.
 */
export interface SimulationOptions {
  seed: number;
  topics: number;
  /** Topics in one taste; a share tastes/topics of the catalogue matches it at random. */
  tasteTopics: number;
  items: number;
  authors: number;
  backgroundUsers: number;
  backgroundLikes: number;
  users: number;
  pageSize: number;
  pagesPerTaste: number;
  /** Overrides of the engine's defaults. */
  engine?: Partial<EngineConfig>;
}

export const DEFAULT_SIMULATION: SimulationOptions = {
  seed: 42,
  topics: 12,
  tasteTopics: 2,
  items: 5_000,
  authors: 400,
  backgroundUsers: 1_000,
  backgroundLikes: 40,
  users: 50,
  pageSize: 10,
  pagesPerTaste: 10,
};

/** How a simulated person reacts; fixed, not tuned. */
const BEHAVIOUR = {
  /** Chance of a like on an item that matches the taste, and on one that does not. */
  likeMatching: 0.6,
  likeOther: 0.02,
  /** Chance of a quick skip on an item that does not match. */
  skipOther: 0.8,
  /** Seconds spent on an item: a skip, a glance, a read or watch. */
  skipSeconds: 1,
  glanceSeconds: 4,
  engagedSeconds: 25,
};

export interface PageFigure {
  /** 1-based, counted over the whole session. */
  page: number;
  taste: 'first' | 'changed';
  /** Mean share of the page's items that match the current taste. */
  matchingCurrent: number;
  /** After the change: the mean share that match the first taste. */
  matchingPrevious: number | null;
  /** Mean share of the page's items liked. */
  liked: number;
  /** Mean items on a page (the engine may return fewer than asked). */
  size: number;
}

export interface SimulationResult {
  options: SimulationOptions;
  /** The share of the catalogue that matches a taste, averaged over the new users' tastes: what a random feed would show. */
  baseRate: number;
  /** The engine's configuration, as it ran. */
  engineConfig: EngineConfig;
  pages: PageFigure[];
  /** Popularity bias of every page served to the new users. */
  exposure: SimulationExposure;
  elapsedMs: number;
}

export interface SimulationExposure extends ExposureReport {
  /** The share of the served items that the exploration budget placed. */
  explored: number;
}

interface World {
  items: EngineItem[];
  itemTopics: number[][];
  /** Item indices by topic. */
  byTopic: number[][];
}

const DAY = 24 * 3600 * 1000;
/** The simulated "now" at the start of the session: a fixed date, so runs repeat exactly. */
const SESSION_START = Date.UTC(2026, 0, 15, 12);

export function simulate(options: SimulationOptions = DEFAULT_SIMULATION): SimulationResult {
  const started = performance.now();
  const random = seededRandom(options.seed);
  const world = buildWorld(options, random);
  const engine = createFeedEngine({ ...options.engine, seed: options.seed });
  for (const item of world.items) engine.upsertItem(item);
  for (const signal of backgroundSignals(options, world, random)) engine.observe(signal);

  const users = Array.from({ length: options.users }, (_, k) => {
    const first = pickTopics(options.topics, options.tasteTopics, [], random);
    return {
      id: `sim-user-${k}`,
      first,
      changed: pickTopics(options.topics, options.tasteTopics, first, random),
      served: new Set<string>(),
      clock: SESSION_START + k * 1000,
    };
  });
  const matches = (item: number, taste: readonly number[]) => world.itemTopics[item]!.some((topic) => taste.includes(topic));
  const itemIndex = new Map(world.items.map((item, index) => [item.id, index]));
  const baseRate =
    users.reduce((sum, user) => sum + world.items.filter((_, item) => matches(item, user.first)).length / world.items.length, 0) / users.length;

  const pages: PageFigure[] = [];
  const served: string[][] = [];
  let explored = 0;
  const noOne = new Set<string>();
  for (let page = 1; page <= 2 * options.pagesPerTaste; page++) {
    const changed = page > options.pagesPerTaste;
    let current = 0;
    let previous = 0;
    let liked = 0;
    let size = 0;
    for (const user of users) {
      const taste = changed ? user.changed : user.first;
      const recommendations = engine.recommend({
        userId: user.id,
        limit: options.pageSize,
        now: user.clock,
        exclude: (itemId) => user.served.has(itemId),
        hiddenAuthors: noOne,
        notInterested: { items: noOne, authors: noOne, topics: noOne },
        followedAuthors: noOne,
      });
      served.push(recommendations.map((recommendation) => recommendation.itemId));
      explored += recommendations.filter((recommendation) => recommendation.explored).length;
      const shown = recommendations.length || 1;
      let pageCurrent = 0;
      let pagePrevious = 0;
      let pageLiked = 0;
      for (const { itemId } of recommendations) {
        user.served.add(itemId);
        const item = itemIndex.get(itemId)!;
        const isMatch = matches(item, taste);
        if (isMatch) pageCurrent++;
        if (matches(item, user.first)) pagePrevious++;
        const reaction = react(engine, world.items[item]!, user.id, user.clock, isMatch, random);
        user.clock += reaction.seconds * 1000;
        if (reaction.liked) pageLiked++;
      }
      current += pageCurrent / shown;
      previous += pagePrevious / shown;
      liked += pageLiked / shown;
      size += recommendations.length;
    }
    pages.push({
      page,
      taste: changed ? 'changed' : 'first',
      matchingCurrent: current / users.length,
      matchingPrevious: changed ? previous / users.length : null,
      liked: liked / users.length,
      size: size / users.length,
    });
  }
  const exposure = exposureReport(served, options.items);
  return {
    options,
    baseRate,
    engineConfig: engine.config,
    pages,
    exposure: { ...exposure, explored: exposure.impressions === 0 ? 0 : explored / exposure.impressions },
    elapsedMs: performance.now() - started,
  };
}

function buildWorld(options: SimulationOptions, random: () => number): World {
  // Each author keeps to one topic; an item sometimes carries a second topic.
  const authorTopic = Array.from({ length: options.authors }, (_, author) => author % options.topics);
  const items: EngineItem[] = [];
  const itemTopics: number[][] = [];
  const byTopic: number[][] = Array.from({ length: options.topics }, () => []);
  for (let index = 0; index < options.items; index++) {
    const author = Math.floor(random() * options.authors);
    const topics = [authorTopic[author]!];
    if (random() < 0.25) {
      const second = Math.floor(random() * options.topics);
      if (second !== topics[0]) topics.push(second);
    }
    itemTopics.push(topics);
    for (const topic of topics) byTopic[topic]!.push(index);
    items.push({
      id: `sim-item-${index}`,
      authorId: `sim-author-${author}`,
      topics: topics.map((topic) => `topic${topic}`),
      kind: random() < 0.5 ? 'video' : 'note',
      createdAt: SESSION_START - Math.floor(random() * 7 * DAY),
    });
  }
  return { items, itemTopics, byTopic };
}

/**
 * The crowd's history over the three days before the session: each
 * background user likes items mostly from their own taste, sometimes
 * anything, and skips a few things they do not care for.
 */
function backgroundSignals(options: SimulationOptions, world: World, random: () => number): EngineSignal[] {
  const signals: EngineSignal[] = [];
  for (let user = 0; user < options.backgroundUsers; user++) {
    const taste = pickTopics(options.topics, options.tasteTopics, [], random);
    const userId = `sim-crowd-${user}`;
    let at = SESSION_START - 3 * DAY + Math.floor(random() * 2 * DAY);
    for (let like = 0; like < options.backgroundLikes; like++) {
      const topical = random() < 0.85;
      const pool = topical ? world.byTopic[taste[Math.floor(random() * taste.length)]!]! : undefined;
      const item = pool ? pool[Math.floor(random() * pool.length)]! : Math.floor(random() * world.items.length);
      const itemId = world.items[item]!.id;
      at += 5_000 + Math.floor(random() * 60_000);
      if (world.items[item]!.createdAt > at) continue;
      const liked = world.itemTopics[item]!.some((topic) => taste.includes(topic));
      signals.push({ userId, itemId, kind: 'impression', at });
      signals.push({ userId, itemId, kind: liked ? 'like' : 'skip', at: at + 1_000 });
    }
  }
  return signals.sort((a, b) => a.at - b.at);
}

/** Distinct topics, none of `avoid`. */
function pickTopics(topics: number, count: number, avoid: readonly number[], random: () => number): number[] {
  const picked: number[] = [];
  while (picked.length < count) {
    const topic = Math.floor(random() * topics);
    if (!picked.includes(topic) && !avoid.includes(topic)) picked.push(topic);
  }
  return picked;
}

/** One person's reaction to one item, as the client would report it. */
function react(
  engine: FeedEngine,
  item: EngineItem,
  userId: string,
  at: number,
  isMatch: boolean,
  random: () => number,
): { seconds: number; liked: boolean } {
  const signal = (kind: EngineSignal['kind'], extra: Partial<EngineSignal> = {}) =>
    engine.observe({ userId, itemId: item.id, kind, at, ...extra });
  signal('impression');
  if (!isMatch && random() < BEHAVIOUR.skipOther) {
    signal('skip');
    return { seconds: BEHAVIOUR.skipSeconds, liked: false };
  }
  const seconds = isMatch ? BEHAVIOUR.engagedSeconds : BEHAVIOUR.glanceSeconds;
  if (item.kind === 'video') signal('watch', { watchShare: isMatch ? 1 : 0.3 });
  else signal('dwell', { dwellMs: seconds * 1000 });
  const liked = random() < (isMatch ? BEHAVIOUR.likeMatching : BEHAVIOUR.likeOther);
  if (liked) signal('like');
  return { seconds, liked };
}

/**
 * The report of a simulation; with `compared`, the same simulation run
 * with other engine settings (the CLI's: exploration off), its popularity
 * bias beside this one's.
 */
export function simulationReport(result: SimulationResult, compared?: SimulationResult): string {
  const { options } = result;
  const percent = (share: number | null) => (share === null ? '' : `${(100 * share).toFixed(0)}%`);
  const rows = [
    ['page', 'taste', 'matching current taste', 'matching first taste', 'liked', 'items'],
    ...result.pages.map((figure) => [
      String(figure.page),
      figure.taste,
      percent(figure.matchingCurrent),
      percent(figure.matchingPrevious),
      percent(figure.liked),
      figure.size.toFixed(1),
    ]),
  ];
  return [
    `simulation: seed ${options.seed}; ${options.items.toLocaleString('en-US')} items on ${options.topics} topics by ${options.authors} authors; ` +
      `${options.backgroundUsers.toLocaleString('en-US')} background users with ${options.backgroundLikes} engagements each`,
    `${options.users} new users, each with a hidden taste of ${options.tasteTopics} topics (a random item matches ${percent(result.baseRate)} of the time), ` +
      `scroll ${options.pagesPerTaste} pages of ${options.pageSize}, then their taste changes to ${options.tasteTopics} other topics for ${options.pagesPerTaste} more pages`,
    `engine: ${options.engine ? 'defaults with ' + JSON.stringify(options.engine) : 'defaults'} (exploration share ${result.engineConfig.explorationShare}); every signal observed before the next page`,
    '',
    alignedTable(rows),
    '',
    `first page with most items matching the first taste: ${firstMajority(result, 'first')}; after the change, the changed taste: ${firstMajority(result, 'changed')}`,
    '',
    'popularity bias of all the pages served to the new users: Gini of impressions over the catalogue (0 = even), share of impressions on the most shown 1% of items, items shown at least once, share placed by exploration',
    alignedTable([
      ['engine', 'impressions', 'Gini', 'top 1%', 'coverage', 'explored'],
      ...[result, ...(compared ? [compared] : [])].map((run) => [
        `exploration share ${run.engineConfig.explorationShare}`,
        String(run.exposure.impressions),
        run.exposure.gini.toFixed(3),
        percent(run.exposure.topShare),
        percent(run.exposure.coverage),
        percent(run.exposure.explored),
      ]),
    ]),
    `in ${((result.elapsedMs + (compared?.elapsedMs ?? 0)) / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** The session page number where the current taste first fills half the page or more, relative to its taste's first page. */
export function firstMajority(result: SimulationResult, taste: PageFigure['taste']): string {
  const pages = result.pages.filter((figure) => figure.taste === taste);
  const found = pages.findIndex((figure) => figure.matchingCurrent >= 0.5);
  return found === -1 ? 'never' : `page ${found + 1} of ${pages.length}`;
}

import { limits } from './config.js';
import { absorbContent, learnNegative, learnPositive, replayAndRemember } from './factors.js';
import { neighbourCapacity } from './graph.js';
import { extractFeatures, FeatureRow, observeScales, UserContext } from './features.js';
import { Rng } from './random.js';
import { gradeSignal } from './signals.js';
import type { EngineState } from './state.js';
import type { EngineSignal } from './types.js';
import type { PendingExample, UserState } from './user-state.js';

/**
 * The online learning path: one signal updates the user's own state at once
 * (vector, recent items, interests, dislikes) and, within the user's bounds,
 * the shared state every user's feed reads (item vectors, popularity, the
 * co-engagement and transition graphs, the ranker).
 *
 * The poisoning bound: an item counts once per user in shared statistics
 * while it is among the user's recent items (engaged with, or shown for an
 * impression); every shared write spends one of the user's tokens (a burst,
 * then one per few seconds); graph edges and trending lists need two
 * distinct users before they retrieve anything. So a flood from one account
 * weighs what one ordinary user's engagement weighs, and one account alone
 * puts nothing in another user's candidates.
 */
export class Learner {
  private readonly context: UserContext;
  private readonly row = new FeatureRow();
  private readonly rng = new Rng();
  /**
   * A retrain keeps the vector updates of its first pass (the user, the
   * item, the strength; positives only when they were let into shared state)
   * and the ranker's examples as they were settled, and replays both for its
   * further epochs.
   */
  keepLog = false;
  private log: { users: number[]; items: number[]; strengths: number[]; shared: boolean[] } = { users: [], items: [], strengths: [], shared: [] };
  private examples: PendingExample[] = [];
  private examplesSeen = 0;
  private examplesTrained = 0;
  /** Where touchLists' reads go, so the JIT cannot drop them. */
  private touched = 0;

  constructor(private readonly engine: EngineState) {
    this.context = new UserContext(engine);
  }

  observe(signal: EngineSignal): void {
    const engine = this.engine;
    const item = engine.items.slotOf(signal.itemId);
    if (item < 0 || !engine.itemLive[item]) return;
    const user = engine.internUser(signal.userId);
    const state = engine.userStates[user]!;
    const grade = gradeSignal(signal);
    const rng = this.rng.reseed(engine.config.seed, user, state.signals++);
    this.settleExpired(signal.at);
    if (grade.strength > 0 || signal.kind === 'impression') this.touchLists(state, item);

    const followed = signal.followedAuthor ?? false;
    if (grade.strength > 0) this.positive(user, state, item, grade.strength, grade.objectives, signal.at, followed, rng);
    else if (grade.strength < 0) this.negative(user, state, item, grade.strength);
    else if (signal.kind === 'impression') this.impression(user, state, item, signal.at, followed);
  }

  /** What an engagement or an impression will read of the graphs (features.ts, countEngagement), touched first (graph.ts, touch). */
  private touchLists(state: UserState, item: number): void {
    const { coEngagement, transitions, itemUsers } = this.engine;
    let sum = coEngagement.touch(item) + itemUsers[item]!;
    const window = Math.min(limits.sessionWindow, state.recentCount);
    for (let back = 0; back < window; back++) {
      const recent = state.recentAt(back);
      sum += coEngagement.touch(recent) + transitions.touch(recent) + itemUsers[recent]!;
    }
    this.touched = sum;
  }

  private impression(user: number, state: UserState, item: number, at: number, followed: boolean): void {
    if (!state.expose(item) || state.pendingFor(item) || !state.takeSharedToken(at)) return;
    const engine = this.engine;
    engine.itemImpressions[item]!++;
    engine.authorImpressions[engine.itemAuthor[item]!]!++;
    engine.globalImpressions++;
    this.context.load(user, false);
    this.addPending(user, state, item, at, 0, followed);
  }

  private positive(user: number, state: UserState, item: number, strength: number, objectives: number, at: number, followed: boolean, rng: Rng): void {
    const engine = this.engine;
    const firstTime = !state.hasRecent(item);
    const shared = firstTime && state.takeSharedToken(at);
    const pending = state.pendingFor(item);
    if (pending) {
      if (pending.labels === 0 && shared) this.countPositive(item);
      pending.labels |= objectives;
    } else if (shared && objectives !== 0 && engine.itemUsers[item]! > 0) {
      // An engagement nobody served (search, a profile, a shared link): an
      // impression is implied, and the candidates the user passed over are
      // stood in for by a few items drawn as the sources would draw them.
      // An item nobody had engaged with yet is left out: no source but
      // exploration would have offered it, and as an example it would teach
      // the ranker that having no engagement at all predicts engagement.
      this.context.load(user, true);
      engine.itemImpressions[item]!++;
      engine.globalImpressions++;
      this.countPositive(item);
      this.addPending(user, state, item, at, objectives, followed);
      this.addPseudoNegatives(user, state, item, at, rng);
    }
    if (shared) this.countEngagement(state, item, at);
    learnPositive(engine, user, item, strength, rng, shared);
    if (shared) {
      replayAndRemember(engine, user, item, strength, rng);
      absorbContent(engine, item);
    }
    this.record(user, item, strength, shared);

    state.pushRecent(item);
    state.engagements++;
    const { topics, authors } = engine.userRows;
    for (const topic of engine.itemTopics.of(item)) topics.add(user, topic, strength);
    authors.add(user, engine.itemAuthor[item]!, strength);
    topics.tick(user);
    authors.tick(user);
  }

  private negative(user: number, state: UserState, item: number, strength: number): void {
    const engine = this.engine;
    learnNegative(engine, user, item, strength);
    this.record(user, item, strength, false);
    const { dislikedTopics, dislikedAuthors } = engine.userRows;
    for (const topic of engine.itemTopics.of(item)) dislikedTopics.add(user, topic, -strength);
    dislikedAuthors.add(user, engine.itemAuthor[item]!, -strength);
    // A skip also takes back what a like of the same item would have added to
    // the user's interests: someone whose taste moved on skips what they used
    // to like, and their topics and authors must fade for that, not only wait
    // for new likes to outweigh them.
    const { topics, authors } = engine.userRows;
    for (const topic of engine.itemTopics.of(item)) topics.add(user, topic, strength);
    authors.add(user, engine.itemAuthor[item]!, strength);
    dislikedTopics.tick(user);
    dislikedAuthors.tick(user);
  }

  /** One more epoch of the vector updates logged by the first pass, at a learning rate that falls with each epoch. */
  replayFactors(epoch: number): void {
    const { users, items, strengths, shared } = this.log;
    const rateScale = 1 / (1 + epoch);
    for (let k = 0; k < users.length; k++) {
      const user = users[k]!;
      const strength = strengths[k]!;
      if (strength > 0) learnPositive(this.engine, user, items[k]!, strength, new Rng(this.engine.config.seed, user, k, epoch), shared[k]!, rateScale);
      else learnNegative(this.engine, user, items[k]!, strength, rateScale);
    }
  }

  /**
   * One more epoch of the ranker over the examples the first pass settled,
   * with the features they had then (so nothing learned later leaks in);
   * false, doing nothing, once the ranker has trained on
   * retrainRankerExamples in all: FTRL's per-coordinate rates have settled
   * long before on a large log, and a small one still gets its epochs.
   */
  replayRanker(): boolean {
    if (this.examplesTrained + this.examples.length > limits.retrainRankerExamples) return false;
    for (const example of this.examples) this.train(example);
    return true;
  }

  private record(user: number, item: number, strength: number, shared: boolean): void {
    if (!this.keepLog) return;
    this.log.users.push(user);
    this.log.items.push(item);
    this.log.strengths.push(strength);
    this.log.shared.push(shared);
  }

  private countPositive(item: number): void {
    this.engine.itemPositives[item]!++;
    this.engine.globalPositives++;
  }

  /** Popularity, trending and the item graphs: what a first engagement adds for everyone. */
  private countEngagement(state: UserState, item: number, at: number): void {
    const engine = this.engine;
    const users = ++engine.itemUsers[item]!;
    if (users > engine.itemUsersMax) engine.itemUsersMax = users;
    const factor = engine.trending.add(item, 1, at);
    if (factor !== 1) {
      engine.trendingTop.scale(factor);
      for (const list of engine.topicTrending) list.scale(factor);
      engine.trendingMax *= factor;
    }
    const score = engine.trending.rank(item);
    if (score > engine.trendingMax) engine.trendingMax = score;
    engine.trendingTop.offer(item, score);
    for (const topic of engine.itemTopics.of(item)) engine.topicTrending[topic]!.offer(item, score);
    const window = Math.min(limits.sessionWindow, state.recentCount);
    for (let back = 0; back < window; back++) {
      const recent = state.recentAt(back);
      const recentCapacity = neighbourCapacity(engine.itemUsers[recent]!);
      engine.coEngagement.add(recent, item, 1, recentCapacity, at);
      engine.coEngagement.add(item, recent, 1, neighbourCapacity(users), at);
      // A successor d steps later counts 1/d: the next item says most about what follows.
      engine.transitions.add(recent, item, 1 / (back + 1), recentCapacity, at);
    }
    engine.addToReservoir(item);
  }

  /**
   * Stand-ins for the candidates the user passed over: a neighbour of the
   * user's recent items (co-engagement, sequence), a fresh item and one near
   * the user's vector, so that merely being retrieved by a source is seen
   * losing too; and two items drawn uniformly from the catalogue. No
   * stand-in is drawn by engagement (trending, recently engaged): negatives
   * drawn in proportion to popularity teach the ranker engagement relative
   * to popularity, and it then ranks a popular item below a rare one of the
   * same appeal, while the next item a user takes is more often the popular
   * one (measured: mid synthetic HR@20 0.252 -> 0.283, no change on the
   * sequence set).
   */
  private addPseudoNegatives(user: number, state: UserState, positive: number, at: number, rng: Rng): void {
    const engine = this.engine;
    const fresh = engine.fresh;
    const newest = Math.min(fresh.length, engine.config.candidatesPerSource);
    const draws = [
      this.context.touched.length > 0 ? this.context.touched[rng.int(this.context.touched.length)]! : -1,
      newest > 0 ? fresh[fresh.length - 1 - rng.int(newest)]! : -1,
      rng.int(engine.items.size),
      rng.int(engine.items.size),
      this.nearUser(rng),
    ];
    for (const item of draws) {
      if (item < 0 || item === positive || !engine.itemLive[item] || state.hasRecent(item) || state.pendingFor(item)) continue;
      // Whether the user follows a stand-in's author is not known here.
      this.addPending(user, state, item, at, 0, false);
    }
  }

  /**
   * What the vector source offers: of a few items drawn at random, the one
   * nearest the user's vector (cosine, as the index ranks). Without it the
   * ranker never sees an item that merely scores well on the vector lose.
   */
  private nearUser(rng: Rng): number {
    if (!this.context.hasVector) return -1;
    const engine = this.engine;
    let best = -1;
    let bestScore = -Infinity;
    for (let n = 0; n < limits.nearUserDraws; n++) {
      const item = rng.int(engine.items.size);
      const score = engine.itemVectors.dotVector(item, this.context.query) / (engine.itemVectors.norm(item) || 1);
      if (score > bestScore) {
        bestScore = score;
        best = item;
      }
    }
    return best;
  }

  /**
   * Records the example's features as they are now (the context is loaded);
   * its labels arrive later. What the request that served the item knew of
   * the pair comes from its memory (ServedRows); an item this engine did not
   * serve has the signal's word on the follow, and no social score.
   */
  private addPending(user: number, state: UserState, item: number, at: number, labels: number, followed: boolean): void {
    const engine = this.engine;
    const rows = engine.served;
    const served = state.servedRow < 0 ? -1 : rows.find(state.servedRow, item);
    const pair = served < 0 ? { followed, social: 0 } : { followed: rows.followed[served] === 1, social: rows.social[served]! };
    extractFeatures(engine, this.context, item, at, pair, this.row);
    observeScales(engine, this.row);
    if (state.pendingCount >= limits.pendingPerUser) this.settle(state.oldestPending()!);
    const example: PendingExample = { user, item, at, raw: this.row.raw.slice(), maturity: this.context.maturity, labels, settled: false };
    state.addPending(example);
    engine.pending.push(example);
  }

  /** Examples whose window has passed (by the clock of the signals) are trained on with the labels they got. */
  private settleExpired(now: number): void {
    const engine = this.engine;
    while (engine.pendingHead < engine.pending.length && now - engine.pending[engine.pendingHead]!.at > limits.labelWindowMs) {
      const example = engine.pending[engine.pendingHead++]!;
      if (!example.settled) this.settle(example);
    }
    if (engine.pendingHead > 1024 && engine.pendingHead * 2 > engine.pending.length) {
      engine.pending = engine.pending.slice(engine.pendingHead);
      engine.pendingHead = 0;
    }
  }

  private settle(example: PendingExample): void {
    example.settled = true;
    this.engine.userStates[example.user]!.removePending(example);
    this.train(example);
    if (this.keepLog) this.keepExample(example);
  }

  /** A uniform sample of at most retrainExamples of the settled examples (reservoir sampling), so a retrain's memory is bounded. */
  private keepExample(example: PendingExample): void {
    const seen = ++this.examplesSeen;
    if (this.examples.length < limits.retrainExamples) {
      this.examples.push(example);
      return;
    }
    const slot = new Rng(this.engine.config.seed, seen).int(seen);
    if (slot < limits.retrainExamples) this.examples[slot] = example;
  }

  private train(example: PendingExample): void {
    this.examplesTrained++;
    this.row.encode(example.raw, example.maturity);
    this.engine.ranker.train(this.row.indices, this.row.values, this.row.count, example.labels);
  }
}

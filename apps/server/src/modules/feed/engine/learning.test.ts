import { describe, expect, it } from 'vitest';
import { defaultEngineConfig, limits } from './config.js';
import { HOUR, SEED, T0, world } from './engine.fixture.js';
import { FEATURE, FeatureRow } from './features.js';
import { Learner } from './learning.js';
import { EngineState } from './state.js';

describe('Learner', () => {
  it('lets a skip take back interest in the topics and the author of what the user used to like', () => {
    const { items, itemsOf } = world();
    const state = new EngineState({ ...defaultEngineConfig, seed: SEED, dimensions: 16 });
    for (const item of items) state.itemLive[state.internItem(item).slot] = 1;
    const learner = new Learner(state);
    let at = T0 + HOUR;
    const signal = (itemId: string, kind: 'like' | 'skip') => {
      learner.observe({ userId: 'mover', itemId, kind: 'impression', at: (at += 1000) });
      learner.observe({ userId: 'mover', itemId, kind, at: (at += 1000) });
    };
    const travel = itemsOf('travel').filter((item) => item.authorId === 'author-travel-0');
    const food = itemsOf('food');
    for (const item of [...travel.slice(0, 3), ...food.slice(0, 3)]) signal(item.id, 'like');

    const user = state.users.slotOf('mover');
    const { topics, authors } = state.userRows;
    const share = (topic: string) => topics.share(user, state.topics.slotOf(topic));
    const travelBefore = share('travel');
    const authorBefore = authors.share(user, state.authors.slotOf('author-travel-0'));
    expect(travelBefore).toBeGreaterThan(0.3);

    for (const item of travel.slice(3, 6)) signal(item.id, 'skip');
    expect(share('travel')).toBeLessThan(travelBefore);
    expect(share('travel')).toBeLessThan(share('food'));
    expect(authors.share(user, state.authors.slotOf('author-travel-0'))).toBeLessThan(authorBefore);

    // Skipping what the user never liked leaves their interests as they were: the shares still add up to one.
    const foodBefore = share('food');
    signal(itemsOf('music')[0]!.id, 'skip');
    expect(share('music')).toBe(0);
    expect(share('food')).toBeCloseTo(foodBefore, 12);
    expect(share('food') + share('travel')).toBeCloseTo(1, 12);
  });

  it("trains the ranker's follow feature from the signal's word when the engine did not serve the item", () => {
    /** How much more likely a like the ranker finds with the follow feature on, after followers liked an author's items from their profile. */
    const followLift = (followedAuthor: boolean): number => {
      const { items, itemsOf } = world();
      const state = new EngineState({ ...defaultEngineConfig, seed: SEED, dimensions: 16 });
      for (const item of items) state.itemLive[state.internItem(item).slot] = 1;
      const learner = new Learner(state);
      let at = T0 + HOUR;
      const followed = itemsOf('food').filter((item) => item.authorId === 'author-food-0');
      // Someone liked them first: an engagement with an item nobody engaged with opens no example.
      for (const item of followed) learner.observe({ userId: 'crowd', itemId: item.id, kind: 'like', at: (at += 1000) });
      // Served by no engine, each like opens an example with its stand-ins.
      for (let fan = 0; fan < 8; fan++) {
        for (const item of followed) learner.observe({ userId: `fan-${fan}`, itemId: item.id, kind: 'like', at: (at += 1000), followedAuthor });
      }
      // Past the label window, the examples are trained.
      learner.observe({ userId: 'crowd', itemId: itemsOf('music')[0]!.id, kind: 'impression', at: at + limits.labelWindowMs + 1000 });
      const row = new FeatureRow();
      const like = (following: number): number => {
        const raw = new Float32Array(row.raw.length);
        raw[FEATURE.following] = following;
        row.encode(raw, 2);
        return state.ranker.models[0]!.predict(row.indices, row.values, row.count);
      };
      return like(1) - like(0);
    };
    expect(followLift(true)).toBeGreaterThan(followLift(false) + 0.05);
  });
});

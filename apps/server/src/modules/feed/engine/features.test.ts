import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from './config.js';
import { organicSignals, SEED, world } from './engine.fixture.js';
import { UserContext } from './features.js';
import { Learner } from './learning.js';
import { EngineState } from './state.js';

describe('UserContext', () => {
  it('answers the same item scores and touched items whether or not the arrays are filled', () => {
    const { items } = world();
    const state = new EngineState({ ...defaultEngineConfig, seed: SEED, dimensions: 16 });
    for (const item of items) state.itemLive[state.internItem(item).slot] = 1;
    const learner = new Learner(state);
    for (const signal of organicSignals(items)) learner.observe(signal);
    const lazy = new UserContext(state);
    const filled = new UserContext(state);
    let compared = 0;
    for (let user = 0; user < state.users.size; user++) {
      lazy.load(user, true);
      filled.load(user, true);
      const touched = [...lazy.touched];
      const scores = items.map((_, slot) => [lazy.co(slot), lazy.sequence(slot)]);
      expect(filled.coScore.length).toBeGreaterThanOrEqual(items.length);
      expect([...filled.touched]).toEqual(touched);
      expect(items.map((_, slot) => [filled.co(slot), filled.sequence(slot)])).toEqual(scores);
      compared += touched.length;
    }
    expect(compared).toBeGreaterThan(0);
  });
});

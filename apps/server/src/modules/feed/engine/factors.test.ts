import { describe, expect, it } from 'vitest';
import { defaultEngineConfig } from './config.js';
import { absorbContent, initItemVector, learnPositive } from './factors.js';
import { Rng } from './random.js';
import { EngineState } from './state.js';

const SEED = 20_261_124;
console.log(`factor tests: seed ${SEED}`);

function cosine(state: EngineState, a: number, b: number): number {
  return state.itemVectors.dot(a, state.itemVectors, b) / (state.itemVectors.norm(a) * state.itemVectors.norm(b));
}

describe('item vectors', () => {
  it('start a new item from what its topics and author have come to mean', () => {
    const state = new EngineState({ ...defaultEngineConfig, seed: SEED });
    const item = (id: string, topics: string[], authorId: string): number => {
      const { slot } = state.internItem({ id, authorId, topics, kind: 'note', createdAt: 0 });
      state.itemLive[slot] = 1;
      initItemVector(state, slot, new Rng(SEED, slot));
      return slot;
    };
    const engaged = item('ramen-1', ['ramen'], 'chef');
    absorbContent(state, engaged);
    const sameTopic = item('ramen-2', ['ramen'], 'someone-else');
    const sameAuthor = item('chef-2', ['other'], 'chef');
    const unrelated = item('knitting-1', ['knitting'], 'knitter');
    expect(cosine(state, sameTopic, engaged)).toBeGreaterThan(0.8);
    expect(cosine(state, sameAuthor, engaged)).toBeGreaterThan(0.8);
    expect(Math.abs(cosine(state, unrelated, engaged))).toBeLessThan(0.5);
  });

  it('start a new item with no hashtag, by a new author, from what the words of its text have come to mean', () => {
    const state = new EngineState({ ...defaultEngineConfig, seed: SEED });
    const item = (id: string, terms: string[]): number => {
      const { slot } = state.internItem({ id, authorId: `author-of-${id}`, topics: [], terms, kind: 'note', createdAt: 0 });
      state.itemLive[slot] = 1;
      initItemVector(state, slot, new Rng(SEED, slot));
      return slot;
    };
    const engaged = item('ramen-1', ['ramen', 'broth', 'noodles', 'tokyo']);
    absorbContent(state, engaged);
    const sharesWords = item('ramen-2', ['broth', 'ramen', 'home']);
    const otherWords = item('knitting-1', ['wool', 'scarf']);
    const noText = item('silent-1', []);
    expect(cosine(state, sharesWords, engaged)).toBeGreaterThan(0.8);
    expect(Math.abs(cosine(state, otherWords, engaged))).toBeLessThan(0.5);
    expect(Math.abs(cosine(state, noText, engaged))).toBeLessThan(0.5);
    // The words count as one source beside a hashtag: a long text does not outweigh it.
    const tagged = state.internItem({ id: 'mixed', authorId: 'new', topics: ['knitting'], terms: ['ramen', 'broth', 'noodles', 'tokyo'], kind: 'note', createdAt: 0 }).slot;
    const knitting = state.internItem({ id: 'knit-2', authorId: 'knitter', topics: ['knitting'], kind: 'note', createdAt: 0 }).slot;
    initItemVector(state, knitting, new Rng(SEED, knitting));
    absorbContent(state, knitting);
    initItemVector(state, tagged, new Rng(SEED, tagged));
    expect(cosine(state, tagged, knitting)).toBeGreaterThan(0.5);
    expect(cosine(state, tagged, engaged)).toBeGreaterThan(0.5);
  });

  it('move a user toward what they engage with, and only their own vector when the signal is not let into shared state', () => {
    const state = new EngineState({ ...defaultEngineConfig, seed: SEED });
    const { slot } = state.internItem({ id: 'x', authorId: 'a', topics: [], kind: 'note', createdAt: 0 });
    state.itemLive[slot] = 1;
    initItemVector(state, slot, new Rng(SEED, 1));
    const user = state.internUser('u');
    const before = state.itemVectors.view(slot).slice();
    for (let n = 0; n < 20; n++) learnPositive(state, user, slot, 1, new Rng(SEED, n), false);
    expect(state.itemVectors.view(slot)).toEqual(before);
    expect(state.userVectors.dot(user, state.itemVectors, slot)).toBeGreaterThan(0);
    for (let n = 0; n < 20; n++) learnPositive(state, user, slot, 1, new Rng(SEED, 100 + n), true);
    expect(state.itemVectors.view(slot)).not.toEqual(before);
  });
});

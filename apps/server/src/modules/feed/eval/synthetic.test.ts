import { describe, expect, it } from 'vitest';
import { attachItems, parseInteractions } from './dataset.js';
import { splitByTime } from './protocol.js';
import { generate, type SyntheticShape } from './synthetic.js';

const SMALL: SyntheticShape = { users: 300, items: 200, meanPerUser: 12, minPerUser: 5, clusters: 6, popularitySkew: 0.9, noise: 0.1, tags: true, sequence: 0.5 };

function load(shape: SyntheticShape, seed: number) {
  const data = generate(shape, seed);
  const dataset = parseInteractions(`user_id,item_id,timestamp\n${data.interactions.join('\n')}\n`);
  if (data.items) attachItems(dataset, `item_id,title,tags\n${data.items.join('\n')}\n`);
  return { data, dataset };
}

describe('synthetic data sets', () => {
  it('are in the common format, the same for a seed and different for another', () => {
    const { data, dataset } = load(SMALL, 3);
    expect(dataset.userIds).toHaveLength(SMALL.users);
    expect(dataset.itemTags.every((tags) => tags.length === 1)).toBe(true);
    expect(generate(SMALL, 3)).toEqual(data);
    expect(generate(SMALL, 4).interactions).not.toEqual(data.interactions);
  });

  it('give every user at least the floor of distinct items, in time order', () => {
    const { dataset } = load(SMALL, 5);
    const split = splitByTime(dataset);
    for (let user = 0; user < split.userCount; user++) {
      const items = split.items.subarray(split.start[user]!, split.start[user + 1]!);
      expect(items.length).toBeGreaterThanOrEqual(SMALL.minPerUser);
      expect(new Set(items).size).toBe(items.length);
    }
    expect(split.evaluated).toHaveLength(SMALL.users);
  });

  it('follow successors when asked to: an item\'s most frequent next item takes a far larger share of what follows it', () => {
    const topShare = (sequence: number) => {
      const { dataset } = load({ ...SMALL, sequence }, 9);
      const split = splitByTime(dataset);
      const next = new Map<number, Map<number, number>>();
      let total = 0;
      for (let user = 0; user < split.userCount; user++) {
        for (let at = split.start[user]! + 1; at < split.start[user + 1]!; at++) {
          const counts = next.get(split.items[at - 1]!) ?? new Map<number, number>();
          counts.set(split.items[at]!, (counts.get(split.items[at]!) ?? 0) + 1);
          next.set(split.items[at - 1]!, counts);
          total++;
        }
      }
      let top = 0;
      for (const counts of next.values()) top += Math.max(...counts.values());
      return top / total;
    };
    expect(topShare(0.5)).toBeGreaterThan(1.5 * topShare(0));
  });
});

import { describe, expect, it } from 'vitest';
import { GroupQueue } from './group-queue.js';

describe('GroupQueue', () => {
  it('groups what arrives in one turn, in order, as `next` sizes the groups, and takes what arrives while a group is written into the next', async () => {
    const groups: number[][] = [];
    let release!: () => void;
    let blocked: Promise<void> | null = new Promise((resolve) => (release = resolve));
    const queue = new GroupQueue<number>(
      async (group) => {
        groups.push(group);
        if (blocked) {
          const wait = blocked;
          blocked = null;
          await wait;
        }
      },
      // At most three a group, and 0 always alone.
      (waiting) => {
        const zero = waiting.indexOf(0);
        return zero === 0 ? 1 : Math.min(3, zero < 0 ? waiting.length : zero);
      },
    );
    for (const item of [1, 2, 3, 4, 0, 5]) queue.add(item);
    await new Promise((resolve) => setImmediate(resolve));
    // The first group is being written: these wait for the next ones.
    for (const item of [6, 7]) queue.add(item);
    release();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(groups).toEqual([[1, 2, 3], [4], [0], [5, 6, 7]]);
  });
});

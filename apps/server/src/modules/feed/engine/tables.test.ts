import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdTable, PackedLists } from './tables.js';
import { TallyTable } from './tally.js';
import { ServedRows } from './user-state.js';

/**
 * The tally as it was written first, a Map per user: the packed rows must
 * behave exactly like it. A negative amount takes an entry down at most to
 * nothing, and the total loses only what the entry lost.
 */
class MapTally {
  readonly weights = new Map<number, number>();
  total = 0;
  boost = 1;

  constructor(
    readonly capacity: number,
    readonly growth: number,
  ) {}

  add(key: number, amount: number): void {
    const before = this.weights.get(key) ?? 0;
    const value = before + amount * this.boost;
    if (value <= 0) {
      this.weights.delete(key);
      this.total -= before;
    } else {
      this.weights.set(key, value);
      this.total += value - before;
    }
    if (this.weights.size > this.capacity) {
      let weakest = -1;
      let weakestWeight = Infinity;
      for (const [k, v] of this.weights) {
        if (v < weakestWeight) {
          weakest = k;
          weakestWeight = v;
        }
      }
      this.weights.delete(weakest);
      this.total -= weakestWeight;
    }
  }

  tick(): void {
    this.boost *= this.growth;
  }
}

describe('IdTable', () => {
  it('gives each distinct id one slot, in the order they came, and the id back from its slot', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }), fc.nat(3000).map((n) => `pst_${n}`)), { minLength: 1, maxLength: 600 }), (ids) => {
        const table = new IdTable();
        const slots = new Map<string, number>();
        for (const id of ids) {
          if (!slots.has(id)) slots.set(id, slots.size);
          expect(table.intern(id)).toBe(slots.get(id));
        }
        expect(table.size).toBe(slots.size);
        for (const [id, slot] of slots) {
          expect(table.slotOf(id)).toBe(slot);
          expect(table.idOf(slot)).toBe(id);
        }
        expect(table.slotOf('never interned \u{1F600}')).toBe(-1);
      }),
    );
  });

  it('holds a hundred thousand ids and long ones, and refuses a slot it does not have', () => {
    const table = new IdTable();
    for (let n = 0; n < 100_000; n++) table.intern(`usr_${n.toString(36)}`);
    const long = '长'.repeat(10_000);
    expect(table.intern(long)).toBe(100_000);
    expect(table.idOf(100_000)).toBe(long);
    expect(table.slotOf(`usr_${(77_777).toString(36)}`)).toBe(77_777);
    expect(table.idOf(0)).toBe('usr_0');
    expect(() => table.idOf(100_001)).toThrow(RangeError);
    expect(() => table.idOf(-1)).toThrow(RangeError);
  });
});

describe('PackedLists', () => {
  it('reads back every slot as last set, through growth, shrinking and compaction', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(49), fc.array(fc.integer({ min: -5, max: 1000 }), { maxLength: 12 })), { minLength: 50, maxLength: 400 }), (writes) => {
        const lists = new PackedLists();
        lists.ensureSlots(50);
        const expected: number[][] = Array.from({ length: 50 }, () => []);
        for (const [slot, list] of writes) {
          lists.set(slot, list);
          expected[slot] = list;
        }
        expected.forEach((list, slot) => {
          expect(Array.from(lists.of(slot))).toEqual(list);
          expect(lists.length(slot)).toBe(list.length);
        });
      }),
    );
  });

  it('closes the holes replaced lists leave', () => {
    const lists = new PackedLists();
    lists.ensureSlots(100);
    for (let round = 1; round <= 50; round++) for (let slot = 0; slot < 100; slot++) lists.set(slot, Array.from({ length: 1 + (round % 7) }, (_, k) => slot + k));
    expect(lists.values.length).toBeLessThan(8 * 100 * 4);
    expect(Array.from(lists.of(42))).toEqual([42, 43]);
  });
});

describe('TallyTable', () => {
  it('keeps the same entries, shares and totals as a Map per user would', () => {
    const step = fc.oneof(
      fc.record({ row: fc.nat(3), key: fc.nat(12), amount: fc.oneof(fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 5, noNaN: true }), fc.double({ min: -5, max: -0.1, noNaN: true })) }),
      fc.record({ row: fc.nat(3), tick: fc.constant(true) }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 100, maxLength: 400 }), (steps) => {
        const table = new TallyTable(6, 1.05);
        table.ensureRows(4);
        const maps = Array.from({ length: 4 }, () => new MapTally(6, 1.05));
        for (const s of steps) {
          if ('tick' in s) {
            table.tick(s.row);
            maps[s.row]!.tick();
          } else {
            table.add(s.row, s.key, s.amount);
            maps[s.row]!.add(s.key, s.amount);
          }
        }
        maps.forEach((map, row) => {
          expect(table.entries(row)).toEqual([...map.weights.entries()]);
          expect(table.total(row)).toBeCloseTo(map.total, 9);
          for (let key = 0; key <= 12; key++) {
            const weight = map.weights.get(key);
            expect(table.share(row, key)).toBeCloseTo(weight === undefined || map.total <= 0 ? 0 : weight / map.total, 9);
          }
        });
      }),
    );
  });

  it('ranks keys by weight and survives a snapshot row', () => {
    const table = new TallyTable(4, 1);
    table.ensureRows(2);
    for (const [key, amount] of [[1, 1], [2, 3], [3, 2], [4, 0.5], [5, 4]] as const) table.add(1, key, amount);
    // Five keys in four places: the lightest (4) left.
    expect(table.top(1, 10)).toEqual([5, 2, 3, 1]);
    expect(table.best(1, [1, 3, 9])).toBe(3);
    expect(table.top(0, 3)).toEqual([]);
    const copy = new TallyTable(4, 1);
    copy.ensureRows(2);
    const entries = table.entries(1);
    copy.load(0, entries.map(([key]) => key), entries.map(([, weight]) => weight), table.total(1), table.scale(1));
    expect(copy.entries(0)).toEqual(entries);
    expect(copy.share(0, 5)).toBe(table.share(1, 5));
  });
});

describe('ServedRows', () => {
  it('keeps the last 60 items served to each user, with what the request knew of them', () => {
    const rows = new ServedRows();
    const first = rows.add();
    const second = rows.add();
    for (let item = 0; item < 100; item++) rows.remember(first, item, item % 2 === 0, item / 100);
    rows.remember(second, 7, true, 0.5);
    // Items 40-99 remain in the first row; 7 was pushed out of it, not out of the second.
    expect(rows.find(first, 39)).toBe(-1);
    const at = rows.find(first, 98);
    expect([rows.followed[at], rows.social[at]]).toEqual([1, Math.fround(0.98)]);
    expect(rows.find(first, 7)).toBe(-1);
    const seven = rows.find(second, 7);
    expect([rows.followed[seven], rows.social[seven]]).toEqual([1, 0.5]);
    expect(rows.find(second, 0)).toBe(-1);
  });
});

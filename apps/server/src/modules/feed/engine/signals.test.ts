import { describe, expect, it } from 'vitest';
import { gradeSignal, OBJECTIVES } from './signals.js';
import type { EngineSignal } from './types.js';

const signal = (kind: EngineSignal['kind'], extra: Partial<EngineSignal> = {}): EngineSignal => ({ userId: 'u', itemId: 'i', kind, at: 0, ...extra });
const objective = (name: (typeof OBJECTIVES)[number]): number => 1 << OBJECTIVES.indexOf(name);

describe('gradeSignal', () => {
  it('treats an impression as exposure only', () => {
    expect(gradeSignal(signal('impression'))).toEqual({ strength: 0, objectives: 0 });
  });

  it('grades a watch by the share watched, a long watch reaching its objective', () => {
    const strength = (watchShare: number): number => gradeSignal(signal('watch', { watchShare })).strength;
    expect(strength(0.1)).toBeLessThan(0);
    expect(strength(0.3)).toBe(0);
    expect(strength(0.6)).toBeGreaterThan(0);
    expect(strength(0.9)).toBeGreaterThan(strength(0.6));
    expect(strength(2.5)).toBeGreaterThan(strength(0.9));
    expect(gradeSignal(signal('watch', { watchShare: 0.9 })).objectives).toBe(objective('long_watch'));
    expect(gradeSignal(signal('watch', { watchShare: 0.6 })).objectives).toBe(0);
  });

  it('grades dwell on a note by time read', () => {
    const grade = (dwellMs: number) => gradeSignal(signal('dwell', { dwellMs }));
    expect(grade(500).strength).toBeLessThan(0);
    expect(grade(5000).strength).toBe(0);
    expect(grade(15_000).strength).toBeGreaterThan(0);
    expect(grade(45_000).objectives).toBe(objective('long_watch'));
  });

  it('makes explicit actions strong positives with their objectives, skips and "not interested" negatives', () => {
    expect(gradeSignal(signal('like')).objectives).toBe(objective('like'));
    expect(gradeSignal(signal('share')).objectives).toBe(objective('share'));
    expect(gradeSignal(signal('follow')).objectives).toBe(objective('follow'));
    expect(gradeSignal(signal('purchase')).objectives).toBe(objective('purchase'));
    for (const kind of ['like', 'comment', 'share', 'bookmark', 'follow', 'purchase'] as const) expect(gradeSignal(signal(kind)).strength).toBeGreaterThanOrEqual(1);
    expect(gradeSignal(signal('skip')).strength).toBeLessThan(0);
    expect(gradeSignal(signal('not_interested')).strength).toBeLessThan(gradeSignal(signal('skip')).strength);
  });
});

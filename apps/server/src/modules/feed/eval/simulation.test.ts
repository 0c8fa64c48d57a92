import { beforeAll, describe, expect, it } from 'vitest';
import { simulate, type PageFigure, type SimulationResult } from './simulation.js';

const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('the scrolling simulation on a small seeded world', () => {
  let result: SimulationResult;
  let first: PageFigure[];
  let changed: PageFigure[];
  beforeAll(() => {
    result = simulate({
      seed: 7,
      topics: 8,
      tasteTopics: 2,
      items: 1_200,
      authors: 120,
      backgroundUsers: 200,
      backgroundLikes: 30,
      users: 12,
      pageSize: 10,
      pagesPerTaste: 10,
    });
    first = result.pages.filter((page) => page.taste === 'first');
    changed = result.pages.filter((page) => page.taste === 'changed');
  });
  const firstPageAtMajority = (pages: PageFigure[]) => pages.findIndex((page) => page.matchingCurrent >= 0.5) + 1;

  it('measures the popularity bias of what it served, and exploration keeps to its budget', () => {
    const { exposure } = result;
    expect(exposure.impressions).toBe(20 * 12 * 10);
    expect(exposure.gini).toBeGreaterThan(0);
    expect(exposure.gini).toBeLessThan(1);
    expect(exposure.coverage).toBeGreaterThan(0);
    expect(exposure.coverage).toBeLessThanOrEqual(1);
    // The budget is a share of each page: some of it is used, never more than all of it.
    expect(exposure.explored).toBeGreaterThan(0);
    expect(exposure.explored).toBeLessThanOrEqual(result.engineConfig.explorationShare);
    const unexplored = simulate({ ...result.options, engine: { explorationShare: 0 } });
    expect(unexplored.exposure.explored).toBe(0);
    expect(unexplored.exposure.impressions).toBe(exposure.impressions);
  });

  it('serves full pages', () => {
    expect(result.pages).toHaveLength(20);
    for (const page of result.pages) expect(page.size).toBe(10);
  });

  it("finds a new user's hidden taste within a few pages and keeps to it", () => {
    const found = firstPageAtMajority(first);
    expect(found).toBeGreaterThanOrEqual(1);
    expect(found).toBeLessThanOrEqual(4);
    const settled = mean(first.slice(3).map((page) => page.matchingCurrent));
    expect(settled).toBeGreaterThan(Math.max(0.6, 2 * result.baseRate));
    expect(settled).toBeGreaterThan(first[0]!.matchingCurrent);
  });

  it('follows a change of taste: the new taste takes over the pages, the old one fades', () => {
    const found = firstPageAtMajority(changed);
    expect(found).toBeGreaterThanOrEqual(1);
    expect(found).toBeLessThanOrEqual(8);
    const lastPages = changed.slice(-3);
    expect(mean(lastPages.map((page) => page.matchingCurrent))).toBeGreaterThan(0.6);
    expect(mean(lastPages.map((page) => page.matchingCurrent))).toBeGreaterThan(changed[0]!.matchingCurrent + 0.3);
    expect(mean(lastPages.map((page) => page.matchingPrevious!))).toBeLessThan(0.3);
    expect(mean(lastPages.map((page) => page.matchingPrevious!))).toBeLessThan(changed[0]!.matchingPrevious! - 0.3);
  });
});

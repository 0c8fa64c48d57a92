import { describe, expect, it } from 'vitest';
import { exposureReport } from './bias.js';

describe('exposureReport', () => {
  it('is 0 when every item of the catalogue is shown equally', () => {
    const report = exposureReport([['a', 'b'], ['c', 'd']], 4);
    expect(report).toEqual({ impressions: 4, gini: 0, topShare: 0.25, coverage: 1 });
  });

  it('approaches 1 when one item takes every impression, counting never-shown items as zeros', () => {
    const report = exposureReport(Array.from({ length: 50 }, () => ['hit']), 100);
    expect(report.gini).toBeCloseTo(0.99, 10);
    expect(report.topShare).toBe(1);
    expect(report.coverage).toBe(0.01);
  });

  it('measures the share of impressions on the top 1% of the catalogue', () => {
    const lists = [...Array.from({ length: 30 }, () => ['star']), ...Array.from({ length: 199 }, (_, i) => [`tail-${i}`])];
    const report = exposureReport(lists, 200);
    expect(report.topShare).toBeCloseTo((30 + 1) / 229, 10);
    expect(report.gini).toBeGreaterThan(0);
    expect(report.gini).toBeLessThan(0.3);
  });

  it('reports nothing shown as zeros', () => {
    expect(exposureReport([], 10)).toEqual({ impressions: 0, gini: 0, topShare: 0, coverage: 0 });
  });
});

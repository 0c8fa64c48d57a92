import { describe, expect, it } from 'vitest';
import { compactCount, duration, fileSize } from './format.js';

describe('compactCount', () => {
  it('abbreviates in each language’s own way', () => {
    expect(compactCount(999, 'en')).toBe('999');
    expect(compactCount(1234, 'en')).toBe('1.2K');
    expect(compactCount(12_345, 'zh-CN')).toBe('1.2万');
    expect(compactCount(1500, 'fr').replace(/\s/g, ' ')).toBe('1,5 k');
  });
});

describe('fileSize', () => {
  it('picks the largest unit under 1024', () => {
    expect(fileSize(0, 'en')).toBe('0 kB');
    expect(fileSize(512, 'en')).toBe('0.5 kB');
    expect(fileSize(2.5 * 1024 * 1024, 'en')).toBe('2.5 MB');
    expect(fileSize(1024 ** 3, 'fr').replace(/\s/g, ' ')).toBe('1 Go');
  });
});

describe('duration', () => {
  it('writes minutes and zero-padded seconds', () => {
    expect(duration(65_000)).toBe('1:05');
    expect(duration(400)).toBe('0:00');
    expect(duration(600_000)).toBe('10:00');
  });
});

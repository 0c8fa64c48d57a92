import { describe, expect, it } from 'vitest';
import { safeNext } from './router.js';

describe('safeNext', () => {
  it('keeps same-site paths', () => {
    expect(safeNext('/me/edit?tab=1', '/me')).toBe('/me/edit?tab=1');
  });

  it('refuses anything that could leave the site', () => {
    for (const value of ['https://evil.example', '//evil.example', '/\\evil.example', 'me', '', null]) {
      expect(safeNext(value, '/me')).toBe('/me');
    }
  });
});

import { describe, expect, it } from 'vitest';
import { isId, newId } from './ids.js';

describe('ids', () => {
  it('carries its type prefix and a fixed-width body', () => {
    const id = newId('usr');
    expect(id).toMatch(/^usr_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(isId(id, 'usr')).toBe(true);
    expect(isId(id, 'ses')).toBe(false);
    expect(isId('usr_../../etc/passwd')).toBe(false);
  });

  it('sorts by creation time as plain strings, also within one millisecond', () => {
    const ids = Array.from({ length: 2000 }, () => newId('pst'));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

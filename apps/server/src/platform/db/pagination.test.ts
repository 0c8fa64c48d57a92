import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, InvalidCursorError } from './pagination.js';

describe('keyset cursors', () => {
  it('round-trip an id, or a key and an id', () => {
    expect(decodeCursor(encodeCursor(['ntf_1']), false)).toEqual(['ntf_1']);
    expect(decodeCursor(encodeCursor([42.5, 'pst_9']), true)).toEqual([42.5, 'pst_9']);
  });

  it('refuse anything a list did not give out', () => {
    for (const cursor of ['', '%%%', encodeCursor(['a\u0000b' as string]), Buffer.from('{"a":1}').toString('base64url'), encodeCursor([1, 'x']), encodeCursor(['x'])]) {
      expect(() => decodeCursor(cursor, cursor === encodeCursor(['x']))).toThrow(InvalidCursorError);
    }
  });
});

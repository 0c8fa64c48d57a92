import { describe, expect, it } from 'vitest';
import { InvalidCursorError } from '../../platform/db/pagination.js';
import { decodeFeedCursor, encodeFeedCursor, type FeedCursor } from './cursor.js';

const encode = (values: unknown) => Buffer.from(JSON.stringify(values)).toString('base64url');

describe('feed cursors', () => {
  it('round-trips each mode, heat included to the last bit', () => {
    const cursors: FeedCursor[] = [
      { mode: 'for_you', sessionMs: 1_772_366_400_000 },
      { mode: 'latest', key: 1_772_366_400_000, id: 'pst_01JD3X0000000000000000000A' },
      { mode: 'popular', key: 81_998.123_456_789_01, id: 'pst_01JD3X0000000000000000000B' },
    ];
    for (const cursor of cursors) expect(decodeFeedCursor(encodeFeedCursor(cursor))).toEqual(cursor);
  });

  it('refuses what no page gave out', () => {
    for (const text of ['', 'not-base64!', encode({}), encode(['for_you']), encode(['for_you', -1]), encode(['for_you', 1.5]), encode(['latest', 1]), encode(['popular', 'x', 'pst_1']), encode(['latest', 1, 'a b']), encode(['other', 1, 'pst_1'])]) {
      expect(() => decodeFeedCursor(text), text).toThrow(InvalidCursorError);
    }
  });
});

import { InvalidCursorError } from '../../platform/db/pagination.js';

/**
 * Where a feed page left off. For You: when the session began (what was
 * served since then stays out of it). Latest and popular: the keyset of the
 * last post examined (time or heat, then id).
 */
export type FeedCursor = { mode: 'for_you'; sessionMs: number } | { mode: 'latest' | 'popular'; key: number; id: string };

export function encodeFeedCursor(cursor: FeedCursor): string {
  const values = cursor.mode === 'for_you' ? [cursor.mode, cursor.sessionMs] : [cursor.mode, cursor.key, cursor.id];
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeFeedCursor(text: string): FeedCursor {
  let values: unknown;
  try {
    values = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (!Array.isArray(values)) throw new InvalidCursorError();
  const [mode, key, id] = values as [unknown, unknown, unknown];
  if (mode === 'for_you' && values.length === 2 && Number.isSafeInteger(key) && (key as number) >= 0) return { mode, sessionMs: key as number };
  if ((mode === 'latest' || mode === 'popular') && values.length === 3 && Number.isFinite(key) && typeof id === 'string' && /^[A-Za-z0-9_]{1,64}$/.test(id)) {
    return { mode, key: key as number, id };
  }
  throw new InvalidCursorError();
}

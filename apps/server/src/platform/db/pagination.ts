import { sql, type SelectQueryBuilder } from 'kysely';
import { AppError } from '../http/errors.js';

/**
 * Keyset pagination, written once. Rows are ordered by (key, id) — the id
 * breaks ties, and since ids are time-ordered, a list by creation time uses
 * the id alone. The cursor is the last row of the page:
 *
 *   key desc:   ... | k=9 id=e | k=7 id=d | k=7 id=b || k=7 id=a | k=3 id=f ...
 *                                          cursor ^^  next page: k < 7 or (k = 7 and id < b)
 *
 * Unlike OFFSET, a page costs the same however deep, and rows inserted while
 * a user scrolls neither repeat nor go missing.
 */
export interface KeysetOptions<Row> {
  idColumn: string;
  /** Optional sort key before the id (e.g. score); omitted = order by id only. */
  keyColumn?: string;
  direction: 'asc' | 'desc';
  cursor: string | undefined;
  limit: number;
  keyOf?: (row: Row) => string | number;
  idOf: (row: Row) => string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export class InvalidCursorError extends AppError {
  constructor() {
    super('invalid', 'INVALID_CURSOR', 'The cursor is not one this list gave out.');
  }
}

type CursorValues = [string] | [string | number, string];

export function encodeCursor(values: CursorValues): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, withKey: boolean): CursorValues {
  try {
    const values: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const ok =
      Array.isArray(values) &&
      values.length === (withKey ? 2 : 1) &&
      typeof values[values.length - 1] === 'string' &&
      (!withKey || ['string', 'number'].includes(typeof values[0])) &&
      // Control characters never occur in keys or ids, and PostgreSQL refuses U+0000 outright.
      values.every((value) => typeof value !== 'string' || !/[\u0000-\u001f]/.test(value));
    if (!ok) throw new InvalidCursorError();
    return values as CursorValues;
  } catch {
    throw new InvalidCursorError();
  }
}

export async function keysetPage<Row>(
  query: SelectQueryBuilder<any, any, Row>,
  options: KeysetOptions<Row>,
): Promise<Page<Row>> {
  const { idColumn, keyColumn, direction, cursor, limit } = options;
  const op = direction === 'desc' ? '<' : '>';
  let q = query;
  if (cursor !== undefined) {
    const values = decodeCursor(cursor, keyColumn !== undefined);
    if (keyColumn === undefined) {
      q = q.where(sql.ref(idColumn), op, values[0]);
    } else {
      const [key, id] = values as [string | number, string];
      q = q.where((eb) =>
        eb.or([eb(sql.ref(keyColumn), op, key), eb.and([eb(sql.ref(keyColumn), '=', key), eb(sql.ref(idColumn), op, id)])]),
      );
    }
  }
  if (keyColumn !== undefined) q = q.orderBy(sql.ref(keyColumn), direction);
  q = q.orderBy(sql.ref(idColumn), direction).limit(limit + 1);

  const rows = await q.execute();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const hasMore = rows.length > limit && last !== undefined;
  const nextCursor = !hasMore
    ? null
    : encodeCursor(keyColumn !== undefined && options.keyOf ? [options.keyOf(last), options.idOf(last)] : [options.idOf(last)]);
  return { items, nextCursor };
}

import { CompiledQuery, PostgresAdapter, type Kysely, type QueryResult } from 'kysely';

/**
 * A set-based statement of one fixed text whose rows arrive as a single JSON
 * array parameter, read by `rows` (`jsonb_each(?)` on SQLite,
 * `jsonb_array_elements(?)` on PostgreSQL, each element's fields as
 * `value->>0`, `value->>1`…). For batches applied together (the wallet's
 * transfer lane, the idempotency keys of a group commit): a multi-row VALUES
 * list built by Kysely is a new SQL text for every batch size, so it was
 * compiled and prepared again each time, costing more than SQLite's own
 * work; this text is prepared once. `build` writes `?` for parameters and
 * `rows` where the rows are read; `postgres` for what differs (casts).
 *
 * SQLite's jsonb_each rather than json_each: the text is parsed once either
 * way, but json_each hands each row over as JSON text, which every `->>`
 * parses again, where jsonb_each hands it over as JSONB, read in place. The
 * values read are the same (jsonb_each differs only for a `value` that is an
 * array or object, which no statement reads whole); a row of the idempotency
 * keys (five fields, a response body of ~400 bytes) costs about 1.2 µs less,
 * a three-field row about 0.2 µs.
 */
export function jsonRows(build: (rows: string, postgres: boolean) => string): <Row>(db: Kysely<any>, parameters: unknown[]) => Promise<QueryResult<Row>> {
  const sqlite = build('jsonb_each(?)', false);
  let n = 0;
  const postgres = build('jsonb_array_elements(cast(? as jsonb))', true).replace(/\?/g, () => `$${++n}`);
  return (db, parameters) => {
    const text = db.getExecutor().adapter instanceof PostgresAdapter ? postgres : sqlite;
    return db.executeQuery(CompiledQuery.raw(text, parameters));
  };
}

/**
 * An element of a flat array of scalars (`["id1", "id2"]`), as text: SQLite
 * reads it without parsing a row's JSON again, as `value->>0` of `[["id1"]…]`
 * does (about 0.2 µs an element).
 */
export const scalar = (postgres: boolean): string => (postgres ? `value #>> '{}'` : 'value');

/** A JSON field or a parameter as `type`: PostgreSQL reads either as text and must be told; SQLite takes it as it is. */
export const typed = (expression: string, type: string, postgres: boolean): string => (postgres ? `cast(${expression} as ${type})` : expression);

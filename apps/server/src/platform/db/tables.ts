import type { Kysely, Transaction } from 'kysely';

/** Narrows the platform's untyped handle to the tables one module owns. */
export function tables<T>(db: Kysely<any> | Transaction<any>): Kysely<T> {
  return db as Kysely<T>;
}

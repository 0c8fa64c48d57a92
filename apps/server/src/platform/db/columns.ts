import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './database.js';

/**
 * The store boundary between SQL values and domain values. Timestamps are
 * timestamptz in PostgreSQL and ISO-8601 text in SQLite (fixed width, so text
 * order is time order); booleans are boolean or 0/1; JSON is text in both.
 */
export const columnType = {
  timestamp: (dialect: DialectName) => (dialect === 'postgres' ? 'timestamptz' : 'text'),
  boolean: (dialect: DialectName) => (dialect === 'postgres' ? 'boolean' : 'integer'),
} as const;

/** A boolean column default written for the dialect (PostgreSQL refuses 0 as a boolean default). */
export function booleanDefault(dialect: DialectName, value: boolean): RawBuilder<unknown> {
  if (dialect === 'postgres') return value ? sql`true` : sql`false`;
  return value ? sql`1` : sql`0`;
}

export function toIso(value: Date | string): string {
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function toIsoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : toIso(value);
}

export function toBool(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 't';
}

/** 1/0 bind in better-sqlite3 (which refuses booleans) and PostgreSQL parses them as boolean input. */
export function fromBool(value: boolean): number {
  return value ? 1 : 0;
}

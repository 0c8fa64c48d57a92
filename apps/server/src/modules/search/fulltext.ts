import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DialectName } from '../../platform/db/database.js';
import type { QueryTerm } from './text.js';

/**
 * One full-text index, in each dialect's own engine but with the same tokens
 * (text.ts) and the same score:
 *
 *   score = ln(relevance) + recencyPerSecond × time_s
 *
 * which orders like relevance × 2^(−age / half-life) with recencyPerSecond =
 * ln 2 / half-life, but does not depend on "now": an exponential decay
 * multiplies every document by the same factor as time passes, so the order
 * never changes and a keyset cursor (score, id) stays valid across pages.
 *
 * Relevance is FTS5's bm25 with per-field weights in SQLite, ts_rank with the
 * same weights as A/B/C classes (divided by 1 + log(document length)) in
 * PostgreSQL. Only the newest MAX_CANDIDATES matches are ranked: FTS5 reads
 * its doclist newest first and stops, so on SQLite a common word costs about
 * what a rare one does; PostgreSQL still visits every match's row to sort by
 * time, but computes ts_rank for those few only.
 *
 * Pages stay exact while the index does not change. When it does between two
 * pages, the candidates move by the posts added, and on SQLite bm25's corpus
 * statistics (rarer terms weigh more) move with them: a later page can then
 * repeat or skip a post near its edge. ts_rank depends on the document alone.
 */
export interface FullTextSpec {
  table: string;
  idColumn: string;
  /** In order; at most three (PostgreSQL weight classes A, B, C). Weights are relative. */
  fields: ReadonlyArray<{ name: string; weight: number }>;
}

export const POSTS_INDEX: FullTextSpec = {
  table: 'search_posts',
  idColumn: 'post_id',
  fields: [
    { name: 'title', weight: 4 },
    { name: 'tags', weight: 2 },
    { name: 'body', weight: 1 },
  ],
};

export const USERS_INDEX: FullTextSpec = {
  table: 'search_users',
  idColumn: 'user_id',
  fields: [
    { name: 'handle', weight: 8 },
    { name: 'name', weight: 4 },
    { name: 'bio', weight: 1 },
  ],
};

const WEIGHT_CLASSES = ['A', 'B', 'C'] as const;
/** PostgreSQL caps positions at 16383 and keeps at most 256 per lexeme. */
const MAX_POSITION = 16383;
const MAX_POSITIONS_PER_LEXEME = 256;
/**
 * Only the newest matches are ranked: a word in a tenth of a million posts
 * would otherwise cost a relevance computation for each of them on every
 * page. Past this many, an older match would need its relevance doubled
 * every half-life to outrank the newer ones anyway.
 */
const MAX_CANDIDATES = 2000;
/** ln(0) would be −∞; a matching document always has some relevance. */
const MIN_RELEVANCE = 1e-12;

export interface ScoredId {
  id: string;
  score: number;
}

export interface SearchPageOptions {
  recencyPerSecond: number;
  /** The last row of the previous page. */
  after: ScoredId | null;
  limit: number;
}

export class FullTextIndex {
  constructor(
    private readonly spec: FullTextSpec,
    private readonly dialect: DialectName,
  ) {}

  private get ftsTable(): string {
    return `${this.spec.table}_fts`;
  }

  /** Inserts or replaces a document; `row` holds the table's other columns (id included). */
  async upsert(db: Kysely<any>, row: Record<string, unknown>, fieldTokens: string[][]): Promise<void> {
    const { table, idColumn } = this.spec;
    const id = row[idColumn] as string;
    if (this.dialect === 'postgres') {
      const document = sql`cast(${tsvectorLiteral(fieldTokens)} as tsvector)`;
      await db
        .insertInto(table)
        .values({ ...row, document })
        .onConflict((oc) => oc.column(idColumn).doUpdateSet({ ...row, document }))
        .execute();
      return;
    }
    const existing = await db.selectFrom(table).select(sql<number>`rowid`.as('rowid')).where(idColumn, '=', id).executeTakeFirst();
    let rowid: number;
    if (existing) {
      rowid = existing.rowid;
      await db.updateTable(table).set(row).where(idColumn, '=', id).execute();
      await sql`delete from ${sql.table(this.ftsTable)} where rowid = ${rowid}`.execute(db);
    } else {
      const inserted = await db.insertInto(table).values(row).returning(sql<number>`rowid`.as('rowid')).executeTakeFirstOrThrow();
      rowid = inserted.rowid;
    }
    const columns = sql.join(this.spec.fields.map((field) => sql.id(field.name)));
    const values = sql.join(this.spec.fields.map((_, i) => (fieldTokens[i] ?? []).join(' ')));
    await sql`insert into ${sql.table(this.ftsTable)} (rowid, ${columns}) values (${rowid}, ${values})`.execute(db);
  }

  async remove(db: Kysely<any>, id: string): Promise<void> {
    const { table, idColumn } = this.spec;
    if (this.dialect === 'postgres') {
      await db.deleteFrom(table).where(idColumn, '=', id).execute();
      return;
    }
    const removed = await db.deleteFrom(table).where(idColumn, '=', id).returning(sql<number>`rowid`.as('rowid')).executeTakeFirst();
    if (removed) await sql`delete from ${sql.table(this.ftsTable)} where rowid = ${removed.rowid}`.execute(db);
  }

  /** One page of matching ids, best first; every term must match. */
  async search(db: Kysely<any>, terms: QueryTerm[], options: SearchPageOptions): Promise<ScoredId[]> {
    if (terms.length === 0) return [];
    const { after, limit } = options;
    const recency = sql`cast(${options.recencyPerSecond} as double precision)`;
    const keyset = after
      ? sql`where score < cast(${after.score} as double precision) or (score = cast(${after.score} as double precision) and id < ${after.id})`
      : sql``;
    const matched = this.dialect === 'postgres' ? this.matchedPostgres(terms, recency) : this.matchedSqlite(terms, recency);
    const result = await sql<ScoredId>`
      with matched as ${matched}
      select id, score from matched ${keyset}
      order by score desc, id desc
      limit ${limit}`.execute(db);
    return result.rows.map((row) => ({ id: row.id, score: Number(row.score) }));
  }

  private matchedSqlite(terms: QueryTerm[], recency: RawBuilder<unknown>): RawBuilder<unknown> {
    const { table, idColumn, fields } = this.spec;
    const fts = sql.table(this.ftsTable);
    const weights = sql.join(fields.map((field) => sql.lit(field.weight)));
    // bm25 is negative, more negative for better matches. The CTE is
    // materialised so the keyset filter does not reach into the FTS scan.
    return sql`materialized (
      select d.${sql.ref(idColumn)} as id, ln(max(-bm25(${fts}, ${weights}), ${sql.lit(MIN_RELEVANCE)})) + ${recency} * d.time_s as score
      from ${fts} join ${sql.table(table)} d on d.rowid = ${fts}.rowid
      where ${fts} match ${ftsMatchExpression(terms)}
      order by ${fts}.rowid desc
      limit ${sql.lit(MAX_CANDIDATES)})`;
  }

  private matchedPostgres(terms: QueryTerm[], recency: RawBuilder<unknown>): RawBuilder<unknown> {
    const { table, idColumn, fields } = this.spec;
    const top = Math.max(...fields.map((field) => field.weight));
    // ts_rank takes the weights of classes {D, C, B, A}.
    const byClass = WEIGHT_CLASSES.map((_, i) => (fields[i] ? fields[i].weight / top : 0.1));
    const weights = `{0.1,${byClass[2]},${byClass[1]},${byClass[0]}}`;
    const query = sql`cast(${tsqueryLiteral(terms)} as tsquery)`;
    const id = sql.ref(idColumn);
    // The newest matches are picked by id and time alone; only they are read
    // whole (a document is a kilobyte or so) and ranked.
    return sql`(
      select d.${id} as id,
        ln(greatest(ts_rank(cast(${weights} as real[]), d.document, ${query}, 1)::double precision, ${sql.lit(MIN_RELEVANCE)})) + ${recency} * d.time_s as score
      from ${sql.table(table)} d
      where d.${id} = any(array(select ${id} from ${sql.table(table)} where document @@ ${query} order by time_s desc limit ${sql.lit(MAX_CANDIDATES)})))`;
  }
}

/** An FTS5 query of quoted tokens: nothing the user typed is read as FTS syntax. */
export function ftsMatchExpression(terms: QueryTerm[]): string {
  return terms.map((term) => `"${term.token.replaceAll('"', '""')}"${term.prefix ? ' *' : ''}`).join(' AND ');
}

function quoteLexeme(token: string): string {
  return `'${token.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`;
}

/** A tsquery in its input syntax (no parser, no dictionary: our tokens are the lexemes). */
export function tsqueryLiteral(terms: QueryTerm[]): string {
  return terms.map((term) => `${quoteLexeme(term.token)}${term.prefix ? ':*' : ''}`).join(' & ');
}

/** A tsvector in its input syntax, positions weighted A, B, C by field. */
export function tsvectorLiteral(fieldTokens: string[][]): string {
  const positions = new Map<string, string[]>();
  let position = 0;
  fieldTokens.forEach((tokens, field) => {
    const weightClass = WEIGHT_CLASSES[field] ?? 'C';
    for (const token of tokens) {
      position = Math.min(position + 1, MAX_POSITION);
      const list = positions.get(token) ?? [];
      if (list.length < MAX_POSITIONS_PER_LEXEME) list.push(`${position}${weightClass}`);
      positions.set(token, list);
    }
  });
  return [...positions].map(([token, list]) => `${quoteLexeme(token)}:${list.join(',')}`).join(' ');
}

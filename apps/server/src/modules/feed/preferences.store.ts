import type { Kysely } from 'kysely';
import type { FeedMode } from '@souk/contracts';
import { decodeCursor, encodeCursor, InvalidCursorError, type Page } from '../../platform/db/pagination.js';
import { tables } from '../../platform/db/tables.js';

interface PreferenceTables {
  feed_not_interested: { id: string; user_id: string; target_kind: string; target: string; label: string | null; created_ms: number };
  feed_settings: { user_id: string; mode: string };
}

export type TargetKind = 'post' | 'author' | 'topic';

export interface NotInterestedRecord {
  id: string;
  userId: string;
  kind: TargetKind;
  /** A post id, a user id or a topic key. */
  target: string;
  /** A topic as the user wrote it. */
  label: string | null;
  createdMs: number;
}

/** A user's "not interested" choices as sets, the form a page is filtered with. */
export interface NotInterestedSets {
  items: Set<string>;
  authors: Set<string>;
  topics: Set<string>;
}

function toRecord(row: PreferenceTables['feed_not_interested']): NotInterestedRecord {
  return { id: row.id, userId: row.user_id, kind: row.target_kind as TargetKind, target: row.target, label: row.label, createdMs: Number(row.created_ms) };
}

/** What each user chose about their feed: the mode, and what they are not interested in. */
export class PreferencesStore {
  async mode(db: Kysely<any>, userId: string): Promise<FeedMode | null> {
    const row = await tables<PreferenceTables>(db).selectFrom('feed_settings').select('mode').where('user_id', '=', userId).executeTakeFirst();
    return (row?.mode as FeedMode | undefined) ?? null;
  }

  async setMode(db: Kysely<any>, userId: string, mode: FeedMode): Promise<void> {
    await tables<PreferenceTables>(db)
      .insertInto('feed_settings')
      .values({ user_id: userId, mode })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ mode }))
      .execute();
  }

  /** Inserts the choice unless this user already made it; returns the stored one either way, and whether it is new. */
  async addNotInterested(db: Kysely<any>, record: NotInterestedRecord): Promise<{ record: NotInterestedRecord; created: boolean }> {
    const t = tables<PreferenceTables>(db);
    const inserted = await t
      .insertInto('feed_not_interested')
      .values({ id: record.id, user_id: record.userId, target_kind: record.kind, target: record.target, label: record.label, created_ms: record.createdMs })
      .onConflict((oc) => oc.columns(['user_id', 'target_kind', 'target']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return { record, created: true };
    const existing = await t
      .selectFrom('feed_not_interested')
      .selectAll()
      .where('user_id', '=', record.userId)
      .where('target_kind', '=', record.kind)
      .where('target', '=', record.target)
      .executeTakeFirstOrThrow();
    return { record: toRecord(existing), created: false };
  }

  async removeNotInterested(db: Kysely<any>, userId: string, id: string): Promise<boolean> {
    const result = await tables<PreferenceTables>(db).deleteFrom('feed_not_interested').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Choices about a post that no longer exists go with it. */
  async forgetPost(db: Kysely<any>, postId: string): Promise<void> {
    await tables<PreferenceTables>(db).deleteFrom('feed_not_interested').where('target_kind', '=', 'post').where('target', '=', postId).execute();
  }

  /** Newest first; the cursor is (created, id) of the last row. */
  async notInterestedPage(db: Kysely<any>, userId: string, cursor: string | undefined, limit: number): Promise<Page<NotInterestedRecord>> {
    let query = tables<PreferenceTables>(db).selectFrom('feed_not_interested').selectAll().where('user_id', '=', userId);
    if (cursor !== undefined) {
      const [key, id] = decodeCursor(cursor, true);
      if (typeof key !== 'number' || !Number.isSafeInteger(key)) throw new InvalidCursorError();
      const createdMs = key;
      query = query.where((eb) => eb.or([eb('created_ms', '<', createdMs), eb.and([eb('created_ms', '=', createdMs), eb('id', '<', id!)])]));
    }
    const rows = await query.orderBy('created_ms', 'desc').orderBy('id', 'desc').limit(limit + 1).execute();
    const items = rows.slice(0, limit).map(toRecord);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > limit && last ? encodeCursor([last.createdMs, last.id]) : null };
  }

  async notInterestedSets(db: Kysely<any>, userId: string): Promise<NotInterestedSets> {
    const rows = await tables<PreferenceTables>(db).selectFrom('feed_not_interested').select(['target_kind', 'target']).where('user_id', '=', userId).execute();
    const sets: NotInterestedSets = { items: new Set(), authors: new Set(), topics: new Set() };
    for (const row of rows) {
      if (row.target_kind === 'post') sets.items.add(row.target);
      else if (row.target_kind === 'author') sets.authors.add(row.target);
      else sets.topics.add(row.target);
    }
    return sets;
  }
}

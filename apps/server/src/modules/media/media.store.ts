import { sql, type Kysely } from 'kysely';
import type { MediaKind } from '@souk/contracts';
import type { DialectName } from '../../platform/db/database.js';
import { tables } from '../../platform/db/tables.js';

/** The stored objects of one asset: the full rendition (or the video) and the small WebP. */
export interface AssetKeys {
  main: string;
  thumb: string;
}

export interface AssetRecord {
  id: string;
  ownerId: string;
  kind: MediaKind;
  keys: AssetKeys;
  contentType: string;
  bytes: number;
  width: number;
  height: number;
  durationMs: number | null;
  postId: string | null;
  createdAt: string;
}

interface MediaAssetsTable {
  id: string;
  owner_id: string;
  kind: string;
  keys: string;
  content_type: string;
  bytes: number;
  width: number;
  height: number;
  duration_ms: number | null;
  post_id: string | null;
  created_at: string | Date;
}

interface MediaTables {
  media_assets: MediaAssetsTable;
}

function toRecord(row: MediaAssetsTable): AssetRecord {
  return {
    id: row.id,
    ownerId: row.owner_id,
    kind: row.kind as MediaKind,
    keys: JSON.parse(row.keys) as AssetKeys,
    contentType: row.content_type,
    bytes: Number(row.bytes),
    width: Number(row.width),
    height: Number(row.height),
    durationMs: row.duration_ms === null ? null : Number(row.duration_ms),
    postId: row.post_id,
    createdAt: row.created_at instanceof Date ? row.created_at.toISOString() : row.created_at,
  };
}

export class MediaStore {
  async insert(db: Kysely<any>, record: AssetRecord): Promise<void> {
    await tables<MediaTables>(db)
      .insertInto('media_assets')
      .values({
        id: record.id,
        owner_id: record.ownerId,
        kind: record.kind,
        keys: JSON.stringify(record.keys),
        content_type: record.contentType,
        bytes: record.bytes,
        width: record.width,
        height: record.height,
        duration_ms: record.durationMs,
        post_id: record.postId,
        created_at: record.createdAt,
      })
      .execute();
  }

  async byIds(db: Kysely<any>, ids: readonly string[]): Promise<AssetRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tables<MediaTables>(db).selectFrom('media_assets').selectAll().where('id', 'in', ids).execute();
    return rows.map(toRecord);
  }

  async byPost(db: Kysely<any>, postId: string): Promise<AssetRecord[]> {
    const rows = await tables<MediaTables>(db).selectFrom('media_assets').selectAll().where('post_id', '=', postId).execute();
    return rows.map(toRecord);
  }

  async usedBytes(db: Kysely<any>, ownerId: string): Promise<number> {
    const row = await tables<MediaTables>(db)
      .selectFrom('media_assets')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('bytes'), eb.lit(0)).as('used'))
      .where('owner_id', '=', ownerId)
      .executeTakeFirstOrThrow();
    return Number(row.used);
  }

  /**
   * Serialises quota checks of one owner until the transaction ends. SQLite
   * already runs one writer at a time; PostgreSQL takes an advisory lock.
   */
  async lockOwner(db: Kysely<any>, dialect: DialectName, ownerId: string): Promise<void> {
    if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtextextended(${`media:${ownerId}`}, 0))`.execute(db);
  }

  /**
   * Attaches the owner's assets that are free or already on this post. The
   * conditions sit in the UPDATE itself, so a concurrent sweep or attach is
   * seen: the rows it returns are exactly the ones now on the post.
   */
  async attach(db: Kysely<any>, ownerId: string, postId: string, ids: readonly string[]): Promise<AssetRecord[]> {
    const rows = await tables<MediaTables>(db)
      .updateTable('media_assets')
      .set({ post_id: postId })
      .where('id', 'in', ids)
      .where('owner_id', '=', ownerId)
      .where((eb) => eb.or([eb('post_id', 'is', null), eb('post_id', '=', postId)]))
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }

  /** Takes off a post its assets not among `keep` (they become unattached); returns how many. */
  async detach(db: Kysely<any>, postId: string, keep: readonly string[]): Promise<number> {
    let query = tables<MediaTables>(db).updateTable('media_assets').set({ post_id: null }).where('post_id', '=', postId);
    if (keep.length > 0) query = query.where('id', 'not in', [...keep]);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteByPost(db: Kysely<any>, postId: string): Promise<AssetRecord[]> {
    const rows = await tables<MediaTables>(db).deleteFrom('media_assets').where('post_id', '=', postId).returningAll().execute();
    return rows.map(toRecord);
  }

  /** Deletes one unattached asset of this owner; null when there is none such. */
  async deleteUnattached(db: Kysely<any>, ownerId: string, id: string): Promise<AssetRecord | null> {
    const row = await tables<MediaTables>(db)
      .deleteFrom('media_assets')
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .where('post_id', 'is', null)
      .returningAll()
      .executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** Deletes unattached assets created before the cutoff, at most `limit` of them. */
  async deleteStale(db: Kysely<any>, cutoff: string, limit: number): Promise<AssetRecord[]> {
    const stale = tables<MediaTables>(db)
      .selectFrom('media_assets')
      .select('id')
      .where('post_id', 'is', null)
      .where('created_at', '<', cutoff)
      .orderBy('created_at')
      .limit(limit);
    const rows = await tables<MediaTables>(db)
      .deleteFrom('media_assets')
      .where('id', 'in', stale)
      .where('post_id', 'is', null)
      .returningAll()
      .execute();
    return rows.map(toRecord);
  }
}

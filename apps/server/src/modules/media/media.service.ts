import { stat } from 'node:fs/promises';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import type { Logger } from 'pino';
import type { MediaAsset, StorageQuota } from '@souk/contracts';
import type { MediaConfig } from '../../config/config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import { NotFoundError } from '../../platform/http/errors.js';
import { isId, newId } from '../../platform/ids.js';
import type { ObjectBody, ObjectStorage, RangeRequest, StoredObject } from '../../platform/storage/storage.js';
import { checkImage, MAX_INPUT_PIXELS, toSquareWebp, toWebp } from './image.js';
import {
  DuplicateMediaError,
  EmptyFileError,
  MediaAttachedError,
  MediaNotFoundError,
  MediaTooLargeError,
  QuotaExceededError,
  TooManyPixelsError,
  UnsupportedMediaError,
} from './media.errors.js';
import type { AssetKeys, AssetRecord, MediaStore } from './media.store.js';
import { containerOf, posterFrame, probeVideo, readHead, VIDEO_CONTENT_TYPES } from './video.js';

const AVATAR_SIZES = [256, 64] as const;
/** Long side of an image as shown in a post, and of its thumbnail in grids; never enlarged. */
export const FULL_SIDE = 1440;
export const THUMB_SIDE = 480;
/** A video's poster is shown full width before it plays, so it is sharper than a thumbnail. */
export const POSTER_SIDE = 720;
/** An upload nobody attached to a post within this time is deleted. */
export const UNATTACHED_TTL_MS = 24 * 3600_000;
const SWEEP_BATCH = 100;

export interface StoredImage {
  /** Key of the largest rendition; smaller ones share its stem. */
  key: string;
  url: string;
}

export interface MediaDeps {
  database: Database;
  store: MediaStore;
  storage: ObjectStorage;
  clock: Clock;
  logger: Logger;
  config: Pick<MediaConfig, 'imageMaxBytes' | 'videoMaxBytes' | 'quotaBytes'>;
  /** Uploads are received under `<dataDir>/tmp` before they are checked. */
  dataDir: string;
}

interface Rendition {
  key: string;
  body: ObjectBody;
  contentType: string;
  bytes: number;
}

/**
 * Uploaded images and videos. An upload is checked by its bytes, re-encoded
 * (images) or probed (videos), counted against its owner's quota and stored
 * as an unattached asset; a post then attaches it by id inside the post's
 * transaction. Assets nobody attaches within a day are swept.
 */
export class MediaService {
  constructor(private readonly deps: MediaDeps) {}

  get limits(): MediaDeps['config'] {
    return this.deps.config;
  }

  /** Where upload routes write a video while it is checked; the route deletes it afterwards. */
  get uploadDir(): string {
    return path.join(this.deps.dataDir, 'tmp');
  }

  /**
   * An image for a post: WebP at two sizes, upright, with no metadata left
   * (EXIF, GPS, XMP); an animated GIF keeps its first frame.
   */
  async storeImage(ownerId: string, bytes: Buffer): Promise<MediaAsset> {
    if (bytes.length > this.deps.config.imageMaxBytes) throw new MediaTooLargeError(this.deps.config.imageMaxBytes);
    await checkImage(bytes);
    const full = await toWebp(bytes, FULL_SIDE);
    // The thumbnail comes from the full rendition: already upright, and far cheaper to decode.
    const thumb = await toWebp(full.data, THUMB_SIDE);
    const id = newId('med');
    const renditions: Rendition[] = [
      { key: `images/${id}-${FULL_SIDE}.webp`, body: full.data, contentType: 'image/webp', bytes: full.data.length },
      { key: `images/${id}-${THUMB_SIDE}.webp`, body: thumb.data, contentType: 'image/webp', bytes: thumb.data.length },
    ];
    return this.saveAsset(renditions, {
      id,
      ownerId,
      kind: 'image',
      contentType: 'image/webp',
      width: full.width,
      height: full.height,
      durationMs: null,
    });
  }

  /**
   * A new asset for `ownerId` with copies of an image's stored renditions: the
   * same picture without encoding it again (the demo seed shows a few hundred
   * pictures on thousands of notes). The copy is the new owner's, counted
   * against their quota, and deleted with their post alone.
   */
  async copyImage(ownerId: string, sourceId: string): Promise<MediaAsset> {
    const [source] = await this.deps.store.byIds(this.deps.database.db, [sourceId]);
    if (!source || source.kind !== 'image') throw new MediaNotFoundError();
    const id = newId('med');
    const renditions = await Promise.all(
      [source.keys.main, source.keys.thumb].map(async (key): Promise<Rendition> => {
        const stored = await this.deps.storage.get(key);
        if (!stored) throw new MediaNotFoundError();
        const body = await buffer(stored.body);
        return { key: key.replace(source.id, id), body, contentType: stored.contentType, bytes: body.length };
      }),
    );
    return this.saveAsset(renditions, {
      id,
      ownerId,
      kind: 'image',
      contentType: source.contentType,
      width: source.width,
      height: source.height,
      durationMs: null,
    });
  }

  /**
   * A video for a post, from a local file the caller owns and deletes: MP4 or
   * WebM, recognised by its magic bytes and by the container ffprobe reads;
   * stored as uploaded, with a WebP poster frame as its thumbnail.
   */
  async storeVideo(ownerId: string, filePath: string): Promise<MediaAsset> {
    const { size } = await stat(filePath);
    if (size === 0) throw new EmptyFileError();
    if (size > this.deps.config.videoMaxBytes) throw new MediaTooLargeError(this.deps.config.videoMaxBytes);
    const container = containerOf(await readHead(filePath));
    if (!container) throw new UnsupportedMediaError('Upload an MP4 or WebM video.');
    // Refuse early when even the video alone would not fit, before running ffmpeg.
    await this.checkQuota(ownerId, size);
    const probe = await probeVideo(filePath, container);
    if (probe.width * probe.height > MAX_INPUT_PIXELS) throw new TooManyPixelsError(MAX_INPUT_PIXELS);
    const poster = await toWebp(await posterFrame(filePath, container, probe), POSTER_SIDE);
    const id = newId('med');
    const contentType = VIDEO_CONTENT_TYPES[container];
    const renditions: Rendition[] = [
      { key: `videos/${id}.${container}`, body: { file: filePath }, contentType, bytes: size },
      { key: `videos/${id}-poster.webp`, body: poster.data, contentType: 'image/webp', bytes: poster.data.length },
    ];
    return this.saveAsset(renditions, {
      id,
      ownerId,
      kind: 'video',
      contentType,
      width: probe.width,
      height: probe.height,
      durationMs: probe.durationMs,
    });
  }

  /**
   * Puts the owner's unattached assets on a post, inside the post's
   * transaction. Every id must be the owner's and free (or already on this
   * post); otherwise nothing is attached and MEDIA_NOT_FOUND is thrown.
   * Returns the assets in the order of `ids`, for the post to keep.
   */
  async attach(tx: TxContext, ownerId: string, postId: string, ids: string[]): Promise<MediaAsset[]> {
    if (ids.length === 0) return [];
    if (new Set(ids).size !== ids.length) throw new DuplicateMediaError();
    const attached = new Map((await this.deps.store.attach(tx.db, ownerId, postId, ids)).map((record) => [record.id, record]));
    const missing = ids.find((id) => !attached.has(id));
    // Throwing rolls the caller's transaction back, the partial attach with it.
    if (missing !== undefined) throw new MediaNotFoundError(missing);
    return ids.map((id) => this.toAsset(attached.get(id)!));
  }

  /**
   * Takes off a post (or product, review…) the assets it no longer shows, in
   * the caller's transaction: unattached, they are the sweep's to delete
   * (those uploaded over a day ago at its next run).
   */
  async detach(tx: TxContext, postId: string, keep: readonly string[]): Promise<number> {
    return this.deps.store.detach(tx.db, postId, keep);
  }

  /** Deletes a post's assets with the post; their files go once the transaction has committed. */
  async releasePost(tx: TxContext, postId: string): Promise<void> {
    const released = await this.deps.store.deleteByPost(tx.db, postId);
    if (released.length > 0) tx.afterCommit(() => this.deleteObjects(released));
  }

  /** Deletes an upload of the owner's that is not on a post. */
  async remove(ownerId: string, id: string): Promise<void> {
    const { database, store } = this.deps;
    if (!isId(id, 'med')) throw new NotFoundError('media');
    await database.transaction(async (tx) => {
      const removed = await store.deleteUnattached(tx.db, ownerId, id);
      if (!removed) {
        const [existing] = await store.byIds(tx.db, [id]);
        if (existing?.ownerId === ownerId) throw new MediaAttachedError();
        throw new NotFoundError('media');
      }
      tx.afterCommit(() => this.deleteObjects([removed]));
    });
  }

  /** The assets with these ids, in the same order; ids with no asset are left out. */
  async describe(ids: string[]): Promise<MediaAsset[]> {
    const records = new Map((await this.deps.store.byIds(this.deps.database.db, ids)).map((record) => [record.id, record]));
    return ids.flatMap((id) => {
      const record = records.get(id);
      return record ? [this.toAsset(record)] : [];
    });
  }

  async quota(ownerId: string): Promise<StorageQuota> {
    const usedBytes = await this.deps.store.usedBytes(this.deps.database.db, ownerId);
    return { usedBytes, limitBytes: this.deps.config.quotaBytes };
  }

  /** Deletes uploads left unattached for a day, with their files. Returns how many. */
  async sweepUnattached(): Promise<number> {
    const { database, store, clock } = this.deps;
    const cutoff = new Date(clock.now().getTime() - UNATTACHED_TTL_MS).toISOString();
    let total = 0;
    for (;;) {
      const swept = await database.transaction(async (tx) => {
        const stale = await store.deleteStale(tx.db, cutoff, SWEEP_BATCH);
        if (stale.length > 0) tx.afterCommit(() => this.deleteObjects(stale));
        return stale.length;
      });
      total += swept;
      if (swept < SWEEP_BATCH) return total;
    }
  }

  /**
   * Re-encodes an avatar: orientation applied, cropped square, WebP in two
   * sizes, no metadata. Avatars are not assets: one per user, replaced in place.
   */
  async storeAvatar(bytes: Buffer): Promise<StoredImage> {
    await checkImage(bytes);
    const id = newId('med');
    const renditions = await Promise.all(
      AVATAR_SIZES.map(async (size) => ({ key: `avatars/${id}-${size}.webp`, data: await toSquareWebp(bytes, size) })),
    );
    for (const rendition of renditions) await this.deps.storage.put(rendition.key, rendition.data, 'image/webp');
    const key = renditions[0]!.key;
    return { key, url: this.urlOf(key) };
  }

  async deleteImage(key: string): Promise<void> {
    const stem = key.replace(/-\d+\.webp$/, '');
    await Promise.all(AVATAR_SIZES.map((size) => this.deps.storage.delete(`${stem}-${size}.webp`)));
  }

  urlOf(key: string): string {
    return `/api/media/${key}`;
  }

  /** A stored file, or part of it; throws RangeNotSatisfiableError for a range outside it. */
  open(key: string, range?: RangeRequest): Promise<StoredObject | null> {
    return this.deps.storage.get(key, range);
  }

  private toAsset(record: AssetRecord): MediaAsset {
    return {
      id: record.id,
      kind: record.kind,
      url: this.urlOf(record.keys.main),
      thumbUrl: this.urlOf(record.keys.thumb),
      width: record.width,
      height: record.height,
      durationMs: record.durationMs,
      contentType: record.contentType,
      bytes: record.bytes,
    };
  }

  private async checkQuota(ownerId: string, adding: number, db = this.deps.database.db): Promise<void> {
    const used = await this.deps.store.usedBytes(db, ownerId);
    if (used + adding > this.deps.config.quotaBytes) throw new QuotaExceededError(used, this.deps.config.quotaBytes);
  }

  /**
   * Stores the files, then the row. The quota is checked before anything is
   * written and again under the owner's lock in the inserting transaction, so
   * two uploads at once cannot both squeeze in. A failure removes the files:
   * a refused upload leaves nothing behind.
   */
  private async saveAsset(renditions: Rendition[], asset: Omit<AssetRecord, 'keys' | 'bytes' | 'postId' | 'createdAt'>): Promise<MediaAsset> {
    const { database, store, storage, clock } = this.deps;
    const bytes = renditions.reduce((sum, rendition) => sum + rendition.bytes, 0);
    await this.checkQuota(asset.ownerId, bytes);
    const record: AssetRecord = {
      ...asset,
      keys: { main: renditions[0]!.key, thumb: renditions[1]!.key } satisfies AssetKeys,
      bytes,
      postId: null,
      createdAt: clock.now().toISOString(),
    };
    const written: Rendition[] = [];
    try {
      for (const rendition of renditions) {
        written.push(rendition);
        await storage.put(rendition.key, rendition.body, rendition.contentType);
      }
      await database.transaction(async (tx) => {
        await store.lockOwner(tx.db, tx.dialect, asset.ownerId);
        await this.checkQuota(asset.ownerId, bytes, tx.db);
        await store.insert(tx.db, record);
      });
    } catch (error) {
      await Promise.all(written.map((rendition) => storage.delete(rendition.key).catch(() => undefined)));
      throw error;
    }
    return this.toAsset(record);
  }

  private async deleteObjects(records: AssetRecord[]): Promise<void> {
    const keys = records.flatMap((record) => [record.keys.main, record.keys.thumb]);
    const results = await Promise.allSettled(keys.map((key) => this.deps.storage.delete(key)));
    const failed = keys.filter((_, i) => results[i]!.status === 'rejected');
    // The rows are gone either way; a file left behind costs disk, not correctness.
    if (failed.length > 0) this.deps.logger.warn({ keys: failed }, 'could not delete media files');
  }
}

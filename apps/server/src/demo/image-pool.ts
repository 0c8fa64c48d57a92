import { buffer } from 'node:stream/consumers';
import type { MediaAsset } from '@souk/contracts';
import { MediaStore, type MediaService } from '../modules/media/index.js';
import type { Clock } from '../platform/clock.js';
import type { Database } from '../platform/db/database.js';
import { newId } from '../platform/ids.js';
import type { ObjectStorage } from '../platform/storage/storage.js';
import { renderPicture } from './images.js';
import { Random } from './random.js';
import type { Topic } from './topics.js';

/** One of the pictures drawn for a topic; the same picture may appear on many notes. */
export interface Picture {
  topic: Topic;
  index: number;
}

interface Source {
  asset: MediaAsset;
  main: { key: string; bytes: Buffer };
  thumb: { key: string; bytes: Buffer };
}

interface Entry {
  ownerId: string;
  claimed: boolean;
  source: Promise<Source>;
}

/** Rasterising and WebP-encoding run on libuv's threads: two at once use the core the database work leaves. */
const ENCODERS = 2;

export interface ImagePoolDeps {
  media: MediaService;
  storage: ObjectStorage;
  database: Database;
  clock: Clock;
}

/**
 * Images for thousands of notes from a few hundred pictures. Encoding one
 * picture costs tens of milliseconds of WebP work, too slow to repeat five
 * thousand times on two cores, so each picture goes through the real upload
 * pipeline once (MediaService.storeImage: checked, re-encoded, metadata
 * stripped), on the first note that shows it; every later note gets its own
 * asset whose files are copies of those renditions. Each note thus owns its
 * assets, and deleting one note deletes only its own files.
 *
 * The copy writes the media module's files and row itself, through the
 * module's exported store, because MediaService has no copy operation yet.
 */
export class ImagePool {
  private readonly entries = new Map<string, Entry>();
  private readonly store = new MediaStore();

  constructor(private readonly deps: ImagePoolDeps) {}

  /**
   * Starts uploading each picture for the owner of the first note that shows
   * it, in that order, a few at a time, so the notes seldom wait.
   */
  warm(firstUses: Array<{ picture: Picture; ownerId: string }>): void {
    const queue = firstUses.map(({ picture, ownerId }) => {
      let settle!: { resolve: (source: Source) => void; reject: (error: unknown) => void };
      const source = new Promise<Source>((resolve, reject) => (settle = { resolve, reject }));
      // Awaited later by the note that needs it; never left as an unhandled rejection meanwhile.
      source.catch(() => undefined);
      this.entries.set(keyOf(picture), { ownerId, claimed: false, source });
      return () => this.upload(picture, ownerId).then(settle.resolve, settle.reject);
    });
    const worker = async () => {
      for (let job = queue.shift(); job; job = queue.shift()) await job();
    };
    for (let i = 0; i < ENCODERS; i++) void worker();
  }

  /** Unattached assets of `ownerId` showing these pictures, in order, ready for a post to attach. */
  async assetIds(ownerId: string, pictures: Picture[]): Promise<string[]> {
    return Promise.all(
      pictures.map(async (picture) => {
        let entry = this.entries.get(keyOf(picture));
        if (!entry) {
          entry = { ownerId, claimed: false, source: this.upload(picture, ownerId) };
          this.entries.set(keyOf(picture), entry);
        }
        const source = await entry.source;
        if (!entry.claimed && entry.ownerId === ownerId) {
          entry.claimed = true;
          return source.asset.id;
        }
        return this.copy(source, ownerId);
      }),
    );
  }

  private async upload(picture: Picture, ownerId: string): Promise<Source> {
    const { media } = this.deps;
    const png = await renderPicture(picture.topic, new Random(`picture:${keyOf(picture)}`));
    const asset = await media.storeImage(ownerId, png);
    const prefix = media.urlOf('');
    const [main, thumb] = await Promise.all([asset.url, asset.thumbUrl].map((url) => this.read(url.slice(prefix.length))));
    return { asset, main: main!, thumb: thumb! };
  }

  private async read(key: string): Promise<{ key: string; bytes: Buffer }> {
    const stored = await this.deps.media.open(key);
    if (!stored) throw new Error(`demo picture ${key} vanished after upload`);
    return { key, bytes: await buffer(stored.body) };
  }

  private async copy(source: Source, ownerId: string): Promise<string> {
    const { storage, database, clock } = this.deps;
    const id = newId('med');
    // Same naming as the source's renditions, with the new asset's id.
    const main = source.main.key.replace(source.asset.id, id);
    const thumb = source.thumb.key.replace(source.asset.id, id);
    await Promise.all([storage.put(main, source.main.bytes, 'image/webp'), storage.put(thumb, source.thumb.bytes, 'image/webp')]);
    await this.store.insert(database.db, {
      id,
      ownerId,
      kind: 'image',
      keys: { main, thumb },
      contentType: source.asset.contentType,
      bytes: source.asset.bytes,
      width: source.asset.width,
      height: source.asset.height,
      durationMs: null,
      postId: null,
      createdAt: clock.now().toISOString(),
    });
    return id;
  }
}

function keyOf(picture: Picture): string {
  return `${picture.topic}:${picture.index}`;
}

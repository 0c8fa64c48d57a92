import type { MediaAsset } from '@souk/contracts';
import type { MediaService } from '../modules/media/index.js';
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
}

/**
 * Images for thousands of notes from a few hundred pictures. Encoding one
 * picture costs tens of milliseconds of WebP work, too slow to repeat five
 * thousand times on two cores, so each picture goes through the real upload
 * pipeline once (MediaService.storeImage: checked, re-encoded, metadata
 * stripped), on the first note that shows it; every later note gets its own
 * asset whose files are copies of those renditions. Each note thus owns its
 * assets, and deleting one note deletes only its own files.
 */
export class ImagePool {
  private readonly entries = new Map<string, Entry>();

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
    const png = await renderPicture(picture.topic, new Random(`picture:${keyOf(picture)}`));
    return { asset: await this.deps.media.storeImage(ownerId, png) };
  }

  private async copy(source: Source, ownerId: string): Promise<string> {
    return (await this.deps.media.copyImage(ownerId, source.asset.id)).id;
  }

}

function keyOf(picture: Picture): string {
  return `${picture.topic}:${picture.index}`;
}

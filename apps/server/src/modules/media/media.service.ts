import sharp from 'sharp';
import { newId } from '../../platform/ids.js';
import type { ObjectStorage, StoredObject } from '../../platform/storage/storage.js';
import { UnsupportedMediaError } from './media.errors.js';

/** Formats recognised by their bytes (sharp reads the header), never by file name or declared type; AVIF reports as heif. */
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
const AVATAR_SIZES = [256, 64] as const;
/** Refuse decompression bombs: a small file that decodes to a huge bitmap. */
const MAX_INPUT_PIXELS = 40_000_000;

export interface StoredImage {
  /** Key of the largest rendition; smaller ones share its stem. */
  key: string;
  url: string;
}

export class MediaService {
  constructor(private readonly storage: ObjectStorage) {}

  /**
   * Re-encodes an avatar: orientation applied, cropped square, WebP in two
   * sizes. Re-encoding drops every metadata block (EXIF, GPS, XMP) because
   * sharp writes none unless asked.
   */
  async storeAvatar(bytes: Buffer): Promise<StoredImage> {
    const format = await this.sniffImage(bytes);
    if (!format) throw new UnsupportedMediaError();
    const id = newId('med');
    const renditions = await Promise.all(
      AVATAR_SIZES.map(async (size) => ({
        key: `avatars/${id}-${size}.webp`,
        data: await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
          .rotate()
          .resize(size, size, { fit: 'cover', position: 'attention' })
          .webp({ quality: 82 })
          .toBuffer(),
      })),
    ).catch(() => {
      throw new UnsupportedMediaError('The image could not be read.');
    });
    for (const rendition of renditions) await this.storage.put(rendition.key, rendition.data, 'image/webp');
    const key = renditions[0]!.key;
    return { key, url: this.urlOf(key) };
  }

  async deleteImage(key: string): Promise<void> {
    const stem = key.replace(/-\d+\.webp$/, '');
    await Promise.all(AVATAR_SIZES.map((size) => this.storage.delete(`${stem}-${size}.webp`)));
  }

  urlOf(key: string): string {
    return `/api/media/${key}`;
  }

  open(key: string): Promise<StoredObject | null> {
    return this.storage.get(key);
  }

  private async sniffImage(bytes: Buffer): Promise<string | null> {
    try {
      const { format, width, height } = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
      if (!format || !IMAGE_FORMATS.has(format) || !width || !height) return null;
      return format;
    } catch {
      return null;
    }
  }
}

import sharp from 'sharp';
import { EmptyFileError, TooManyPixelsError, UnsupportedMediaError } from './media.errors.js';

/** Formats recognised by their bytes (sharp reads the header), never by file name or declared type; AVIF reports as heif. */
const IMAGE_FORMATS = new Set(['jpeg', 'png', 'webp', 'gif', 'avif', 'heif', 'tiff']);
/** Refuse decompression bombs: a small file that decodes to a huge bitmap. 40 Mpx covers every phone camera. */
export const MAX_INPUT_PIXELS = 40_000_000;

export interface WebpRendition {
  data: Buffer;
  width: number;
  height: number;
}

/**
 * Checks that the bytes are an image sharp can decode, in a format we accept,
 * within the pixel limit, before any pixel is decoded.
 */
export async function checkImage(bytes: Buffer): Promise<void> {
  if (bytes.length === 0) throw new EmptyFileError();
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS }).metadata();
  } catch (error) {
    if (/pixel limit/i.test((error as Error).message)) throw new TooManyPixelsError(MAX_INPUT_PIXELS);
    throw new UnsupportedMediaError();
  }
  const { format, width, height } = metadata;
  if (!format || !IMAGE_FORMATS.has(format) || !width || !height) throw new UnsupportedMediaError();
  if (width * height > MAX_INPUT_PIXELS) throw new TooManyPixelsError(MAX_INPUT_PIXELS);
}

/**
 * Re-encodes an image as WebP whose long side is at most `longSide` (never
 * enlarged), upright (EXIF orientation applied), first frame only. Nothing of
 * the original's metadata (EXIF, GPS, XMP, ICC) is written: sharp writes none
 * unless asked.
 */
export async function toWebp(input: Buffer, longSide: number, quality = 82): Promise<WebpRendition> {
  try {
    const { data, info } = await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(longSide, longSide, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality })
      .toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height };
  } catch {
    throw new UnsupportedMediaError('The image could not be read.');
  }
}

/** A square WebP cropped around the most interesting part (avatars). */
export async function toSquareWebp(input: Buffer, size: number): Promise<Buffer> {
  try {
    return await sharp(input, { limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize(size, size, { fit: 'cover', position: 'attention' })
      .webp({ quality: 82 })
      .toBuffer();
  } catch {
    throw new UnsupportedMediaError('The image could not be read.');
  }
}

import { constants } from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { RangeNotSatisfiableError, resolveRange, type ObjectBody, type ObjectStorage, type RangeRequest, type StoredObject } from './storage.js';

const CONTENT_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
};

const KEY_PATTERN = /^[a-z0-9_-]+(\/[A-Za-z0-9_.-]+)+$/;

/** Objects as files under one directory; the content type follows from the key's extension. */
export class DiskStorage implements ObjectStorage {
  constructor(private readonly root: string) {}

  async put(key: string, body: ObjectBody, _contentType: string): Promise<void> {
    const file = this.pathOf(key);
    await fsp.mkdir(path.dirname(file), { recursive: true });
    // Write then rename, so a reader never sees half a file.
    const temp = `${file}.${process.pid}.tmp`;
    try {
      if (Buffer.isBuffer(body)) await fsp.writeFile(temp, body);
      else await fsp.copyFile(body.file, temp, constants.COPYFILE_FICLONE);
      await fsp.rename(temp, file);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string, range?: RangeRequest): Promise<StoredObject | null> {
    const file = this.pathOf(key);
    // Read through an open handle, so a delete between here and the last byte cannot cut the response short.
    let handle: fsp.FileHandle;
    try {
      handle = await fsp.open(file, 'r');
    } catch {
      return null;
    }
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      const contentType = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
      const resolved = range ? resolveRange(range, stat.size) : null;
      if (range && !resolved) throw new RangeNotSatisfiableError(stat.size);
      return { body: handle.createReadStream(resolved ?? {}), size: stat.size, contentType, range: resolved };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fsp.rm(this.pathOf(key), { force: true });
  }

  /** Keys are checked against a strict pattern, so no key can escape the root with `..`. */
  private pathOf(key: string): string {
    if (!KEY_PATTERN.test(key) || key.includes('..')) throw new Error(`Invalid storage key: ${key}`);
    return path.join(this.root, key);
  }
}

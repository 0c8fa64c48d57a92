import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const PREFIX = 'v1:';
const KEY_FILE = 'wallet-secret.key';

/**
 * Seals the wallet's stored secrets (pay-code device keys) with AES-256-GCM,
 * so a copy of the database alone cannot mint a payer's codes. The key comes
 * from SOUK_SECRET_KEY (every process of a deployment must share it), or, for
 * a single process, from a key file made once in the data directory.
 */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  static load(options: { configuredKey: string | null; dataDir: string }): SecretBox {
    if (options.configuredKey) return new SecretBox(Buffer.from(options.configuredKey, 'hex'));
    const file = path.join(options.dataDir, KEY_FILE);
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new SecretBox(Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex'));
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
  }

  open(sealed: string): string {
    if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed secret');
    const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }

  /** A stable secret for a purpose, derived from the key (the funding webhooks' signing secret by default). */
  derive(purpose: string): string {
    return createHmac('sha256', this.key).update(purpose).digest('hex');
  }
}

import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914), in a PHC-style string that keeps
 * its parameters: `$scrypt$ln=17,r=8,p=1$<salt>$<hash>`. The default
 * N = 2^17, r = 8, p = 1 (128 MiB, OWASP's recommendation) is set by
 * SOUK_SCRYPT_LOG2N; hashes made with other parameters still verify, and are
 * upgraded at the next log-in.
 */
export interface ScryptParams {
  log2N: number;
  r: number;
  p: number;
}

const KEY_LENGTH = 32;

function derive(password: string, salt: Buffer, params: ScryptParams): Promise<Buffer> {
  const N = 2 ** params.log2N;
  const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: ScryptParams): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, params);
  return `$scrypt$ln=${params.log2N},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export function parseParams(encoded: string): ScryptParams | null {
  const match = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$/.exec(encoded);
  return match ? { log2N: Number(match[1]), r: Number(match[2]), p: Number(match[3]) } : null;
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const params = parseParams(encoded);
  const [, , , salt, key] = encoded.split('$');
  if (!params || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), params);
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

export function needsRehash(encoded: string, params: ScryptParams): boolean {
  const current = parseParams(encoded);
  return !current || current.log2N !== params.log2N || current.r !== params.r || current.p !== params.p;
}

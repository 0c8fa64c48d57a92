import { randomBytes } from 'node:crypto';

/**
 * Time-ordered ids with a type prefix, e.g. `usr_01JD3X...`: a 48-bit
 * millisecond timestamp then 80 random bits, in Crockford base32 (the ULID
 * layout), so ids sort by creation time as plain strings in SQLite and
 * PostgreSQL alike and keyset pagination can use them directly.
 */
export type IdPrefix = 'usr' | 'ses' | 'ntf' | 'evt' | 'med' | 'pst' | 'cmt' | 'col' | 'acc' | 'jnl' | 'fnd' | 'hld' | 'pay' | 'rfd' | 'mqr' | 'dev' | 'rpk' | 'fni' | 'shp' | 'prd' | 'sku';

const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let lastTime = 0;
let lastRandom = new Uint8Array(10);

function encodeTime(ms: number): string {
  let out = '';
  for (let i = 0; i < 10; i++) {
    out = ALPHABET[ms % 32] + out;
    ms = Math.floor(ms / 32);
  }
  return out;
}

function encodeRandom(bytes: Uint8Array): string {
  // 80 bits -> 16 base32 characters, 5 bits at a time.
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
  }
  return out;
}

/** Within one millisecond the random part is incremented, so ids from one process stay strictly ordered. */
function nextRandom(now: number): Uint8Array {
  if (now > lastTime) {
    lastTime = now;
    lastRandom = randomBytes(10);
    return lastRandom;
  }
  const next = Uint8Array.from(lastRandom);
  for (let i = next.length - 1; i >= 0; i--) {
    next[i] = (next[i]! + 1) & 0xff;
    if (next[i] !== 0) break;
  }
  lastRandom = next;
  return next;
}

export function newId(prefix: IdPrefix, now = Date.now()): string {
  const time = Math.max(now, lastTime);
  return `${prefix}_${encodeTime(time)}${encodeRandom(nextRandom(time))}`;
}

const ID_PATTERN = /^[a-z]{3}_[0-9A-HJKMNP-TV-Z]{26}$/;

export function isId(value: string, prefix?: IdPrefix): boolean {
  return ID_PATTERN.test(value) && (prefix === undefined || value.startsWith(`${prefix}_`));
}

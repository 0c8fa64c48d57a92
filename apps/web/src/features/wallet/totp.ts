/**
 * The payer's pay code: the device's 10-digit prefix, then an 8-digit TOTP
 * (RFC 6238 with HMAC-SHA256 and RFC 4226's dynamic truncation) over the
 * period counter, computed with WebCrypto from the secret the server gave
 * this device once.
 */

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const TOTP_DIGITS = 8;

/** RFC 4648 base32 to bytes; padding, spaces and case are ignored. Throws on any other character. */
export function base32Decode(text: string): Uint8Array {
  const clean = text.replace(/[\s=]/g, '').toUpperCase();
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of clean) {
    const value = BASE32.indexOf(char);
    if (value === -1) throw new Error(`Not a base32 character: ${char}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return new Uint8Array(bytes);
}

/** RFC 4226 HOTP over HMAC-SHA256: `digits` decimal digits of the truncated MAC of the 8-byte big-endian counter. */
export async function hotp(secret: Uint8Array, counter: number, digits = TOTP_DIGITS): Promise<string> {
  const key = await crypto.subtle.importKey('raw', secret as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const message = new DataView(new ArrayBuffer(8));
  // Split in two 32-bit halves: counters past 2^32 (far future, small periods) stay exact.
  message.setUint32(0, Math.floor(counter / 2 ** 32));
  message.setUint32(4, counter >>> 0);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, message.buffer));
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

export interface PayCodeSecret {
  secret: string;
  prefix: string;
  periodSeconds: number;
}

export interface CurrentPayCode {
  /** 18 digits: the prefix, then the TOTP. */
  code: string;
  /** When this code stops being current (ms since the epoch). */
  expiresAt: number;
}

/** The code to show at `now` (ms since the epoch), and when the next one replaces it. */
export async function currentPayCode(device: PayCodeSecret, now: number): Promise<CurrentPayCode> {
  const counter = Math.floor(now / 1000 / device.periodSeconds);
  const totp = await hotp(base32Decode(device.secret), counter);
  return { code: device.prefix + totp, expiresAt: (counter + 1) * device.periodSeconds * 1000 };
}

/** "1234 5678 9012 3456 78": easier to read aloud or type at a till. */
export function groupDigits(code: string): string {
  return code.replace(/(\d{4})(?=\d)/g, '$1 ');
}

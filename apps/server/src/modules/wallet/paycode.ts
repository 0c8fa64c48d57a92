import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { PayCodeDevice } from '@souk/contracts';
import type { SecretBox } from './secret-box.js';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { PayCodeDeviceNotFoundError } from './merchant.errors.js';
import type { MerchantStore, PayCodeDeviceRecord } from './merchant.store.js';
import type { PinService } from './pin.service.js';

/**
 * The consumer-presented pay code (付款码): the payer's phone shows 18 digits
 * that a merchant scans or types to charge them. The first ten are the
 * device's fixed prefix ("28" then eight random digits), by which the server
 * finds the device; the last eight are a TOTP (RFC 6238) over 60-second
 * windows: HMAC-SHA256 of the 8-byte big-endian window counter, RFC 4226's
 * dynamic truncation, mod 10^8, zero-padded. The web computes the same with
 * WebCrypto (apps/web/src/features/wallet/totp.ts): change both or neither.
 *
 * A code is accepted in its own window and the one after (a code shown at
 * 11:59:58 still works when typed at 12:00:03), and each (device, window) is
 * charged at most once: a replayed code is refused.
 */

export const PAY_CODE_PERIOD_SECONDS = 60;
export const PAY_CODE_DIGITS = 8;
export const PAY_CODE_PREFIX_LENGTH = 10;
/** Like the bank-card-sized codes of Alipay (25–30) and WeChat Pay (10–15), every Souk pay code starts with 28. */
export const PAY_CODE_PREFIX_START = '28';
const SECRET_BYTES = 20;

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32, unpadded (20 bytes make exactly 32 characters). */
export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = ((buffer << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(buffer >> bits) & 31];
    }
  }
  if (bits > 0) out += BASE32[(buffer << (5 - bits)) & 31];
  return out;
}

/** RFC 4648 base32 to bytes; padding and case are ignored. Throws on any other character. */
export function base32Decode(text: string): Buffer {
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of text.replace(/=+$/, '').toUpperCase()) {
    const value = BASE32.indexOf(char);
    if (value === -1) throw new Error(`Not a base32 character: ${char}`);
    buffer = ((buffer << 5) | value) & 0xffff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 4226 HOTP with HMAC-SHA256: `digits` decimal digits of the dynamically truncated MAC of the counter. */
export function hotp(secret: Uint8Array, counter: number, digits = PAY_CODE_DIGITS): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha256', secret).update(message).digest();
  const offset = mac[mac.length - 1]! & 0x0f;
  const binary = ((mac[offset]! & 0x7f) << 24) | (mac[offset + 1]! << 16) | (mac[offset + 2]! << 8) | mac[offset + 3]!;
  return String(binary % 10 ** digits).padStart(digits, '0');
}

/** The 60-second window `now` falls in. */
export function payCodeCounter(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PAY_CODE_PERIOD_SECONDS);
}

/** The full 18-digit code a device shows at `now`. */
export function payCodeAt(device: { secret: string; prefix: string }, now: Date): string {
  return device.prefix + hotp(base32Decode(device.secret), payCodeCounter(now));
}

export function splitPayCode(code: string): { prefix: string; otp: string } {
  return { prefix: code.slice(0, PAY_CODE_PREFIX_LENGTH), otp: code.slice(PAY_CODE_PREFIX_LENGTH) };
}

/**
 * The window whose code `otp` is, when it is the current or the previous
 * one; null otherwise. Compared in constant time.
 */
export function matchPayCode(secret: string, otp: string, now: Date): number | null {
  if (!/^\d{8}$/.test(otp)) return null;
  const key = base32Decode(secret);
  const current = payCodeCounter(now);
  let matched: number | null = null;
  for (const counter of [current, current - 1]) {
    // Both windows are always computed, so the time taken says nothing about which matched.
    if (timingSafeEqual(Buffer.from(hotp(key, counter)), Buffer.from(otp)) && matched === null) matched = counter;
  }
  return matched;
}

export function newDeviceSecret(): string {
  return base32Encode(randomBytes(SECRET_BYTES));
}

export function newDevicePrefix(): string {
  const rest = PAY_CODE_PREFIX_LENGTH - PAY_CODE_PREFIX_START.length;
  return PAY_CODE_PREFIX_START + String(randomInt(0, 10 ** rest)).padStart(rest, '0');
}

const PREFIX_TRIES = 8;

/**
 * Payers' pay-code devices. Registering needs the payment PIN (the device
 * will be able to spend without it); the secret is returned once, here, and
 * never again. Removing a device retires its prefix for good, so an old
 * code can never match a new device.
 */
export class PayCodeDevices {
  constructor(private readonly deps: { database: Database; store: MerchantStore; pins: PinService; clock: Clock; secrets: SecretBox }) {}

  async register(userId: string, pin: string): Promise<PayCodeDevice> {
    const { database, store, pins, clock } = this.deps;
    await pins.check(userId, pin, true);
    const secret = newDeviceSecret();
    // 10^8 prefixes: a collision is rare, and the unique index makes it a retry rather than a shared prefix.
    for (let attempt = 0; attempt < PREFIX_TRIES; attempt++) {
      // Stored sealed: a copy of the database alone cannot mint this payer's codes.
      const device: PayCodeDeviceRecord = { id: newId('dev'), userId, prefix: newDevicePrefix(), secret: this.deps.secrets.seal(secret), createdAt: clock.now().toISOString(), revokedAt: null };
      if (await store.insertDevice(database.db, device)) {
        return { deviceId: device.id, secret, prefix: device.prefix, periodSeconds: PAY_CODE_PERIOD_SECONDS };
      }
    }
    throw new Error('no free pay-code prefix after several tries');
  }

  async revoke(userId: string, deviceId: string): Promise<void> {
    const { database, store, clock } = this.deps;
    if (!(await store.revokeDevice(database.db, userId, deviceId, clock.now().toISOString()))) throw new PayCodeDeviceNotFoundError();
  }
}

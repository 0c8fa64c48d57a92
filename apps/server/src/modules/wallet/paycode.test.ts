import { describe, expect, it } from 'vitest';
import {
  base32Decode,
  base32Encode,
  hotp,
  matchPayCode,
  newDevicePrefix,
  newDeviceSecret,
  PAY_CODE_PERIOD_SECONDS,
  payCodeAt,
  payCodeCounter,
  splitPayCode,
} from './paycode.js';

// RFC 6238 appendix B: the SHA-256 seed is this 32-byte ASCII string.
const RFC_SEED = '12345678901234567890123456789012';
const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe('base32 (RFC 4648)', () => {
  it('gives the RFC 4648 test vectors and reads them back', () => {
    const vectors: Array<[string, string]> = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [text, encoded] of vectors) {
      expect(base32Encode(Buffer.from(text))).toBe(encoded);
      expect(base32Decode(encoded).toString()).toBe(text);
    }
    expect(base32Decode('mzxw6yq=').toString()).toBe('foob');
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });
});

describe('the pay-code TOTP (HMAC-SHA256, RFC 4226 truncation, 8 digits)', () => {
  it.each([
    [59, '46119246'],
    [1111111109, '68084774'],
    [1111111111, '67062674'],
    [1234567890, '91819424'],
    [2000000000, '90698825'],
    [20000000000, '77737706'],
  ])('gives RFC 6238’s SHA-256 test vector at T = %d s (30-second steps)', (seconds, expected) => {
    expect(hotp(Buffer.from(RFC_SEED), Math.floor(seconds / 30))).toBe(expected);
  });

  // The same vectors the web's WebCrypto implementation is tested on (computed independently, with Python's hmac).
  it.each([
    [0, '65031423'],
    [1, '26326456'],
    [29_000_000, '75297341'],
    [2 ** 32 + 5, '97593845'],
  ])('agrees with the web and an independent HMAC at counter %d', (counter, expected) => {
    expect(hotp(base32Decode(SECRET), counter)).toBe(expected);
  });

  it('counts 60-second windows and puts the device prefix first', () => {
    expect(PAY_CODE_PERIOD_SECONDS).toBe(60);
    const start = new Date(1_700_000_040_000); // a multiple of 60 s
    expect(payCodeCounter(start)).toBe(28_333_334);
    expect(payCodeCounter(new Date(start.getTime() + 59_999))).toBe(28_333_334);
    expect(payCodeCounter(new Date(start.getTime() + 60_000))).toBe(28_333_335);
    const code = payCodeAt({ secret: SECRET, prefix: '2812345678' }, start);
    expect(code).toBe(`2812345678${hotp(base32Decode(SECRET), 28_333_334)}`);
    expect(splitPayCode(code)).toEqual({ prefix: '2812345678', otp: code.slice(10) });
  });
});

describe('matching a presented code', () => {
  const now = new Date('2026-03-02T09:00:30.000Z');
  const counter = payCodeCounter(now);
  const otpAt = (window: number) => hotp(base32Decode(SECRET), window);

  it('accepts the current and the previous window, and says which', () => {
    expect(matchPayCode(SECRET, otpAt(counter), now)).toBe(counter);
    expect(matchPayCode(SECRET, otpAt(counter - 1), now)).toBe(counter - 1);
  });

  it('refuses older and future windows, other digits and malformed input', () => {
    expect(matchPayCode(SECRET, otpAt(counter - 2), now)).toBeNull();
    expect(matchPayCode(SECRET, otpAt(counter + 1), now)).toBeNull();
    const wrong = String((Number(otpAt(counter)) + 1) % 10 ** 8).padStart(8, '0');
    expect(matchPayCode(SECRET, wrong, now)).toBeNull();
    expect(matchPayCode(SECRET, otpAt(counter).slice(1), now)).toBeNull();
    expect(matchPayCode(SECRET, 'abcdefgh', now)).toBeNull();
    // Another device's secret gives other digits.
    expect(matchPayCode(base32Encode(Buffer.alloc(20, 7)), otpAt(counter), now)).toBeNull();
  });
});

describe('new devices', () => {
  it('get 20 random bytes as secret and a ten-digit prefix starting 28', () => {
    const secrets = new Set<string>();
    for (let i = 0; i < 50; i++) {
      const secret = newDeviceSecret();
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(base32Decode(secret)).toHaveLength(20);
      secrets.add(secret);
      expect(newDevicePrefix()).toMatch(/^28\d{8}$/);
    }
    expect(secrets.size).toBe(50);
  });
});

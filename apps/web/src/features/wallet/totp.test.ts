import { describe, expect, it } from 'vitest';
import { base32Decode, currentPayCode, groupDigits, hotp } from './totp.js';

// RFC 6238 appendix B: the SHA-256 seed is this 32-byte ASCII string, in base32 below.
const RFC_SEED = '12345678901234567890123456789012';
const RFC_SEED_BASE32 = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====';

describe('base32Decode', () => {
  it('reads RFC 4648 base32, with or without padding and in any case', () => {
    expect(new TextDecoder().decode(base32Decode(RFC_SEED_BASE32))).toBe(RFC_SEED);
    expect(new TextDecoder().decode(base32Decode('mzxw6ytboi'))).toBe('foobar');
    expect(new TextDecoder().decode(base32Decode('MZXW6YQ='))).toBe('foob');
    expect(base32Decode('')).toEqual(new Uint8Array());
  });

  it('refuses characters outside the alphabet', () => {
    expect(() => base32Decode('MZXW1')).toThrow(/base32/);
  });
});

describe('pay code TOTP', () => {
  it.each([
    [59, '46119246'],
    [1111111109, '68084774'],
    [1111111111, '67062674'],
    [1234567890, '91819424'],
    [2000000000, '90698825'],
    [20000000000, '77737706'],
  ])('gives RFC 6238’s SHA-256 test vector at T = %d s (30 s steps)', async (seconds, expected) => {
    const device = { secret: RFC_SEED_BASE32, prefix: '', periodSeconds: 30 };
    expect((await currentPayCode(device, seconds * 1000)).code).toBe(expected);
  });

  // Computed outside this code (Python's hmac over the same secret), 60-second counters included past 2^32.
  it.each([
    [0, '65031423'],
    [1, '26326456'],
    [29_000_000, '75297341'],
    [2 ** 32 + 5, '97593845'],
  ])('agrees with an independent HMAC-SHA256 truncation at counter %d', async (counter, expected) => {
    expect(await hotp(base32Decode('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'), counter)).toBe(expected);
  });

  it('puts the device prefix first and rotates at the period boundary', async () => {
    const device = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', prefix: '1234567890', periodSeconds: 60 };
    const start = 1_700_000_040_000; // a multiple of 60 s
    const first = await currentPayCode(device, start);
    const sameWindow = await currentPayCode(device, start + 59_999);
    const next = await currentPayCode(device, start + 60_000);
    expect(first.code).toMatch(/^1234567890\d{8}$/);
    expect(first.expiresAt).toBe(start + 60_000);
    expect(sameWindow.code).toBe(first.code);
    expect(next.code).not.toBe(first.code);
    expect(next.expiresAt).toBe(start + 120_000);
  });

  it('groups the digits in fours for reading', () => {
    expect(groupDigits('123456789012345678')).toBe('1234 5678 9012 3456 78');
  });
});

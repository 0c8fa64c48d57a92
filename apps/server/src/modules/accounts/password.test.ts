import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, parseParams, verifyPassword } from './password.js';

const cheap = { log2N: 10, r: 8, p: 1 };

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const a = await hashPassword('mot de passe été 密码', cheap);
    const b = await hashPassword('mot de passe été 密码', cheap);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$/);
    expect(await verifyPassword('mot de passe été 密码', a)).toBe(true);
    expect(await verifyPassword('mot de passe ete 密码', a)).toBe(false);
  });

  it('treats composed and decomposed accents as the same password (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9 crème', cheap);
    expect(await verifyPassword('cafe\u0301 cre\u0300me', hash)).toBe(true);
  });

  it('keeps its parameters, so a change of cost asks for a rehash', async () => {
    const hash = await hashPassword('secret secret', cheap);
    expect(parseParams(hash)).toEqual(cheap);
    expect(needsRehash(hash, cheap)).toBe(false);
    expect(needsRehash(hash, { ...cheap, log2N: 11 })).toBe(true);
    expect(await verifyPassword('secret secret', 'garbage')).toBe(false);
  });
});

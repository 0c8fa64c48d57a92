import { hash, randomBytes } from 'node:crypto';

/** 256 random bits; only its SHA-256 is stored, so the database cannot replay sessions. */
export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

// One-shot crypto.hash (every authenticated request runs this): about half the CPU of a createHash object, the same digest.
export function hashSessionToken(token: string): string {
  return hash('sha256', token, 'base64url');
}

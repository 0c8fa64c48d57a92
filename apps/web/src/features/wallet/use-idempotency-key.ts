import { useMemo, useRef } from 'react';

/**
 * The Idempotency-Key of one submit of a money form. It is kept while the
 * submit is retried (a timeout, a lost connection: the first try may have
 * gone through, and the server then answers with its first response instead
 * of moving the money twice) and renewed once the money has moved, so the
 * next submit is a new payment. A refused request records nothing on the
 * server, so retrying it under the same key after a correction is fine.
 */
export function useIdempotencyKey(): { current: () => string; renew: () => void } {
  const key = useRef<string | undefined>(undefined);
  return useMemo(
    () => ({
      current: () => (key.current ??= newKey()),
      renew: () => {
        key.current = undefined;
      },
    }),
    [],
  );
}

/** A random UUID; `randomUUID` exists only on secure origins, `getRandomValues` everywhere. */
function newKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

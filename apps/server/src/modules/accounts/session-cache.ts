import type { UserRecord } from './accounts.store.js';

interface CachedSession {
  sessionId: string;
  userId: string;
  lastSeenAt: string;
  expiresAt: string;
  /** The two times above in epoch ms, parsed once rather than on every request. */
  lastSeenAtMs: number;
  expiresAtMs: number;
  cachedAt: number;
}

interface CachedUser {
  user: UserRecord;
  cachedAt: number;
}

/**
 * Sessions and their users resolved in the last few seconds, so that most
 * authenticated requests — and `/api/me`, which every app start calls — need
 * no database read at all.
 *
 * It stays honest: the process that changes a session or a user forgets it at
 * once, and every other process forgets when `accounts.session.revoked` or
 * `accounts.user.updated` reaches it over the bus (milliseconds). If the bus
 * ever drops a message, an entry still dies after `ttlMs`. Credentials are
 * never checked against it: log-in and password changes read the database.
 */
export class SessionCache {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly tokenHashBySession = new Map<string, string>();
  private readonly users = new Map<string, CachedUser>();

  constructor(
    private readonly ttlMs = 5_000,
    private readonly maxEntries = 20_000,
  ) {}

  session(tokenHash: string, now: number): CachedSession | undefined {
    const entry = this.sessions.get(tokenHash);
    if (entry && now - entry.cachedAt <= this.ttlMs) return entry;
    if (entry) this.dropSession(tokenHash, entry.sessionId);
    return undefined;
  }

  user(userId: string, now: number): UserRecord | undefined {
    const entry = this.users.get(userId);
    if (entry && now - entry.cachedAt <= this.ttlMs) return entry.user;
    if (entry) this.users.delete(userId);
    return undefined;
  }

  remember(
    tokenHash: string,
    session: Omit<CachedSession, 'cachedAt' | 'userId' | 'lastSeenAtMs' | 'expiresAtMs'>,
    user: UserRecord,
    now: number,
  ): CachedSession {
    evictOldest(this.sessions, this.maxEntries, (key, entry) => this.dropSession(key, entry.sessionId));
    evictOldest(this.users, this.maxEntries, (key) => this.users.delete(key));
    const cached = {
      sessionId: session.sessionId,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
      lastSeenAtMs: Date.parse(session.lastSeenAt),
      expiresAtMs: Date.parse(session.expiresAt),
      userId: user.id,
      cachedAt: now,
    };
    this.sessions.set(tokenHash, cached);
    this.tokenHashBySession.set(session.sessionId, tokenHash);
    this.users.set(user.id, { user, cachedAt: now });
    return cached;
  }

  rememberUser(user: UserRecord, now: number): void {
    evictOldest(this.users, this.maxEntries, (key) => this.users.delete(key));
    this.users.set(user.id, { user, cachedAt: now });
  }

  forgetSessions(sessionIds: readonly string[]): void {
    for (const sessionId of sessionIds) {
      const tokenHash = this.tokenHashBySession.get(sessionId);
      if (tokenHash) this.dropSession(tokenHash, sessionId);
    }
  }

  forgetUser(userId: string): void {
    this.users.delete(userId);
  }

  private dropSession(tokenHash: string, sessionId: string): void {
    this.sessions.delete(tokenHash);
    this.tokenHashBySession.delete(sessionId);
  }
}

/** Maps keep insertion order, so the first key is the oldest entry. */
function evictOldest<V>(map: Map<string, V>, max: number, drop: (key: string, value: V) => void): void {
  if (map.size < max) return;
  const first = map.entries().next().value;
  if (first) drop(first[0], first[1]);
}

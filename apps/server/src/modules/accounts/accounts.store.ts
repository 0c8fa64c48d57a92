import type { Kysely } from 'kysely';
import type { Role } from '@souk/contracts';
import { fromBool, toBool, toIso } from '../../platform/db/columns.js';
import { tables } from '../../platform/db/tables.js';

interface UsersTable {
  id: string;
  handle: string;
  handle_key: string;
  display_name: string;
  bio: string;
  avatar_key: string | null;
  role: string;
  verified: number | boolean;
  locale: string | null;
  password_hash: string;
  created_at: string | Date;
  updated_at: string | Date;
}

interface SessionsTable {
  id: string;
  user_id: string;
  token_hash: string;
  user_agent: string | null;
  ip: string | null;
  created_at: string | Date;
  last_seen_at: string | Date;
  expires_at: string | Date;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
}

/** A user as the accounts module sees it; never leaves the module (the service maps it to DTOs). */
export interface UserRecord {
  id: string;
  handle: string;
  displayName: string;
  bio: string;
  avatarKey: string | null;
  role: Role;
  verified: boolean;
  locale: string | null;
  passwordHash: string;
  createdAt: string;
}

export interface SessionRecord {
  id: string;
  userId: string;
  userAgent: string | null;
  ip: string | null;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** A live session and its user, as one indexed lookup returns them for an authenticated request. */
export interface ActiveSession {
  sessionId: string;
  lastSeenAt: string;
  expiresAt: string;
  user: UserRecord;
}

function toUser(row: UsersTable): UserRecord {
  return {
    id: row.id,
    handle: row.handle,
    displayName: row.display_name,
    bio: row.bio,
    avatarKey: row.avatar_key,
    role: row.role as Role,
    verified: toBool(row.verified),
    locale: row.locale,
    passwordHash: row.password_hash,
    createdAt: toIso(row.created_at),
  };
}

function toSession(row: SessionsTable): SessionRecord {
  return {
    id: row.id,
    userId: row.user_id,
    userAgent: row.user_agent,
    ip: row.ip,
    createdAt: toIso(row.created_at),
    lastSeenAt: toIso(row.last_seen_at),
    expiresAt: toIso(row.expires_at),
  };
}

export interface UserPatch {
  displayName?: string;
  bio?: string;
  locale?: string | null;
  avatarKey?: string | null;
  role?: Role;
  verified?: boolean;
  passwordHash?: string;
}

/** The only code that touches the `users` and `sessions` tables. Pass a transaction to take part in one. */
export class AccountsStore {
  async insertUser(db: Kysely<any>, user: UserRecord): Promise<void> {
    await tables<AccountsTables>(db)
      .insertInto('users')
      .values({
        id: user.id,
        handle: user.handle,
        handle_key: user.handle.toLowerCase(),
        display_name: user.displayName,
        bio: user.bio,
        avatar_key: user.avatarKey,
        role: user.role,
        verified: fromBool(user.verified),
        locale: user.locale,
        password_hash: user.passwordHash,
        created_at: user.createdAt,
        updated_at: user.createdAt,
      })
      .execute();
  }

  async findUserById(db: Kysely<any>, id: string): Promise<UserRecord | null> {
    const row = await tables<AccountsTables>(db).selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findUserByHandle(db: Kysely<any>, handle: string): Promise<UserRecord | null> {
    const row = await tables<AccountsTables>(db)
      .selectFrom('users')
      .selectAll()
      .where('handle_key', '=', handle.toLowerCase())
      .executeTakeFirst();
    return row ? toUser(row) : null;
  }

  async findUsersByIds(db: Kysely<any>, ids: readonly string[]): Promise<UserRecord[]> {
    if (ids.length === 0) return [];
    const rows = await tables<AccountsTables>(db).selectFrom('users').selectAll().where('id', 'in', [...ids]).execute();
    return rows.map(toUser);
  }

  async findUsersByHandles(db: Kysely<any>, handles: readonly string[]): Promise<UserRecord[]> {
    if (handles.length === 0) return [];
    const keys = handles.map((handle) => handle.toLowerCase());
    const rows = await tables<AccountsTables>(db).selectFrom('users').selectAll().where('handle_key', 'in', keys).execute();
    return rows.map(toUser);
  }

  async countUsers(db: Kysely<any>): Promise<number> {
    const row = await tables<AccountsTables>(db).selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async updateUser(db: Kysely<any>, id: string, patch: UserPatch, now: string): Promise<void> {
    const set: Partial<UsersTable> = { updated_at: now };
    if (patch.displayName !== undefined) set.display_name = patch.displayName;
    if (patch.bio !== undefined) set.bio = patch.bio;
    if (patch.locale !== undefined) set.locale = patch.locale;
    if (patch.avatarKey !== undefined) set.avatar_key = patch.avatarKey;
    if (patch.role !== undefined) set.role = patch.role;
    if (patch.verified !== undefined) set.verified = fromBool(patch.verified);
    if (patch.passwordHash !== undefined) set.password_hash = patch.passwordHash;
    await tables<AccountsTables>(db).updateTable('users').set(set).where('id', '=', id).execute();
  }

  async insertSession(db: Kysely<any>, session: SessionRecord, tokenHash: string): Promise<void> {
    await tables<AccountsTables>(db)
      .insertInto('sessions')
      .values({
        id: session.id,
        user_id: session.userId,
        token_hash: tokenHash,
        user_agent: session.userAgent,
        ip: session.ip,
        created_at: session.createdAt,
        last_seen_at: session.lastSeenAt,
        expires_at: session.expiresAt,
      })
      .execute();
  }

  /** The one query an authenticated request needs (and none while the session is cached). */
  async findSessionByTokenHash(db: Kysely<any>, tokenHash: string): Promise<ActiveSession | null> {
    const row = await tables<AccountsTables>(db)
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .selectAll('users')
      .select(['sessions.id as session_id', 'sessions.last_seen_at as session_last_seen_at', 'sessions.expires_at as session_expires_at'])
      .where('sessions.token_hash', '=', tokenHash)
      .executeTakeFirst();
    if (!row) return null;
    return {
      sessionId: row.session_id,
      lastSeenAt: toIso(row.session_last_seen_at),
      expiresAt: toIso(row.session_expires_at),
      user: toUser(row),
    };
  }

  async touchSession(db: Kysely<any>, sessionId: string, lastSeenAt: string, expiresAt: string): Promise<void> {
    await tables<AccountsTables>(db)
      .updateTable('sessions')
      .set({ last_seen_at: lastSeenAt, expires_at: expiresAt })
      .where('id', '=', sessionId)
      .execute();
  }

  async listSessions(db: Kysely<any>, userId: string, now: string): Promise<SessionRecord[]> {
    const rows = await tables<AccountsTables>(db)
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .orderBy('id', 'desc')
      .execute();
    return rows.map(toSession);
  }

  async deleteSession(db: Kysely<any>, userId: string, sessionId: string): Promise<boolean> {
    const result = await tables<AccountsTables>(db)
      .deleteFrom('sessions')
      .where('id', '=', sessionId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** Deletes a user's sessions except one; returns the ids deleted. */
  async deleteOtherSessions(db: Kysely<any>, userId: string, keepSessionId: string): Promise<string[]> {
    const deleted = await tables<AccountsTables>(db)
      .deleteFrom('sessions')
      .where('user_id', '=', userId)
      .where('id', '!=', keepSessionId)
      .returning('id')
      .execute();
    return deleted.map((row) => row.id);
  }

  async deleteExpiredSessions(db: Kysely<any>, now: string): Promise<number> {
    const result = await tables<AccountsTables>(db).deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}

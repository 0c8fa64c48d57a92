import type { AdminUpdateUserBody, Locale, LoginBody, Me, PublicUser, Session, SignupBody, UpdateMeBody } from '@souk/contracts';
import type { Config } from '../../config/config.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import { isUniqueViolation } from '../../platform/db/errors.js';
import type { Events } from '../../platform/events/events.js';
import type { Actor } from '../../platform/http/auth.js';
import { RateLimitedError } from '../../platform/http/errors.js';
import type { RateLimiter } from '../../platform/http/rate-limiter.js';
import { newId } from '../../platform/ids.js';
import type { MediaService } from '../media/index.js';
import {
  HandleTakenError,
  InvalidCredentialsError,
  InvalidDisplayNameError,
  OwnRoleChangeError,
  SessionNotFoundError,
  UserNotFoundError,
  WrongPasswordError,
} from './accounts.errors.js';
import type { AccountsStore, UserRecord } from './accounts.store.js';
import { hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.js';
import { SessionCache } from './session-cache.js';
import { hashSessionToken, newSessionToken } from './session-token.js';
import './accounts.events.js';

/** Where a request came from, for sessions, notifications and rate limits. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

/** A user to create; the demo seed and admin tools pass a ready password hash. */
export interface NewUser {
  handle: string;
  displayName: string;
  passwordHash: string;
  role?: UserRecord['role'];
  verified?: boolean;
  bio?: string;
  locale?: Locale | null;
  avatarKey?: string | null;
}

export interface AuthOutcome {
  user: Me;
  token: string;
  sessionId: string;
  expiresAt: string;
}

export interface AccountsDeps {
  database: Database;
  store: AccountsStore;
  events: Events;
  limiter: RateLimiter;
  clock: Clock;
  media: MediaService;
  config: Pick<Config, 'scryptLog2N' | 'sessionDays' | 'rateLimits'>;
}

/** A session's last-seen time is written at most this often, so reads stay reads. */
const TOUCH_INTERVAL_MS = 10 * 60_000;
const DAY_MS = 24 * 3600_000;
// Control characters and the invisible format characters used to spoof names.
const FORBIDDEN_IN_NAMES = /[\p{Cc}\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF]/u;

export class AccountsService {
  private readonly scrypt: ScryptParams;
  /** Verified against when the handle is unknown, so a miss costs as long as a hit and does not reveal the handle. */
  private decoyHash: Promise<string> | null = null;
  private readonly cache = new SessionCache();

  constructor(private readonly deps: AccountsDeps) {
    this.scrypt = { log2N: deps.config.scryptLog2N, r: 8, p: 1 };
  }

  /** Keeps every process's session cache in step with revocations and profile changes; called once at start-up. */
  subscribe(): void {
    this.deps.events.listen('accounts.session.revoked', ({ payload }) => this.cache.forgetSessions(payload.sessionIds));
    this.deps.events.listen('accounts.user.updated', ({ payload }) => this.cache.forgetUser(payload.userId));
  }

  get passwordHashParams(): ScryptParams {
    return { ...this.scrypt };
  }

  async signup(input: SignupBody, client: ClientInfo): Promise<AuthOutcome> {
    const { limiter, config } = this.deps;
    if (client.ip) {
      const ipLimit = await limiter.hit(`signup:ip:${client.ip}`, config.rateLimits.signupPerIpPerHour, 3600_000);
      if (!ipLimit.allowed) throw new RateLimitedError(ipLimit.retryAfterSeconds);
    }
    const displayName = cleanDisplayName(input.displayName);
    if (await this.deps.store.findUserByHandle(this.deps.database.db, input.handle)) throw new HandleTakenError();

    const user = this.newUser({
      handle: input.handle,
      displayName,
      passwordHash: await hashPassword(input.password, this.scrypt),
      locale: input.locale ?? null,
    });
    try {
      return await this.deps.database.transaction(async (tx) => {
        await this.insertUser(tx, user);
        return this.openSession(tx, user, client, 'signup');
      });
    } catch (error) {
      // Two sign-ups raced for the same handle: the unique index decides.
      if (isUniqueViolation(error)) throw new HandleTakenError();
      throw error;
    }
  }

  /** Creates a user directly (demo seed, admin tools): no rate limit, no session. */
  async createUser(input: NewUser): Promise<string> {
    const user = this.newUser({ ...input, displayName: cleanDisplayName(input.displayName) });
    await this.deps.database.transaction((tx) => this.insertUser(tx, user));
    return user.id;
  }

  hashPassword(password: string): Promise<string> {
    return hashPassword(password, this.scrypt);
  }

  async login(input: LoginBody, client: ClientInfo): Promise<AuthOutcome> {
    const { limiter, config, store, database } = this.deps;
    if (client.ip) {
      const ipLimit = await limiter.hit(`login:ip:${client.ip}`, config.rateLimits.loginPerIpPerMinute, 60_000);
      if (!ipLimit.allowed) throw new RateLimitedError(ipLimit.retryAfterSeconds);
    }
    // Failed attempts per account are limited wherever they come from, so a botnet cannot guess one password.
    const accountKey = `login:account:${input.handle.toLowerCase()}`;
    const budget = config.rateLimits.loginFailuresPerAccountPer15Min;
    const accountLimit = await limiter.peek(accountKey, budget, 15 * 60_000);
    if (!accountLimit.allowed) throw new RateLimitedError(accountLimit.retryAfterSeconds);

    const user = await store.findUserByHandle(database.db, input.handle);
    const valid = await verifyPassword(input.password, user?.passwordHash ?? (await this.decoy()));
    if (!user || !valid) {
      await limiter.hit(accountKey, budget, 15 * 60_000);
      throw new InvalidCredentialsError();
    }
    const rehash = needsRehash(user.passwordHash, this.scrypt) ? await hashPassword(input.password, this.scrypt) : null;
    return database.transaction(async (tx) => {
      if (rehash) await store.updateUser(tx.db, user.id, { passwordHash: rehash }, this.deps.clock.now().toISOString());
      return this.openSession(tx, user, client, 'login');
    });
  }

  async logout(actor: Actor): Promise<void> {
    await this.deps.database.transaction(async (tx) => {
      if (await this.deps.store.deleteSession(tx.db, actor.userId, actor.sessionId)) {
        await this.deps.events.emit(tx, 'accounts.session.revoked', { userId: actor.userId, sessionIds: [actor.sessionId] });
      }
    });
    this.cache.forgetSessions([actor.sessionId]);
  }

  /** Resolves a bearer or cookie token to the actor, or null when unknown or expired. */
  async authenticate(token: string): Promise<Actor | null> {
    if (token.length < 20 || token.length > 200) return null;
    const { store, database, clock } = this.deps;
    const tokenHash = hashSessionToken(token);
    const now = clock.now().getTime();
    let session = this.cache.session(tokenHash, now);
    let user = session && this.cache.user(session.userId, now);
    if (!session || !user) {
      const found = await store.findSessionByTokenHash(database.db, tokenHash);
      if (!found) return null;
      const { user: foundUser, ...foundSession } = found;
      session = this.cache.remember(tokenHash, foundSession, foundUser, now);
      user = foundUser;
    }
    if (session.expiresAtMs <= now) return null;
    if (now - session.lastSeenAtMs > TOUCH_INTERVAL_MS) {
      session.lastSeenAtMs = now;
      session.expiresAtMs = now + this.deps.config.sessionDays * DAY_MS;
      session.lastSeenAt = new Date(session.lastSeenAtMs).toISOString();
      session.expiresAt = new Date(session.expiresAtMs).toISOString();
      await store.touchSession(database.db, session.sessionId, session.lastSeenAt, session.expiresAt);
    }
    return { userId: user.id, sessionId: session.sessionId, role: user.role };
  }

  async getMe(userId: string): Promise<Me> {
    return this.toMe(await this.requireUser(userId));
  }

  async getByHandle(handle: string): Promise<PublicUser> {
    const user = await this.deps.store.findUserByHandle(this.deps.database.db, handle);
    if (!user) throw new UserNotFoundError();
    return this.toPublic(user);
  }

  /** Public profiles for other modules (notifications, feed, chat), in one query per call site. */
  async getPublicUser(userId: string): Promise<PublicUser> {
    return this.toPublic(await this.requireUser(userId));
  }

  /** Many public profiles in one query, keyed by id; unknown ids are absent. */
  async getPublicUsers(userIds: readonly string[]): Promise<Map<string, PublicUser>> {
    const unique = [...new Set(userIds)];
    const users = await this.deps.store.findUsersByIds(this.deps.database.db, unique);
    return new Map(users.map((user) => [user.id, this.toPublic(user)]));
  }

  /** Resolves handles (any case) to users; unknown handles are absent. */
  async findByHandles(handles: readonly string[]): Promise<PublicUser[]> {
    const users = await this.deps.store.findUsersByHandles(this.deps.database.db, [...new Set(handles)]);
    return users.map((user) => this.toPublic(user));
  }

  async updateProfile(actor: Actor, patch: UpdateMeBody): Promise<Me> {
    const changes = {
      ...(patch.displayName !== undefined ? { displayName: cleanDisplayName(patch.displayName) } : {}),
      ...(patch.bio !== undefined ? { bio: patch.bio.normalize('NFC').trim() } : {}),
      ...(patch.locale !== undefined ? { locale: patch.locale } : {}),
    };
    await this.saveUser(actor.userId, changes);
    return this.getMe(actor.userId);
  }

  /** Re-checks the signed-in user's password (for sensitive settings such as the payment PIN); throws WRONG_PASSWORD. */
  async confirmPassword(userId: string, password: string): Promise<void> {
    const user = await this.deps.store.findUserById(this.deps.database.db, userId);
    if (!user) throw new UserNotFoundError();
    if (!(await verifyPassword(password, user.passwordHash))) throw new WrongPasswordError();
  }

  /** Checks a secret against a hash made by hashPassword (a payment PIN is hashed the same way). */
  verifyHash(secret: string, encoded: string): Promise<boolean> {
    return verifyPassword(secret, encoded);
  }

  async changePassword(actor: Actor, currentPassword: string, newPassword: string): Promise<void> {
    // Credentials are checked against the database, never the cache.
    const user = await this.deps.store.findUserById(this.deps.database.db, actor.userId);
    if (!user) throw new UserNotFoundError();
    if (!(await verifyPassword(currentPassword, user.passwordHash))) throw new WrongPasswordError();
    const passwordHash = await hashPassword(newPassword, this.scrypt);
    await this.deps.database.transaction(async (tx) => {
      await this.deps.store.updateUser(tx.db, user.id, { passwordHash }, this.deps.clock.now().toISOString());
      await this.deps.events.emit(tx, 'accounts.user.updated', { userId: user.id, fields: ['password'] });
      const revoked = await this.deps.store.deleteOtherSessions(tx.db, user.id, actor.sessionId);
      if (revoked.length > 0) await this.deps.events.emit(tx, 'accounts.session.revoked', { userId: user.id, sessionIds: revoked });
      tx.afterCommit(() => {
        this.cache.forgetUser(user.id);
        this.cache.forgetSessions(revoked);
      });
    });
  }

  async setAvatar(actor: Actor, bytes: Buffer): Promise<Me> {
    const previous = (await this.requireUser(actor.userId)).avatarKey;
    const image = await this.deps.media.storeAvatar(bytes);
    await this.saveUser(actor.userId, { avatarKey: image.key });
    if (previous) await this.deps.media.deleteImage(previous);
    return this.getMe(actor.userId);
  }

  async removeAvatar(actor: Actor): Promise<Me> {
    const previous = (await this.requireUser(actor.userId)).avatarKey;
    if (previous) {
      await this.saveUser(actor.userId, { avatarKey: null });
      await this.deps.media.deleteImage(previous);
    }
    return this.getMe(actor.userId);
  }

  async listSessions(actor: Actor): Promise<Session[]> {
    const sessions = await this.deps.store.listSessions(this.deps.database.db, actor.userId, this.deps.clock.now().toISOString());
    return sessions.map((session) => ({
      id: session.id,
      current: session.id === actor.sessionId,
      userAgent: session.userAgent,
      createdAt: session.createdAt,
      lastSeenAt: session.lastSeenAt,
      expiresAt: session.expiresAt,
    }));
  }

  async revokeSession(actor: Actor, sessionId: string): Promise<void> {
    await this.deps.database.transaction(async (tx) => {
      if (!(await this.deps.store.deleteSession(tx.db, actor.userId, sessionId))) throw new SessionNotFoundError();
      await this.deps.events.emit(tx, 'accounts.session.revoked', { userId: actor.userId, sessionIds: [sessionId] });
    });
    this.cache.forgetSessions([sessionId]);
  }

  /** Role changes and the verified badge are an admin's decision (the route declares the admin role). */
  async adminUpdateUser(actor: Actor, userId: string, patch: AdminUpdateUserBody): Promise<PublicUser> {
    if (patch.role !== undefined && userId === actor.userId) throw new OwnRoleChangeError();
    await this.requireUser(userId);
    await this.saveUser(userId, patch);
    return this.getPublicUser(userId);
  }

  async userCount(): Promise<number> {
    return this.deps.store.countUsers(this.deps.database.db);
  }

  async deleteExpiredSessions(): Promise<number> {
    return this.deps.store.deleteExpiredSessions(this.deps.database.db, this.deps.clock.now().toISOString());
  }

  private async saveUser(userId: string, patch: Parameters<AccountsStore['updateUser']>[2]): Promise<void> {
    const fields = Object.keys(patch);
    if (fields.length === 0) return;
    await this.deps.database.transaction(async (tx) => {
      await this.deps.store.updateUser(tx.db, userId, patch, this.deps.clock.now().toISOString());
      await this.deps.events.emit(tx, 'accounts.user.updated', { userId, fields });
      tx.afterCommit(() => this.cache.forgetUser(userId));
    });
  }

  private newUser(input: NewUser): UserRecord {
    return {
      id: newId('usr'),
      handle: input.handle,
      displayName: input.displayName,
      bio: input.bio ?? '',
      avatarKey: input.avatarKey ?? null,
      role: input.role ?? 'user',
      verified: input.verified ?? false,
      locale: input.locale ?? null,
      passwordHash: input.passwordHash,
      createdAt: this.deps.clock.now().toISOString(),
    };
  }

  private async insertUser(tx: TxContext, user: UserRecord): Promise<void> {
    await this.deps.store.insertUser(tx.db, user);
    await this.deps.events.emit(tx, 'accounts.user.created', { userId: user.id, handle: user.handle, role: user.role });
  }

  private async openSession(
    tx: TxContext,
    user: UserRecord,
    client: ClientInfo,
    reason: 'signup' | 'login',
  ): Promise<AuthOutcome> {
    const token = newSessionToken();
    const now = this.deps.clock.now();
    const session = {
      id: newId('ses'),
      userId: user.id,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
      ip: client.ip,
      createdAt: now.toISOString(),
      lastSeenAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.deps.config.sessionDays * DAY_MS).toISOString(),
    };
    await this.deps.store.insertSession(tx.db, session, hashSessionToken(token));
    await this.deps.events.emit(tx, 'accounts.session.created', {
      userId: user.id,
      sessionId: session.id,
      reason,
      userAgent: session.userAgent,
      ip: client.ip,
    });
    return { user: this.toMe(user), token, sessionId: session.id, expiresAt: session.expiresAt };
  }

  private async requireUser(userId: string): Promise<UserRecord> {
    const now = this.deps.clock.now().getTime();
    const cached = this.cache.user(userId, now);
    if (cached) return cached;
    const user = await this.deps.store.findUserById(this.deps.database.db, userId);
    if (!user) throw new UserNotFoundError();
    this.cache.rememberUser(user, now);
    return user;
  }

  private decoy(): Promise<string> {
    this.decoyHash ??= hashPassword('decoy password, never matches', this.scrypt);
    return this.decoyHash;
  }

  private toPublic(user: UserRecord): PublicUser {
    return {
      id: user.id,
      handle: user.handle,
      displayName: user.displayName,
      bio: user.bio,
      avatarUrl: user.avatarKey ? this.deps.media.urlOf(user.avatarKey) : null,
      role: user.role,
      verified: user.verified,
      createdAt: user.createdAt,
    };
  }

  private toMe(user: UserRecord): Me {
    return { ...this.toPublic(user), locale: (user.locale as Locale | null) ?? null };
  }
}

/** Any script is welcome; control and invisible spoofing characters are not, nor a name of only spaces. */
function cleanDisplayName(raw: string): string {
  const name = raw.normalize('NFC').trim();
  if (name.length === 0 || FORBIDDEN_IN_NAMES.test(name)) throw new InvalidDisplayNameError();
  return name;
}

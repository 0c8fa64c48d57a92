import type { Logger } from 'pino';
import type { HashtagList, Post, PostPage, PublicUser, UserListItem, UserPage } from '@souk/contracts';
import type { Database } from '../../platform/db/database.js';
import { decodeCursor, encodeCursor, InvalidCursorError } from '../../platform/db/pagination.js';
import type { DomainEvents } from '../../platform/events/event-map.js';
import type { Events } from '../../platform/events/events.js';
import { AppError } from '../../platform/http/errors.js';
import type { ScoredId } from './fulltext.js';
import { SearchQueryEmptyError } from './search.errors.js';
import type { SearchStore } from './search.store.js';
import { compactKey, indexTokens, queryTerms, type QueryTerm } from './text.js';

type PostSnapshot = DomainEvents['social.post.published']['post'];

/** What search asks of the social module: it decides who may see what. */
export interface SearchSocial {
  /** The posts the viewer may see, in the order given. */
  postsForViewer(viewerId: string | null, postIds: string[]): Promise<Post[]>;
  /** The users the viewer may see (blocks either way drop them), in the order given. */
  usersForViewer(viewerId: string | null, userIds: string[]): Promise<UserListItem[]>;
}

/** Where a user's profile text comes from (the accounts service). */
export interface SearchUserDirectory {
  getPublicUser(userId: string): Promise<PublicUser>;
}

/** Where searches are counted for hot search (the trending service). */
export interface SearchSignals {
  recordSearch(userId: string, query: string): Promise<void>;
}

export interface SearchSettings {
  /** A post this much older needs twice the relevance to rank level. */
  recencyHalfLifeDays: number;
}

export const defaultSearchSettings: SearchSettings = { recencyHalfLifeDays: 7 };

export interface SearchDeps {
  database: Database;
  store: SearchStore;
  events: Events;
  social: SearchSocial;
  accounts: SearchUserDirectory;
  signals: SearchSignals;
  logger: Pick<Logger, 'warn'>;
  settings?: Partial<SearchSettings>;
}

/** Profile fields that change what a user is found by. */
const SEARCHABLE_USER_FIELDS = new Set(['handle', 'displayName', 'bio']);
/** Longer hashtag prefixes narrow nothing further. */
const MAX_HASHTAG_QUERY = 50;

/**
 * Search over users, public posts and hashtags, kept up to date from the
 * social and accounts events. The index holds public posts only, and every
 * result still goes through the social module's visibility rules before it
 * is shown.
 */
export class SearchService {
  private readonly recencyPerSecond: number;

  constructor(private readonly deps: SearchDeps) {
    const settings = { ...defaultSearchSettings, ...deps.settings };
    this.recencyPerSecond = Math.LN2 / (settings.recencyHalfLifeDays * 86_400);
  }

  /** Wires the module to the events it indexes; called once at start-up. */
  subscribe(): void {
    const { events } = this.deps;
    events.handle('social.post.published', (event) => this.applyPost(event.id, event.payload.post.id, event.payload.post));
    events.handle('social.post.updated', (event) => this.applyPost(event.id, event.payload.post.id, event.payload.post));
    events.handle('social.post.deleted', (event) => this.applyPost(event.id, event.payload.postId, null));
    events.handle('accounts.user.created', (event) => this.indexUser(event.payload.userId));
    events.handle('accounts.user.updated', async (event) => {
      if (event.payload.fields.some((field) => SEARCHABLE_USER_FIELDS.has(field))) await this.indexUser(event.payload.userId);
    });
  }

  async searchPosts(viewerId: string | null, query: string, cursor: string | undefined, limit: number): Promise<PostPage> {
    const terms = this.terms(query);
    const { database, store, social } = this.deps;
    const rows = await store.searchPosts(database.db, terms, { recencyPerSecond: this.recencyPerSecond, after: afterCursor(cursor), limit: limit + 1 });
    // The first page is the search; later pages are the same search scrolled.
    if (viewerId && cursor === undefined) await this.recordSearch(viewerId, query);
    const { ids, nextCursor } = pageOf(rows, limit);
    return { items: ids.length > 0 ? await social.postsForViewer(viewerId, ids) : [], nextCursor };
  }

  async searchUsers(viewerId: string | null, query: string, cursor: string | undefined, limit: number): Promise<UserPage> {
    const terms = this.terms(query);
    const { database, store, social } = this.deps;
    const rows = await store.searchUsers(database.db, terms, { recencyPerSecond: 0, after: afterCursor(cursor), limit: limit + 1 });
    const { ids, nextCursor } = pageOf(rows, limit);
    return { items: ids.length > 0 ? await social.usersForViewer(viewerId, ids) : [], nextCursor };
  }

  /** Autocomplete: hashtags starting with, then containing, what was typed ("#" optional). */
  async searchHashtags(query: string, limit: number): Promise<HashtagList> {
    const matchKey = [...compactKey(query)].slice(0, MAX_HASHTAG_QUERY).join('');
    if (!matchKey) throw new SearchQueryEmptyError();
    return { items: await this.deps.store.searchHashtags(this.deps.database.db, matchKey, limit) };
  }

  /** Applies one post event, unless a later event for the post was applied already. */
  private async applyPost(eventId: string, postId: string, post: PostSnapshot | null): Promise<void> {
    const { database, store } = this.deps;
    await database.transaction(async (tx) => {
      if (!(await store.claimPostVersion(tx.db, postId, eventId))) return;
      if (post && post.visibility === 'public') {
        await store.upsertPost(tx.db, {
          postId,
          createdAt: post.createdAt,
          title: indexTokens(post.title ?? ''),
          tags: post.hashtags.flatMap((hashtag) => indexTokens(hashtag.name)),
          body: indexTokens(post.body),
        });
        const uses = post.hashtags.map((hashtag) => ({ key: hashtag.key, name: hashtag.name, matchKey: compactKey(hashtag.name) }));
        await store.setPostHashtags(tx.db, postId, uses);
      } else {
        await store.removePost(tx.db, postId);
        await store.setPostHashtags(tx.db, postId, []);
      }
    });
  }

  /** Reads the user's profile as it is now, so events applied in any order leave the right text. */
  private async indexUser(userId: string): Promise<void> {
    const { database, store, accounts } = this.deps;
    let user: PublicUser;
    try {
      user = await accounts.getPublicUser(userId);
    } catch (error) {
      if (error instanceof AppError && error.kind === 'not_found') return store.removeUser(database.db, userId);
      throw error;
    }
    await database.transaction((tx) =>
      store.upsertUser(tx.db, {
        userId,
        createdAt: user.createdAt,
        handle: indexTokens(user.handle),
        name: indexTokens(user.displayName),
        bio: indexTokens(user.bio),
      }),
    );
  }

  private terms(query: string): QueryTerm[] {
    const terms = queryTerms(query);
    if (terms.length === 0) throw new SearchQueryEmptyError();
    return terms;
  }

  /** A hot-search signal lost is a count off by one; a search failed is a user turned away. */
  private async recordSearch(userId: string, query: string): Promise<void> {
    try {
      await this.deps.signals.recordSearch(userId, query);
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'could not record a search for hot search');
    }
  }
}

function afterCursor(cursor: string | undefined): ScoredId | null {
  if (cursor === undefined) return null;
  const [score, id] = decodeCursor(cursor, true) as [unknown, string];
  if (typeof score !== 'number' || !Number.isFinite(score)) throw new InvalidCursorError();
  return { score, id };
}

function pageOf(rows: ScoredId[], limit: number): { ids: string[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return {
    ids: page.map((row) => row.id),
    nextCursor: rows.length > limit && last ? encodeCursor([last.score, last.id]) : null,
  };
}

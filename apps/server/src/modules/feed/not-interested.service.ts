import type { NotInterested, NotInterestedBody, NotInterestedPage } from '@souk/contracts';
import type { Clock } from '../../platform/clock.js';
import type { Database } from '../../platform/db/database.js';
import { newId } from '../../platform/ids.js';
import { UserNotFoundError, type AccountsService } from '../accounts/index.js';
import { hashtagKey } from '../social/index.js';
import { InvalidTopicError, NotInterestedNotFoundError } from './feed.errors.js';
import type { NotInterestedRecord, PreferencesStore } from './preferences.store.js';
import { postTitle } from './reasons.js';
import type { SignalIntake } from './signals.service.js';
import type { FeedSocial } from './viewer.js';

export interface NotInterestedDeps {
  database: Database;
  store: PreferencesStore;
  social: FeedSocial;
  accounts: Pick<AccountsService, 'getPublicUsers'>;
  intake: SignalIntake;
  clock: Clock;
}

/**
 * "Not interested" in a post, an author or a topic: read by every page, so
 * it holds from the next one, in every mode. About a post it is also a
 * negative signal the engine learns (undoing the choice does not unlearn it).
 */
export class NotInterestedService {
  constructor(private readonly deps: NotInterestedDeps) {}

  async add(userId: string, body: NotInterestedBody): Promise<{ choice: NotInterested; created: boolean }> {
    const { database, store, social, accounts, intake, clock } = this.deps;
    const now = clock.now().getTime();
    let target: Pick<NotInterestedRecord, 'kind' | 'target' | 'label'>;
    if ('postId' in body) {
      // POST_NOT_FOUND for a post that is missing or not the user's to see.
      const post = await social.requireVisible(userId, body.postId);
      target = { kind: 'post', target: post.id, label: null };
    } else if ('authorId' in body) {
      if (!(await accounts.getPublicUsers([body.authorId])).has(body.authorId)) throw new UserNotFoundError();
      target = { kind: 'author', target: body.authorId, label: null };
    } else {
      const name = body.topic.replace(/^#+|#+$/gu, '').trim();
      const key = hashtagKey(name);
      if (!/[\p{L}\p{N}]/u.test(key)) throw new InvalidTopicError();
      target = { kind: 'topic', target: key, label: name };
    }
    // A choice made again keeps its first id. (The id has the layout of ids.ts under a feed prefix, which ids.ts does not list yet.)
    const { record, created } = await store.addNotInterested(database.db, { id: newId('fni'), userId, createdMs: now, ...target });
    if (created && record.kind === 'post') {
      await intake.record(userId, [{ signalId: record.id, postId: record.target, kind: 'not_interested', atMs: now }]);
    }
    return { choice: (await this.present(userId, [record]))[0]!, created };
  }

  async list(userId: string, cursor: string | undefined, limit: number): Promise<NotInterestedPage> {
    const page = await this.deps.store.notInterestedPage(this.deps.database.db, userId, cursor, limit);
    return { items: await this.present(userId, page.items), nextCursor: page.nextCursor };
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.deps.store.removeNotInterested(this.deps.database.db, userId, id))) throw new NotInterestedNotFoundError();
  }

  /** Names each target as the user would recognise it; a post they can no longer see keeps an empty title. */
  private async present(userId: string, records: NotInterestedRecord[]): Promise<NotInterested[]> {
    const { social, accounts } = this.deps;
    const postIds = records.filter((record) => record.kind === 'post').map((record) => record.target);
    const authorIds = records.filter((record) => record.kind === 'author').map((record) => record.target);
    const [posts, users] = await Promise.all([social.postsForViewer(userId, postIds), accounts.getPublicUsers(authorIds)]);
    const titles = new Map(posts.map((post) => [post.id, postTitle(post)]));
    return records.map((record) => {
      const createdAt = new Date(record.createdMs).toISOString();
      if (record.kind === 'post') return { id: record.id, target: { kind: 'post', postId: record.target, title: titles.get(record.target) ?? '' }, createdAt };
      if (record.kind === 'author') return { id: record.id, target: { kind: 'author', authorId: record.target, handle: users.get(record.target)?.handle ?? '' }, createdAt };
      return { id: record.id, target: { kind: 'topic', topic: record.label ?? record.target }, createdAt };
    });
  }
}

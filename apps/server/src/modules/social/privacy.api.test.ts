import type { Visibility } from '@souk/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { befriend, call, follow, newUser, publish, timelineIds, type TestUser } from '../../test/social.js';

/**
 * The privacy matrix: every visibility × every relation of the viewer to the
 * author × every route that can show a post or something about it. Each post
 * exists twice: published with its visibility, and published public (mentioning
 * everyone, reposted) then narrowed by an edit — so that what was shown before
 * must also disappear.
 */
type Relation = 'self' | 'friend' | 'follower' | 'stranger' | 'blocked' | 'blocking' | 'logged out';
const RELATIONS: Relation[] = ['self', 'friend', 'follower', 'stranger', 'blocked', 'blocking', 'logged out'];
const VISIBILITIES: Visibility[] = ['public', 'followers', 'friends', 'only_me'];

function mayView(visibility: Visibility, relation: Relation): boolean {
  switch (relation) {
    case 'self':
      return true;
    case 'friend':
      return visibility !== 'only_me';
    case 'follower':
      return visibility === 'public' || visibility === 'followers';
    case 'stranger':
    case 'logged out':
      return visibility === 'public';
    case 'blocked':
    case 'blocking':
      return false;
  }
}

let souk: TestSouk;
let author: TestUser;
let reposter: TestUser;
const viewers = new Map<Relation, TestUser | null>();
const tag = `privacy${Date.now() % 100000}`;
/** For each visibility: the post published as such, and the one narrowed by an edit with the public repost made before. */
const posts = new Map<Visibility, { direct: string; edited: string; repost: string }>();

beforeAll(async () => {
  souk = await startTestSouk();
  author = await newUser(souk);
  reposter = await newUser(souk);
  const [friend, follower, stranger, blocked, blocking] = await Promise.all(Array.from({ length: 5 }, () => newUser(souk)));
  await befriend(souk, author, friend!);
  await follow(souk, follower!, author);
  await follow(souk, blocked!, author);
  await follow(souk, blocking!, author);
  await call(souk, author, 'PUT', `/api/users/${blocked!.id}/block`);
  await call(souk, blocking!, 'PUT', `/api/users/${author.id}/block`);
  viewers.set('self', author).set('friend', friend!).set('follower', follower!).set('stranger', stranger!);
  viewers.set('blocked', blocked!).set('blocking', blocking!).set('logged out', null);

  const mentions = [friend, follower, stranger, blocked, blocking].map((user) => `@${user!.handle}`).join(' ');
  for (const visibility of VISIBILITIES) {
    const direct = await publish(souk, author, { body: `#${tag} direct ${visibility} ${mentions}`, visibility });
    const edited = await publish(souk, author, { body: `#${tag} edited ${visibility} ${mentions}` });
    const repost = await publish(souk, reposter, { repostOf: edited.id, body: 'worth reading' });
    for (const viewer of [friend, follower, stranger]) {
      await call(souk, viewer!, 'POST', `/api/posts/${edited.id}/comments`, { body: `comment by ${viewer!.handle}` });
    }
    await souk.events.settle();
    const narrowed = await call(souk, author, 'PATCH', `/api/posts/${edited.id}`, { visibility });
    expect(narrowed.status).toBe(200);
    posts.set(visibility, { direct: direct.id, edited: edited.id, repost: repost.id });
  }
  await souk.events.settle();
});

afterAll(async () => {
  await souk.stop();
});

const cases = VISIBILITIES.flatMap((visibility) => RELATIONS.map((relation) => [visibility, relation] as const));

describe.each(cases)('a %s post seen by a viewer who is: %s', (visibility, relation) => {
  const expected = mayView(visibility, relation);
  const viewer = () => viewers.get(relation)!;
  const ids = () => posts.get(visibility)!;

  it(`direct id, comments and likes: ${expected ? 'shown' : 'not found'}`, async () => {
    for (const id of [ids().direct, ids().edited]) {
      for (const url of [`/api/posts/${id}`, `/api/posts/${id}/comments`, `/api/posts/${id}/likes`]) {
        const { status, body } = await call(souk, viewer(), 'GET', url);
        expect(status, url).toBe(expected ? 200 : 404);
        if (!expected) expect(body.code).toBe('POST_NOT_FOUND');
      }
    }
  });

  it(`profile: ${expected ? 'listed' : 'absent'}`, async () => {
    const { status } = await call(souk, viewer(), 'GET', `/api/users/${author.id}/posts`);
    if (relation === 'blocked') return expect(status).toBe(404);
    const listed = await timelineIds(souk, viewer(), `/api/users/${author.id}/posts`);
    for (const id of [ids().direct, ids().edited]) expect(listed.includes(id)).toBe(expected);
  });

  it('Following and Friends timelines: only for those who follow, and friends', async () => {
    if (relation === 'logged out') {
      expect((await call(souk, null, 'GET', '/api/timelines/following')).status).toBe(401);
      return;
    }
    const following = await timelineIds(souk, viewer(), '/api/timelines/following');
    const friends = await timelineIds(souk, viewer(), '/api/timelines/friends');
    const follows = relation === 'self' || relation === 'friend' || relation === 'follower';
    const isFriend = relation === 'self' || relation === 'friend';
    for (const id of [ids().direct, ids().edited]) {
      expect(following.includes(id), 'following').toBe(expected && follows);
      expect(friends.includes(id), 'friends').toBe(expected && isFriend);
    }
  });

  it('hashtag page and search: public posts only, never to a blocked party', async () => {
    const shown = visibility === 'public' && relation !== 'blocked' && relation !== 'blocking';
    const tagged = await timelineIds(souk, viewer(), `/api/hashtags/${tag}/posts`);
    const found = await timelineIds(souk, viewer(), `/api/search/posts?q=${tag}%20${visibility}`);
    for (const id of [ids().direct, ids().edited]) {
      expect(tagged.includes(id), 'hashtag page').toBe(shown);
      expect(found.includes(id), 'search').toBe(shown);
    }
  });

  it('a repost made while it was public embeds it only for those who may still see it', async () => {
    const { status, body } = await call(souk, viewer(), 'GET', `/api/posts/${ids().repost}`);
    expect(status).toBe(200);
    expect(body.repostOfId).toBe(ids().edited);
    expect(body.repostOf === null).toBe(!expected);
    if (relation !== 'logged out' && relation !== 'self' && !expected && visibility !== 'public') {
      // Nor can it be reposted, liked or commented on by those who cannot see it.
      expect((await call(souk, viewer(), 'POST', '/api/posts', { repostOf: ids().edited })).status).toBe(404);
      expect((await call(souk, viewer(), 'PUT', `/api/posts/${ids().edited}/like`)).status).toBe(404);
      expect((await call(souk, viewer(), 'POST', `/api/posts/${ids().edited}/comments`, { body: 'hi' })).status).toBe(404);
      expect((await call(souk, viewer(), 'PUT', `/api/posts/${ids().edited}/bookmark`, {})).status).toBe(404);
    }
  });

  it(`notifications: a mention is ${expected ? 'delivered' : 'never delivered, or taken back'}`, async () => {
    if (relation === 'logged out' || relation === 'self') return;
    const { body } = await call(souk, viewer(), 'GET', '/api/notifications?limit=100');
    const about = new Set(body.items.map((n: any) => n.data.postId));
    expect(about.has(ids().direct), 'published').toBe(expected);
    expect(about.has(ids().edited), 'edited').toBe(expected);
  });
});

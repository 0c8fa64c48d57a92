import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSouk, type TestSouk } from '../../test/harness.js';
import { befriend, call, follow, newUser, publish, timelineIds, uploadImage } from '../../test/social.js';

let souk: TestSouk;

beforeAll(async () => {
  // A low threshold so the pull path of the hybrid fan-out is exercised with a handful of followers.
  souk = await startTestSouk({ config: { fanoutThreshold: 3 } });
});
afterAll(async () => {
  await souk.stop();
});

describe('graph', () => {
  it('follows and unfollows, with friends as mutual follows and exact counts', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    const followed = await call(souk, ana, 'PUT', `/api/users/${ben.id}/follow`);
    expect(followed.body).toEqual({ following: true, followedBy: false, friends: false, blocking: false, muting: false });
    // Following twice changes nothing.
    await call(souk, ana, 'PUT', `/api/users/${ben.id}/follow`);
    expect((await call(souk, null, 'GET', `/api/profiles/${ben.handle}`)).body.stats).toEqual({ followers: 1, following: 0, posts: 0 });

    await follow(souk, ben, ana);
    expect((await call(souk, ana, 'GET', `/api/profiles/${ben.handle}`)).body.relationship).toMatchObject({ friends: true });
    expect((await call(souk, ana, 'GET', '/api/me/friends')).body.items.map((i: any) => i.user.id)).toEqual([ben.id]);
    expect((await call(souk, null, 'GET', `/api/users/${ben.id}/followers`)).body.items.map((i: any) => i.user.id)).toEqual([ana.id]);

    await call(souk, ana, 'DELETE', `/api/users/${ben.id}/follow`);
    await call(souk, ana, 'DELETE', `/api/users/${ben.id}/follow`);
    expect((await call(souk, null, 'GET', `/api/profiles/${ben.handle}`)).body.stats.followers).toBe(0);
    expect((await call(souk, null, 'GET', `/api/profiles/${ana.handle}`)).body.stats.following).toBe(0);
    expect((await call(souk, ana, 'GET', '/api/me/friends')).body.items).toEqual([]);
  });

  it('keeps follower counts exact under concurrent follows and unfollows', async () => {
    const star = await newUser(souk);
    const fans = await Promise.all(Array.from({ length: 12 }, () => newUser(souk)));
    await Promise.all(fans.flatMap((fan) => [0, 1, 2].map(() => call(souk, fan, 'PUT', `/api/users/${star.id}/follow`))));
    expect((await call(souk, null, 'GET', `/api/profiles/${star.handle}`)).body.stats.followers).toBe(12);
    await Promise.all(fans.slice(0, 5).flatMap((fan) => [0, 1].map(() => call(souk, fan, 'DELETE', `/api/users/${star.id}/follow`))));
    expect((await call(souk, null, 'GET', `/api/profiles/${star.handle}`)).body.stats.followers).toBe(7);
  });

  it('pages followers newest first with a cursor', async () => {
    const star = await newUser(souk);
    const fans = [];
    for (let i = 0; i < 5; i++) {
      const fan = await newUser(souk);
      await follow(souk, fan, star);
      fans.push(fan.id);
    }
    const first = await call(souk, null, 'GET', `/api/users/${star.id}/followers?limit=2`);
    const second = await call(souk, null, 'GET', `/api/users/${star.id}/followers?limit=2&cursor=${first.body.nextCursor}`);
    const third = await call(souk, null, 'GET', `/api/users/${star.id}/followers?limit=2&cursor=${second.body.nextCursor}`);
    const seen = [...first.body.items, ...second.body.items, ...third.body.items].map((i: any) => i.user.id);
    expect(new Set(seen)).toEqual(new Set(fans));
    expect(third.body.nextCursor).toBeNull();
    expect((await call(souk, null, 'GET', `/api/users/${star.id}/followers?cursor=WyJub3QtYS1kYXRlIiwieCJd`)).body.code).toBe('INVALID_CURSOR');
  });

  it('blocks: removes follows both ways, hides both ways, refuses interaction', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    await befriend(souk, ana, ben);
    const post = await publish(souk, ben, { body: 'hello' });
    const blocked = await call(souk, ana, 'PUT', `/api/users/${ben.id}/block`);
    expect(blocked.body).toMatchObject({ following: false, followedBy: false, blocking: true });
    expect((await call(souk, null, 'GET', `/api/profiles/${ben.handle}`)).body.stats).toMatchObject({ followers: 0, following: 0 });
    // The blocked user no longer finds the blocker; the blocker can still find (and unblock) them.
    expect((await call(souk, ben, 'GET', `/api/profiles/${ana.handle}`)).status).toBe(404);
    expect((await call(souk, ana, 'GET', `/api/profiles/${ben.handle}`)).body.relationship.blocking).toBe(true);
    expect((await call(souk, ana, 'GET', `/api/posts/${post.id}`)).status).toBe(404);
    expect((await call(souk, ana, 'PUT', `/api/posts/${post.id}/like`)).status).toBe(404);
    expect((await call(souk, ana, 'POST', `/api/posts/${post.id}/comments`, { body: 'hi' })).status).toBe(404);
    expect((await call(souk, ben, 'PUT', `/api/users/${ana.id}/follow`)).body.code).toBe('BLOCKED');
    expect((await call(souk, ana, 'PUT', `/api/users/${ben.id}/follow`)).body.code).toBe('BLOCKED');

    await call(souk, ana, 'DELETE', `/api/users/${ben.id}/block`);
    expect((await call(souk, ana, 'GET', `/api/posts/${post.id}`)).status).toBe(200);
  });

  it('mutes: hides posts from my timelines only', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    await follow(souk, ana, ben);
    const post = await publish(souk, ben, { body: 'loud post' });
    expect(await timelineIds(souk, ana, '/api/timelines/following')).toContain(post.id);
    await call(souk, ana, 'PUT', `/api/users/${ben.id}/mute`);
    expect(await timelineIds(souk, ana, '/api/timelines/following')).not.toContain(post.id);
    expect((await call(souk, ana, 'GET', `/api/posts/${post.id}`)).status).toBe(200);
    await call(souk, ana, 'DELETE', `/api/users/${ben.id}/mute`);
    expect(await timelineIds(souk, ana, '/api/timelines/following')).toContain(post.id);
  });

  it('refuses acting on oneself and on unknown users', async () => {
    const ana = await newUser(souk);
    expect((await call(souk, ana, 'PUT', `/api/users/${ana.id}/follow`)).body.code).toBe('CANNOT_TARGET_SELF');
    expect((await call(souk, ana, 'PUT', '/api/users/usr_nobody/follow')).body.code).toBe('USER_NOT_FOUND');
    expect((await call(souk, null, 'PUT', `/api/users/${ana.id}/follow`)).status).toBe(401);
  });
});

describe('posts', () => {
  it('publishes a note with images, hashtags in both forms and mentions', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    const images = [await uploadImage(souk, ana), await uploadImage(souk, ana, { r: 10, g: 120, b: 200 })];
    const post = await publish(souk, ana, {
      title: 'Weekend in Shanghai',
      body: `去了 #上海旅行# 和 #café with @${ben.handle} and @nobody_here`,
      mediaIds: images,
    });
    expect(post).toMatchObject({
      kind: 'note',
      title: 'Weekend in Shanghai',
      visibility: 'public',
      hashtags: ['上海旅行', 'café'],
      mentions: [{ userId: ben.id, handle: ben.handle }],
      stats: { likes: 0, comments: 0, reposts: 0, bookmarks: 0 },
      viewer: { liked: false, bookmarked: false },
      repostOf: null,
    });
    expect(post.media.map((m: any) => m.id)).toEqual(images);
    expect(post.media[0].url).toMatch(/^\/api\/media\//);
    // An attached upload cannot be attached again.
    expect((await call(souk, ana, 'POST', '/api/posts', { body: 'again', mediaIds: [images[0]] })).body.code).toBe('MEDIA_NOT_FOUND');
    // Someone else's upload cannot be used.
    const foreign = await uploadImage(souk, ben);
    expect((await call(souk, ana, 'POST', '/api/posts', { body: 'x', mediaIds: [foreign] })).body.code).toBe('MEDIA_NOT_FOUND');
  });

  it('refuses empty posts, oversize text, control characters and unknown fields, leaving nothing behind', async () => {
    const ana = await newUser(souk);
    const cases: Array<[unknown, string]> = [
      [{ body: '   ' }, 'EMPTY_POST'],
      [{ body: 'x'.repeat(2001) }, 'VALIDATION_FAILED'],
      [{ body: 'evil \u202Egnp.exe' }, 'INVALID_TEXT'],
      [{ body: 'hi', visibility: 'everyone' }, 'VALIDATION_FAILED'],
      [{ body: 'hi', extra: 1 }, 'VALIDATION_FAILED'],
      [{ body: 'hi', mediaIds: Array.from({ length: 10 }, (_, i) => `med_${i}`) }, 'VALIDATION_FAILED'],
      [{ body: 'hi', repostOf: 'pst_missing' }, 'POST_NOT_FOUND'],
    ];
    for (const [payload, code] of cases) {
      const response = await call(souk, ana, 'POST', '/api/posts', payload);
      expect(response.status, JSON.stringify(payload)).toBeGreaterThanOrEqual(400);
      expect(response.body.code, JSON.stringify(payload)).toBe(code);
    }
    expect((await call(souk, null, 'GET', `/api/profiles/${ana.handle}`)).body.stats.posts).toBe(0);
    expect(await timelineIds(souk, ana, `/api/users/${ana.id}/posts`)).toEqual([]);
  });

  it('reposts public posts with or without a comment, and only public ones', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    const original = await publish(souk, ana, { body: 'original #news' });
    const plain = await publish(souk, ben, { repostOf: original.id });
    const commented = await publish(souk, ben, { repostOf: original.id, body: 'so true' });
    expect(plain).toMatchObject({ kind: 'repost', repostOfId: original.id, repostOf: { id: original.id, body: 'original #news' } });
    expect(commented).toMatchObject({ kind: 'repost', body: 'so true' });
    // A repost of a repost points at the original.
    const chained = await publish(souk, ana, { repostOf: commented.id, body: 'chain' });
    expect(chained.repostOfId).toBe(original.id);
    expect((await call(souk, null, 'GET', `/api/posts/${original.id}`)).body.stats.reposts).toBe(3);

    const moments = await publish(souk, ana, { body: 'friends only', visibility: 'friends' });
    await befriend(souk, ana, ben);
    expect((await call(souk, ben, 'POST', '/api/posts', { repostOf: moments.id })).body.code).toBe('NOT_REPOSTABLE');

    // Deleting the original leaves the reposts, showing that it is gone.
    await call(souk, ana, 'DELETE', `/api/posts/${original.id}`);
    expect((await call(souk, null, 'GET', `/api/posts/${commented.id}`)).body).toMatchObject({ repostOfId: original.id, repostOf: null });
  });

  it('edits text and visibility, re-reading hashtags; only the author may', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, ana, { body: 'first #draft' });
    const edited = await call(souk, ana, 'PATCH', `/api/posts/${post.id}`, { body: 'final #done', title: 'Done' });
    expect(edited.body).toMatchObject({ body: 'final #done', title: 'Done', hashtags: ['done'] });
    expect(edited.body.editedAt).not.toBeNull();
    expect(await timelineIds(souk, null, '/api/hashtags/draft/posts')).toEqual([]);
    expect(await timelineIds(souk, null, '/api/hashtags/done/posts')).toEqual([post.id]);
    expect((await call(souk, ben, 'PATCH', `/api/posts/${post.id}`, { body: 'hacked' })).body.code).toBe('NOT_POST_AUTHOR');
    expect((await call(souk, ben, 'DELETE', `/api/posts/${post.id}`)).body.code).toBe('NOT_POST_AUTHOR');
    expect((await call(souk, ana, 'PATCH', `/api/posts/${post.id}`, {})).status).toBe(400);

    await call(souk, ana, 'PATCH', `/api/posts/${post.id}`, { visibility: 'only_me' });
    expect((await call(souk, ben, 'GET', `/api/posts/${post.id}`)).status).toBe(404);
    expect(await timelineIds(souk, null, '/api/hashtags/done/posts')).toEqual([]);
    expect((await call(souk, null, 'GET', '/api/hashtags/done')).body.postCount).toBe(0);
  });

  it('deletes a post everywhere: timelines, hashtag pages, likes, comments, bookmarks, notifications', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    await follow(souk, ben, ana);
    const post = await publish(souk, ana, { body: `gone soon #ephemeral @${ben.handle}`, mediaIds: [await uploadImage(souk, ana)] });
    await call(souk, ben, 'PUT', `/api/posts/${post.id}/like`);
    await call(souk, ben, 'POST', `/api/posts/${post.id}/comments`, { body: 'nice' });
    await call(souk, ben, 'PUT', `/api/posts/${post.id}/bookmark`, {});
    await souk.events.settle();
    const before = (await call(souk, ben, 'GET', '/api/notifications')).body.items;
    expect(before.some((n: any) => n.kind === 'social.mentioned' && n.data.postId === post.id)).toBe(true);
    const quotaBefore = (await call(souk, ana, 'GET', '/api/media/quota')).body.usedBytes;

    expect((await call(souk, ana, 'DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    await souk.events.settle();
    expect((await call(souk, ben, 'GET', `/api/posts/${post.id}`)).status).toBe(404);
    expect(await timelineIds(souk, ben, '/api/timelines/following')).not.toContain(post.id);
    expect(await timelineIds(souk, null, '/api/hashtags/ephemeral/posts')).toEqual([]);
    expect(await timelineIds(souk, ben, '/api/me/bookmarks')).toEqual([]);
    const after = (await call(souk, ben, 'GET', '/api/notifications')).body.items;
    expect(after.some((n: any) => n.data?.postId === post.id)).toBe(false);
    const anaNotifications = (await call(souk, ana, 'GET', '/api/notifications')).body.items;
    expect(anaNotifications.some((n: any) => n.data?.postId === post.id)).toBe(false);
    expect((await call(souk, ana, 'GET', '/api/media/quota')).body.usedBytes).toBeLessThan(quotaBefore);
    expect((await call(souk, null, 'GET', `/api/profiles/${ana.handle}`)).body.stats.posts).toBe(0);
  });
});

describe('interactions', () => {
  it('likes and bookmarks idempotently, with exact counts under concurrent taps', async () => {
    const author = await newUser(souk);
    const post = await publish(souk, author, { body: 'like me' });
    const fans = await Promise.all(Array.from({ length: 8 }, () => newUser(souk)));
    await Promise.all(fans.flatMap((fan) => [0, 1, 2].map(() => call(souk, fan, 'PUT', `/api/posts/${post.id}/like`))));
    await Promise.all(fans.slice(0, 3).flatMap((fan) => [0, 1].map(() => call(souk, fan, 'DELETE', `/api/posts/${post.id}/like`))));
    const seen = await call(souk, fans[7]!, 'GET', `/api/posts/${post.id}`);
    expect(seen.body.stats.likes).toBe(5);
    expect(seen.body.viewer).toEqual({ liked: true, bookmarked: false });
    expect((await call(souk, null, 'GET', `/api/posts/${post.id}/likes`)).body.items).toHaveLength(5);

    await Promise.all(fans.map((fan) => call(souk, fan, 'PUT', `/api/posts/${post.id}/bookmark`, {})));
    await Promise.all(fans.map((fan) => call(souk, fan, 'PUT', `/api/posts/${post.id}/bookmark`, {})));
    expect((await call(souk, null, 'GET', `/api/posts/${post.id}`)).body.stats.bookmarks).toBe(8);
  });

  it('files bookmarks into collections', async () => {
    const [ana, ben] = [await newUser(souk), await newUser(souk)];
    const [p1, p2] = [await publish(souk, ben, { body: 'one' }), await publish(souk, ben, { body: 'two' })];
    const trips = (await call(souk, ana, 'POST', '/api/me/collections', { name: 'Trips' })).body;
    await call(souk, ana, 'PUT', `/api/posts/${p1.id}/bookmark`, { collectionId: trips.id });
    await call(souk, ana, 'PUT', `/api/posts/${p2.id}/bookmark`, {});
    expect(await timelineIds(souk, ana, `/api/me/bookmarks?collectionId=${trips.id}`)).toEqual([p1.id]);
    expect(await timelineIds(souk, ana, '/api/me/bookmarks')).toEqual([p2.id, p1.id]);
    expect((await call(souk, ana, 'GET', '/api/me/collections')).body.items).toEqual([{ ...trips, count: 1 }]);
    expect((await call(souk, ben, 'PUT', `/api/posts/${p1.id}/bookmark`, { collectionId: trips.id })).body.code).toBe('COLLECTION_NOT_FOUND');
    expect((await call(souk, ana, 'DELETE', `/api/me/collections/${trips.id}`)).status).toBe(204);
    expect(await timelineIds(souk, ana, '/api/me/bookmarks')).toEqual([p2.id, p1.id]);
  });

  it('comments with one level of replies, and deletes a thread with its replies', async () => {
    const [ana, ben, cai] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const post = await publish(souk, ana, { body: 'discuss' });
    const top = (await call(souk, ben, 'POST', `/api/posts/${post.id}/comments`, { body: 'first!' })).body;
    const reply = (await call(souk, cai, 'POST', `/api/posts/${post.id}/comments`, { body: 'agree', replyTo: top.id })).body;
    const replyToReply = (await call(souk, ana, 'POST', `/api/posts/${post.id}/comments`, { body: 'thanks', replyTo: reply.id })).body;
    expect(reply).toMatchObject({ parentId: top.id, replyTo: { id: ben.id } });
    expect(replyToReply).toMatchObject({ parentId: top.id, replyTo: { id: cai.id } });

    const list = (await call(souk, null, 'GET', `/api/posts/${post.id}/comments`)).body;
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ id: top.id, replyCount: 2 });
    expect(list.items[0].replies.map((r: any) => r.id)).toEqual([reply.id, replyToReply.id]);
    expect((await call(souk, null, 'GET', `/api/comments/${top.id}/replies`)).body.items.map((r: any) => r.id)).toEqual([reply.id, replyToReply.id]);
    expect((await call(souk, null, 'GET', `/api/posts/${post.id}`)).body.stats.comments).toBe(3);

    expect((await call(souk, cai, 'DELETE', `/api/comments/${top.id}`)).body.code).toBe('NOT_COMMENT_AUTHOR');
    // The post's author may delete any comment on it; the replies go with it.
    expect((await call(souk, ana, 'DELETE', `/api/comments/${top.id}`)).status).toBe(204);
    expect((await call(souk, null, 'GET', `/api/posts/${post.id}`)).body.stats.comments).toBe(0);
    expect((await call(souk, null, 'GET', `/api/posts/${post.id}/comments`)).body.items).toEqual([]);
  });

  it('notifies new followers, likes, comments, replies and mentions, once each', async () => {
    const [ana, ben, cai] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    await follow(souk, ben, ana);
    const post = await publish(souk, ana, { body: 'photo dump' });
    await call(souk, ben, 'PUT', `/api/posts/${post.id}/like`);
    await call(souk, ana, 'PUT', `/api/posts/${post.id}/like`); // own like: nobody to tell
    const top = (await call(souk, ben, 'POST', `/api/posts/${post.id}/comments`, { body: `love it @${cai.handle}` })).body;
    await call(souk, ana, 'POST', `/api/posts/${post.id}/comments`, { body: 'thanks!', replyTo: top.id });
    await souk.events.settle();

    const kinds = async (user: typeof ana) =>
      (await call(souk, user, 'GET', '/api/notifications')).body.items.map((n: any) => `${n.kind}:${n.data.actor?.id}`).sort();
    expect(await kinds(ana)).toEqual([`social.commented:${ben.id}`, `social.followed:${ben.id}`, `social.post_liked:${ben.id}`].sort());
    expect(await kinds(ben)).toEqual([`social.replied:${ana.id}`]);
    expect(await kinds(cai)).toEqual([`social.mentioned:${ben.id}`]);

    // Deleting the comment takes its notifications along.
    await call(souk, ben, 'DELETE', `/api/comments/${top.id}`);
    await souk.events.settle();
    expect(await kinds(cai)).toEqual([]);
    expect(await kinds(ben)).toEqual([]);
  });
});

describe('the Moments rule', () => {
  it('shows each viewer only the likes and comments of their own friends on a friends-only post', async () => {
    const [author, amy, bob, eve] = [await newUser(souk), await newUser(souk), await newUser(souk), await newUser(souk)];
    // amy and bob are both the author's friends but not each other's; eve is friends with the author and amy.
    await befriend(souk, author, amy);
    await befriend(souk, author, bob);
    await befriend(souk, author, eve);
    await befriend(souk, amy, eve);
    const post = await publish(souk, author, { body: 'our dinner', visibility: 'friends' });
    for (const friend of [amy, bob, eve]) {
      await call(souk, friend, 'PUT', `/api/posts/${post.id}/like`);
      await call(souk, friend, 'POST', `/api/posts/${post.id}/comments`, { body: `from ${friend.handle}` });
    }
    const authorComment = (await call(souk, author, 'POST', `/api/posts/${post.id}/comments`, { body: 'thanks all' })).body;

    const view = async (viewer: typeof amy) => {
      const [detail, likes, comments] = await Promise.all([
        call(souk, viewer, 'GET', `/api/posts/${post.id}`),
        call(souk, viewer, 'GET', `/api/posts/${post.id}/likes`),
        call(souk, viewer, 'GET', `/api/posts/${post.id}/comments`),
      ]);
      return {
        stats: detail.body.stats,
        likers: likes.body.items.map((i: any) => i.user.id).sort(),
        commenters: comments.body.items.map((c: any) => c.author.id).sort(),
      };
    };
    const sorted = (...ids: string[]) => ids.sort();
    // The author sees everyone.
    expect(await view(author)).toMatchObject({ likers: sorted(amy.id, bob.id, eve.id), commenters: sorted(author.id, amy.id, bob.id, eve.id) });
    // amy sees herself, eve (her friend) and the author, never bob.
    expect(await view(amy)).toEqual({
      stats: { likes: 2, comments: 3, reposts: 0, bookmarks: 0 },
      likers: sorted(amy.id, eve.id),
      commenters: sorted(author.id, amy.id, eve.id),
    });
    // bob sees only himself and the author.
    expect(await view(bob)).toEqual({ stats: { likes: 1, comments: 2, reposts: 0, bookmarks: 0 }, likers: [bob.id], commenters: sorted(author.id, bob.id) });

    // bob cannot reply to (or read the replies of) a comment he cannot see.
    const amyComment = (await call(souk, amy, 'GET', `/api/posts/${post.id}/comments`)).body.items.find((c: any) => c.author.id === amy.id);
    expect((await call(souk, bob, 'POST', `/api/posts/${post.id}/comments`, { body: 'hey', replyTo: amyComment.id })).status).toBe(404);
    expect((await call(souk, bob, 'GET', `/api/comments/${amyComment.id}/replies`)).status).toBe(404);
    // A reply by amy to the author's comment is not shown to bob either.
    await call(souk, amy, 'POST', `/api/posts/${post.id}/comments`, { body: 'you are welcome', replyTo: authorComment.id });
    const bobThread = (await call(souk, bob, 'GET', `/api/posts/${post.id}/comments`)).body.items.find((c: any) => c.id === authorComment.id);
    expect(bobThread).toMatchObject({ replyCount: 0, replies: [] });
  });
});

describe('timelines', () => {
  it('Following: newest first, own posts included, new follows backfilled, unfollows removed', async () => {
    const [ana, ben, cai] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const old = await publish(souk, ben, { body: 'before the follow' });
    await follow(souk, ana, ben);
    await follow(souk, ana, cai);
    const mine = await publish(souk, ana, { body: 'mine' });
    const p1 = await publish(souk, ben, { body: 'one' });
    const p2 = await publish(souk, cai, { body: 'two' });
    const hidden = await publish(souk, cai, { body: 'only me', visibility: 'only_me' });
    expect(await timelineIds(souk, ana, '/api/timelines/following')).toEqual([p2.id, p1.id, mine.id, old.id]);
    expect(await timelineIds(souk, cai, '/api/timelines/following')).toEqual([hidden.id, p2.id]);
    await call(souk, ana, 'DELETE', `/api/users/${ben.id}/follow`);
    expect(await timelineIds(souk, ana, '/api/timelines/following')).toEqual([p2.id, mine.id]);
  });

  it('Friends (Moments): only friends and me, including friends-only posts', async () => {
    const [ana, ben, cai] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    await befriend(souk, ana, ben);
    await follow(souk, ana, cai); // cai does not follow back: not a friend
    const fromBen = await publish(souk, ben, { body: 'moment', visibility: 'friends' });
    const fromCai = await publish(souk, cai, { body: 'public' });
    const mine = await publish(souk, ana, { body: 'my moment', visibility: 'friends' });
    expect(await timelineIds(souk, ana, '/api/timelines/friends')).toEqual([mine.id, fromBen.id]);
    expect(await timelineIds(souk, ana, '/api/timelines/following')).toEqual([mine.id, fromCai.id, fromBen.id]);
  });

  it('pulls the posts of authors above the fan-out threshold at read time, with no inbox rows', async () => {
    const kol = await newUser(souk);
    const fans = await Promise.all(Array.from({ length: 4 }, () => newUser(souk)));
    for (const fan of fans) await follow(souk, fan, kol); // threshold is 3: kol becomes a pull author
    const before = await publish(souk, kol, { body: 'to my fans' });
    const friendsOnly = await publish(souk, kol, { body: 'to my friends', visibility: 'friends' });
    await follow(souk, kol, fans[0]!);

    const rows = await souk.platform.database.db.selectFrom('inbox').select('user_id').where('post_id', '=', before.id).execute();
    expect(rows.map((row: { user_id: string }) => row.user_id)).toEqual([kol.id]);
    for (const fan of fans) expect(await timelineIds(souk, fan, '/api/timelines/following')).toContain(before.id);
    // The pull path applies visibility too: only the friend sees the friends-only post.
    expect(await timelineIds(souk, fans[0]!, '/api/timelines/following')).toContain(friendsOnly.id);
    expect(await timelineIds(souk, fans[0]!, '/api/timelines/friends')).toEqual([friendsOnly.id, before.id]);
    expect(await timelineIds(souk, fans[1]!, '/api/timelines/following')).not.toContain(friendsOnly.id);
  });

  it('fans a post out after commit, in batches, to every follower (or every friend) once', async () => {
    // A separate app with the default threshold, so 2,500 followers stay below it.
    const local = await startTestSouk();
    try {
      const author = await newUser(local);
      const { db } = local.platform.database;
      const followers = Array.from({ length: 2500 }, (_, i) => `usr_fan${String(i).padStart(23, '0')}`);
      const now = new Date().toISOString();
      for (let i = 0; i < followers.length; i += 500) {
        const rows = followers.slice(i, i + 500).map((id) => ({ follower_id: id, followee_id: author.id, created_at: now }));
        await db.insertInto('follows').values(rows).execute();
      }
      // Every tenth follower is followed back: a friend.
      const friends = followers.filter((_, i) => i % 10 === 0);
      for (let i = 0; i < friends.length; i += 200) {
        await db.insertInto('follows').values(friends.slice(i, i + 200).map((id) => ({ follower_id: author.id, followee_id: id, created_at: now }))).execute();
      }
      const inboxOf = async (postId: string) =>
        (await db.selectFrom('inbox').select('user_id').where('post_id', '=', postId).execute()).map((row: { user_id: string }) => row.user_id);

      const post = await publish(local, author, { body: 'to everyone' });
      expect(new Set(await inboxOf(post.id))).toEqual(new Set([author.id, ...followers]));
      const moment = await publish(local, author, { body: 'to friends', visibility: 'friends' });
      expect(new Set(await inboxOf(moment.id))).toEqual(new Set([author.id, ...friends]));
      // Narrowed by an edit: the rows go at once, and come back for the new audience only.
      await call(local, author, 'PATCH', `/api/posts/${post.id}`, { visibility: 'friends' });
      await local.events.settle();
      expect(new Set(await inboxOf(post.id))).toEqual(new Set([author.id, ...friends]));
    } finally {
      await local.stop();
    }
  });

  it('pages through long timelines without repeating or skipping, across inbox and pull sources', async () => {
    const reader = await newUser(souk);
    const kol = await newUser(souk);
    const fans = await Promise.all(Array.from({ length: 3 }, () => newUser(souk)));
    for (const fan of fans) await follow(souk, fan, kol);
    const friend = await newUser(souk);
    await follow(souk, reader, kol);
    await follow(souk, reader, friend);
    const expected: string[] = [];
    for (let i = 0; i < 24; i++) {
      const author = i % 3 === 0 ? kol : friend;
      const visibility = i % 5 === 0 ? 'only_me' : 'public';
      const post = await publish(souk, author, { body: `post ${i}`, visibility });
      if (visibility === 'public') expected.unshift(post.id);
    }
    expect(await timelineIds(souk, reader, '/api/timelines/following')).toEqual(expected);
  });

  it('shows a profile by what the viewer may see, and a hashtag page of public posts only', async () => {
    const [ana, friend, follower, stranger] = [await newUser(souk), await newUser(souk), await newUser(souk), await newUser(souk)];
    await befriend(souk, ana, friend);
    await follow(souk, follower, ana);
    const posts: Record<string, string> = {};
    for (const visibility of ['public', 'followers', 'friends', 'only_me'] as const) {
      posts[visibility] = (await publish(souk, ana, { body: `#tagpage ${visibility}`, visibility })).id;
    }
    const newest = (...v: string[]) => v.map((name) => posts[name]!).reverse();
    expect(await timelineIds(souk, ana, `/api/users/${ana.id}/posts`)).toEqual(newest('public', 'followers', 'friends', 'only_me'));
    expect(await timelineIds(souk, friend, `/api/users/${ana.id}/posts`)).toEqual(newest('public', 'followers', 'friends'));
    expect(await timelineIds(souk, follower, `/api/users/${ana.id}/posts`)).toEqual(newest('public', 'followers'));
    expect(await timelineIds(souk, stranger, `/api/users/${ana.id}/posts`)).toEqual(newest('public'));
    expect(await timelineIds(souk, null, `/api/users/${ana.id}/posts`)).toEqual(newest('public'));
    expect(await timelineIds(souk, ana, '/api/hashtags/TagPage/posts')).toEqual([posts.public]);
    expect((await call(souk, null, 'GET', '/api/hashtags/tagpage')).body).toEqual({ key: 'tagpage', name: 'tagpage', postCount: 1 });
    expect((await call(souk, null, 'GET', '/api/hashtags/never-used')).body.code).toBe('HASHTAG_NOT_FOUND');
  });
});

import { FEED_DWELL_MAX_MS, FEED_SIGNAL_BATCH_MAX, FEED_WATCH_SHARE_MAX } from '@souk/contracts';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/config.js';
import { ManualClock } from '../../platform/clock.js';
import { logRows, publishVideo, report, sendSignals, signal } from '../../test/feed.js';
import { startTestSouk } from '../../test/harness.js';
import { call, follow, newUser, publish, uploadImage } from '../../test/social.js';
import { SignalsStore } from './signals.store.js';

const MINUTE = 60_000;
const BATCHES_PER_MINUTE = 40;
const clock = new ManualClock(new Date('2026-03-01T12:00:00.000Z'));
const souk = await startTestSouk({ clock, config: { feed: { ...loadConfig({}).feed, signalBatchesPerMinute: BATCHES_PER_MINUTE } } });
afterAll(async () => {
  await souk.stop();
});
const db = souk.platform.database.db;

async function learnedRows(userId: string): Promise<number> {
  const { n } = await db
    .selectFrom('feed_signals')
    .select(sql<number>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('learned', '=', souk.platform.database.dialect === 'postgres' ? sql<boolean>`true` : sql<number>`1`)
    .executeTakeFirstOrThrow();
  return Number(n);
}

async function heatOf(postId: string): Promise<number> {
  const row = await db.selectFrom('feed_items').select('heat').where('post_id', '=', postId).executeTakeFirstOrThrow();
  return Number(row.heat);
}

describe('feed signals', () => {
  it('takes a batch, logs each signal once, and counts a resent batch as duplicates', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { title: 'Tarte tatin', body: 'caramel #cuisine' });
    clock.advance(MINUTE);
    const batch = [signal(post, 'impression'), signal(post, 'dwell', { dwellMs: 12_000 }), signal(post, 'like'), signal(post, 'bookmark')];
    expect(await sendSignals(souk, reader, batch)).toEqual({ status: 200, body: { accepted: 4, duplicates: 0, rejected: [] } });
    expect(await logRows(souk, reader.id)).toBe(4);
    // A client that did not hear the answer sends the same batch again, and a new signal with it.
    const again = [...batch, signal(post, 'share')];
    expect(await sendSignals(souk, reader, again)).toEqual({ status: 200, body: { accepted: 1, duplicates: 4, rejected: [] } });
    expect(await logRows(souk, reader.id)).toBe(5);
    expect(await learnedRows(reader.id)).toBe(5);
  });

  it('counts a signal id repeated inside one batch once', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'hello' });
    const one = signal(post, 'impression');
    expect((await sendSignals(souk, reader, [one, one, { ...one }])).body).toEqual({ accepted: 1, duplicates: 2, rejected: [] });
  });


  it('keeps each user\'s signals apart when batches arriving together are written together', async () => {
    const [author, first, second] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'read by two' });
    clock.advance(MINUTE);
    const position = souk.feed.model.position;
    // Client ids are the client's own: the same ids from another account are other signals.
    const batch = [signal(post, 'impression'), signal(post, 'like'), signal(post, 'like')];
    const answers = await Promise.all([sendSignals(souk, first, batch), sendSignals(souk, first, batch), sendSignals(souk, second, batch)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    // The first user's batch sent twice at once counts once; which copy is the resend is the order of arrival.
    expect(answers.slice(0, 2).map((answer) => answer.body.accepted).sort()).toEqual([0, 3]);
    expect(answers.slice(0, 2).map((answer) => answer.body.duplicates).sort()).toEqual([0, 3]);
    expect(answers[2]!.body).toEqual({ accepted: 3, duplicates: 0, rejected: [] });
    expect([await logRows(souk, first.id), await logRows(souk, second.id)]).toEqual([3, 3]);
    // Each user's like is learnt once, and each user's impression.
    expect([await learnedRows(first.id), await learnedRows(second.id)]).toEqual([2, 2]);
    expect(souk.feed.model.position).toBeGreaterThan(position);
  });
  it('refuses each impossible signal with its reason and keeps the rest of the batch', async () => {
    const [author, stranger, reader] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const note = await publish(souk, author, { body: 'a plain note' });
    const followersOnly = await publish(souk, stranger, { body: 'for my followers', visibility: 'followers' });
    const pictured = await publish(souk, author, { body: 'a note with a picture', mediaIds: [await uploadImage(souk, author)] });
    const video = await publishVideo(souk, author, 'a clip');
    clock.advance(10 * MINUTE);
    const batch = [
      signal(note, 'impression'),
      signal('pst_01JD3X000000000000000000ZZ', 'impression'),
      signal(followersOnly, 'like'),
      signal(note, 'dwell', { dwellMs: FEED_DWELL_MAX_MS + 1 }),
      signal(note, 'dwell', { dwellMs: 11 * MINUTE }),
      signal(note, 'dwell'),
      signal(pictured, 'watch', { watchShare: 0.5 }),
      signal(video, 'watch', { watchShare: FEED_WATCH_SHARE_MAX + 0.5 }),
      signal(video, 'watch'),
      signal(note, 'like', { dwellMs: 1000 }),
      signal(video, 'impression', { watchShare: 1 }),
      signal(note, 'dwell', { dwellMs: 4000 }),
      signal(video, 'watch', { watchShare: 2.5 }),
    ];
    const { status, body } = await sendSignals(souk, reader, batch);
    expect(status).toBe(200);
    expect(body.accepted).toBe(3);
    expect(body.duplicates).toBe(0);
    expect(body.rejected.map((rejection) => [rejection.index, rejection.code])).toEqual([
      [1, 'POST_NOT_FOUND'],
      [2, 'POST_NOT_FOUND'],
      [3, 'DWELL_IMPOSSIBLE'],
      [4, 'DWELL_IMPOSSIBLE'],
      [5, 'DWELL_IMPOSSIBLE'],
      [6, 'WATCH_SHARE_IMPOSSIBLE'],
      [7, 'WATCH_SHARE_IMPOSSIBLE'],
      [8, 'WATCH_SHARE_IMPOSSIBLE'],
      [9, 'FIELD_NOT_ALLOWED'],
      [10, 'FIELD_NOT_ALLOWED'],
    ]);
    for (const rejection of body.rejected) expect(rejection.message.length).toBeGreaterThan(0);
    expect(await logRows(souk, reader.id)).toBe(3);

    // Following makes the followers-only post visible, and its signal welcome.
    await follow(souk, reader, stranger);
    await report(souk, reader, [signal(followersOnly, 'like')]);
  });

  it('refuses signals about posts of someone blocked either way, and about deleted posts', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'soon gone' });
    expect((await call(souk, author, 'PUT', `/api/users/${reader.id}/block`)).status).toBe(200);
    expect((await sendSignals(souk, reader, [signal(post, 'impression')])).body.rejected[0]?.code).toBe('POST_NOT_FOUND');
    expect((await call(souk, author, 'DELETE', `/api/users/${reader.id}/block`)).status).toBe(200);
    await report(souk, reader, [signal(post, 'impression')]);
    expect((await call(souk, author, 'DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    expect((await sendSignals(souk, reader, [signal(post, 'like')])).body.rejected[0]?.code).toBe('POST_NOT_FOUND');
  });

  it('refuses a malformed batch whole, and stores nothing of it', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'x' });
    const good = signal(post, 'impression');
    const malformed: unknown[] = [
      [],
      [good, { ...signal(post, 'impression'), kind: 'stare' }],
      [good, { ...signal(post, 'like'), id: 'short' }],
      [good, { ...signal(post, 'like'), id: 'has spaces in it' }],
      [good, { ...signal(post, 'dwell'), dwellMs: -5 }],
      [good, { ...signal(post, 'dwell'), dwellMs: '5000' }],
      [good, { ...signal(post, 'watch'), watchShare: -0.1 }],
      [good, { ...signal(post, 'like'), at: 'yesterday' }],
      [good, { ...signal(post, 'like'), extra: true }],
      [good, { postId: post.id, kind: 'like' }],
      Array.from({ length: FEED_SIGNAL_BATCH_MAX + 1 }, () => signal(post, 'impression')),
    ];
    for (const signals of malformed) {
      const { status, body } = await call(souk, reader, 'POST', '/api/feed/signals', { signals });
      expect(status, JSON.stringify(signals).slice(0, 200)).toBe(400);
      expect(body.code).toBe('VALIDATION_FAILED');
    }
    for (const payload of [{}, { signals: 'all' }, { signals: [good], more: 1 }]) {
      expect((await call(souk, reader, 'POST', '/api/feed/signals', payload)).status).toBe(400);
    }
    expect(await logRows(souk, reader.id)).toBe(0);
    expect((await call(souk, null, 'POST', '/api/feed/signals', { signals: [good] })).status).toBe(401);
  });

  it('learns a like once however often one account repeats it, and heats the post once', async () => {
    const [author, fan] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'like me' });
    const cold = await heatOf(post.id);
    await report(souk, fan, [signal(post, 'like')]);
    const warm = await heatOf(post.id);
    expect(warm).toBeGreaterThan(cold);
    const position = souk.feed.model.position;
    for (let batch = 0; batch < 3; batch++) await report(souk, fan, Array.from({ length: 100 }, () => signal(post, 'like')));
    expect(await logRows(souk, fan.id)).toBe(301);
    expect(await learnedRows(fan.id)).toBe(1);
    expect(await heatOf(post.id)).toBe(warm);
    expect(souk.feed.model.position).toBe(position);
  });

  it('heats a post as much from engagements sent together as from the same ones sent apart', async () => {
    const [author, together, apart] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const [first, second] = [await publish(souk, author, { body: 'one' }), await publish(souk, author, { body: 'two' })];
    expect(await heatOf(first.id)).toBe(await heatOf(second.id));
    const kinds = ['like', 'bookmark', 'comment', 'share'] as const;
    await report(souk, together, kinds.map((kind) => signal(first, kind)));
    for (const kind of kinds) await report(souk, apart, [signal(second, kind)]);
    expect(await heatOf(first.id)).toBeCloseTo(await heatOf(second.id), 9);
  });

  it('takes a like made through the social route as a signal, and a client like of the same post as a repeat', async () => {
    const [author, fan] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'liked the usual way' });
    expect((await call(souk, fan, 'PUT', `/api/posts/${post.id}/like`)).status).toBe(200);
    await souk.events.settle();
    expect(await learnedRows(fan.id)).toBe(1);
    await report(souk, fan, [signal(post, 'like')]);
    expect(await logRows(souk, fan.id)).toBe(2);
    expect(await learnedRows(fan.id)).toBe(1);
  });

  it("keeps the words of a post's text for the engine's start of it, and forgets them with the post", async () => {
    const author = await newUser(souk);
    const post = await publish(souk, author, { title: 'Ramen at home', body: 'The broth takes hours #ramen' });
    await souk.events.settle();
    const terms = async () => (await db.selectFrom('feed_items').select('terms').where('post_id', '=', post.id).executeTakeFirstOrThrow()).terms;
    expect(JSON.parse(await terms())).toEqual(['home', 'broth', 'takes', 'hours']);
    expect((await call(souk, author, 'DELETE', `/api/posts/${post.id}`)).status).toBe(204);
    await souk.events.settle();
    expect(JSON.parse(await terms())).toEqual([]);
  });

  it("logs whether the user followed the post's author, from a batch and from a like, and replays it", async () => {
    const [author, stranger, fan] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    await follow(souk, fan, author);
    await souk.events.settle();
    const [followedPost, otherPost] = [await publish(souk, author, { body: 'from someone I follow' }), await publish(souk, stranger, { body: 'from a stranger' })];
    clock.advance(MINUTE);
    await report(souk, fan, [signal(followedPost, 'impression'), signal(otherPost, 'impression')]);
    expect((await call(souk, fan, 'PUT', `/api/posts/${otherPost.id}/like`)).status).toBe(200);
    expect((await call(souk, fan, 'PUT', `/api/posts/${followedPost.id}/like`)).status).toBe(200);
    await souk.events.settle();
    const rows = await db.selectFrom('feed_signals').select(['post_id', 'kind', 'followed_author']).where('user_id', '=', fan.id).orderBy('seq').execute();
    expect(rows.map((row) => [row.post_id, Number(row.kind), Boolean(row.followed_author)])).toEqual([
      [followedPost.id, 1, true],
      [otherPost.id, 1, false],
      [otherPost.id, 4, false],
      [followedPost.id, 4, true],
    ]);
    const replayed = (await new SignalsStore().learnedAfter(db, 0, 100_000)).filter((logged) => logged.userId === fan.id);
    expect(replayed.map((logged) => logged.followedAuthor ?? false)).toEqual([true, false, false, true]);
  });

  it('learns an unlike, and the deletion of one\'s own comment, as a withdrawal (a skip), once', async () => {
    const [author, fan] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'liked, then not' });
    const learnedKinds = async (): Promise<number[]> =>
      (
        await db
          .selectFrom('feed_signals')
          .select('kind')
          .where('user_id', '=', fan.id)
          .where('learned', '=', souk.platform.database.dialect === 'postgres' ? sql<boolean>`true` : sql<number>`1`)
          .orderBy('seq')
          .execute()
      ).map((row) => Number(row.kind));
    const [LIKE, COMMENT, SKIP] = [4, 5, 11];
    expect((await call(souk, fan, 'PUT', `/api/posts/${post.id}/like`)).status).toBe(200);
    expect((await call(souk, fan, 'DELETE', `/api/posts/${post.id}/like`)).status).toBe(200);
    // Unliking a post not liked changes nothing, and emits nothing.
    expect((await call(souk, fan, 'DELETE', `/api/posts/${post.id}/like`)).status).toBe(200);
    await souk.events.settle();
    expect(await learnedKinds()).toEqual([LIKE, SKIP]);
    // Liking it again is a change of mind, learnt again; so is taking that like back.
    expect((await call(souk, fan, 'PUT', `/api/posts/${post.id}/like`)).status).toBe(200);
    await souk.events.settle();
    expect(await learnedKinds()).toEqual([LIKE, SKIP, LIKE]);
    expect((await call(souk, fan, 'DELETE', `/api/posts/${post.id}/like`)).status).toBe(200);
    await souk.events.settle();
    expect(await learnedKinds()).toEqual([LIKE, SKIP, LIKE, SKIP]);

    // A comment the post's author removes says nothing of the commenter's taste; one the commenter removes does.
    const other = await publish(souk, author, { body: 'talked about' });
    const first = await call(souk, fan, 'POST', `/api/posts/${other.id}/comments`, { body: 'nice' });
    expect(first.status).toBe(201);
    await souk.events.settle();
    expect((await call(souk, author, 'DELETE', `/api/comments/${first.body.id}`)).status).toBe(204);
    await souk.events.settle();
    expect(await learnedKinds()).toEqual([LIKE, SKIP, LIKE, SKIP, COMMENT]);
    const second = await call(souk, fan, 'POST', `/api/posts/${other.id}/comments`, { body: 'on second thought' });
    expect((await call(souk, fan, 'DELETE', `/api/comments/${second.body.id}`)).status).toBe(204);
    await souk.events.settle();
    expect(await learnedKinds()).toEqual([LIKE, SKIP, LIKE, SKIP, COMMENT, SKIP]);
  });

  it('counts a signal on a repost for the post it shares', async () => {
    const [author, reposter, reader] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const original = await publish(souk, author, { body: 'worth sharing' });
    const repost = await publish(souk, reposter, { body: 'look', repostOf: original.id });
    await report(souk, reader, [signal(repost, 'like')]);
    const row = await db.selectFrom('feed_signals').select('post_id').where('user_id', '=', reader.id).executeTakeFirstOrThrow();
    expect(row.post_id).toBe(original.id);

    // A repost whose original the reader may not see (its author blocked them) is refused like the original.
    expect((await call(souk, author, 'PUT', `/api/users/${reader.id}/block`)).status).toBe(200);
    expect((await sendSignals(souk, reader, [signal(repost, 'bookmark')])).body.rejected[0]?.code).toBe('POST_NOT_FOUND');
  });

  it('keeps a client time within the last few minutes', async () => {
    const [author, reader] = [await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'time' });
    clock.advance(60 * MINUTE);
    const now = clock.now().getTime();
    await report(souk, reader, [
      signal(post, 'impression', { at: new Date(now - 2 * MINUTE).toISOString() }),
      signal(post, 'like', { at: new Date(now + 5 * MINUTE).toISOString() }),
      signal(post, 'skip', { at: new Date(now - 45 * MINUTE).toISOString() }),
    ]);
    const rows = await db.selectFrom('feed_signals').select(['kind', 'at_ms']).where('user_id', '=', reader.id).orderBy('seq').execute();
    expect(rows.map((row) => Number(row.at_ms) - now)).toEqual([-2 * MINUTE, 0, -10 * MINUTE]);
  });

  it('limits how many batches one account sends, with Retry-After', async () => {
    const [author, flooder, other] = [await newUser(souk), await newUser(souk), await newUser(souk)];
    const post = await publish(souk, author, { body: 'flooded' });
    // However the limiter's minute falls, 2 × limit + 1 quick batches cannot all fit in it.
    const statuses: number[] = [];
    let refusal: { code?: string } | null = null;
    for (let i = 0; i < 2 * BATCHES_PER_MINUTE + 1; i++) {
      const response = await souk.app.inject({ method: 'POST', url: '/api/feed/signals', headers: flooder.headers, payload: { signals: [signal(post, 'impression')] } });
      statuses.push(response.statusCode);
      if (response.statusCode === 429) {
        refusal = response.json();
        expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }
    }
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThan(0);
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(2 * BATCHES_PER_MINUTE);
    expect(refusal?.code).toBe('RATE_LIMITED');
    // Another account is not held back by it.
    await report(souk, other, [signal(post, 'impression')]);
  });
});

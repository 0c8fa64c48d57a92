import { describe, expect, it } from 'vitest';
import { HOUR, newEngine, organicSignals, request, SEED, T0, TOPICS, trained, world } from './engine.fixture.js';
import { Rng } from './random.js';
import { SNAPSHOT_VERSION } from './snapshot.js';
import type { EngineItem } from './types.js';

console.log(`feed engine tests: seed ${SEED}`);

const topicOf = (id: string): string => id.split('-')[0]!;

describe('the For You engine', () => {
  it('moves a new user toward what they engage with, from the next call', () => {
    const { engine, itemsOf, end } = trained();
    const before = engine.recommend(request('newcomer', end));
    expect(before.length).toBe(10);
    const travel = itemsOf('travel');
    let at = end;
    for (const item of travel.slice(0, 4)) {
      engine.observe({ userId: 'newcomer', itemId: item.id, kind: 'impression', at: (at += 1000) });
      engine.observe({ userId: 'newcomer', itemId: item.id, kind: 'like', at: (at += 1000) });
    }
    const after = engine.recommend(request('newcomer', at + 1000));
    const share = (page: typeof after): number => page.filter((rec) => !rec.explored && topicOf(rec.itemId) === 'travel').length / page.filter((rec) => !rec.explored).length;
    expect(share(after)).toBeGreaterThan(share(before));
    expect(share(after)).toBeGreaterThanOrEqual(0.5);
  });

  it('recommends each user their own topic', () => {
    const { engine, end } = trained();
    let hits = 0;
    let shown = 0;
    for (let u = 0; u < 16; u++) {
      const page = engine.recommend(request(`user-${u}`, end)).filter((rec) => !rec.explored);
      hits += page.filter((rec) => topicOf(rec.itemId) === TOPICS[u % TOPICS.length]).length;
      shown += page.length;
    }
    expect(hits / shown).toBeGreaterThan(0.5);
  });

  it('applies "not interested" in an author or a topic on the next call', () => {
    const { engine, end } = trained();
    const page = engine.recommend(request('user-1', end));
    const author = engine.recommend(request('user-1', end))[0]!.itemId.replace(/-\d+$/, '');
    const authorId = `author-${author}`;
    expect(page.some((rec) => `author-${rec.itemId.replace(/-\d+$/, '')}` === authorId)).toBe(true);
    const withoutAuthor = engine.recommend(request('user-1', end + 1, { notInterested: { items: new Set(), authors: new Set([authorId]), topics: new Set() } }));
    expect(withoutAuthor.some((rec) => `author-${rec.itemId.replace(/-\d+$/, '')}` === authorId)).toBe(false);
    const withoutTopic = engine.recommend(request('user-1', end + 2, { notInterested: { items: new Set(), authors: new Set(), topics: new Set(['travel']) } }));
    expect(withoutTopic.length).toBe(10);
    expect(withoutTopic.some((rec) => topicOf(rec.itemId) === 'travel')).toBe(false);
    const item = page[0]!.itemId;
    const withoutItem = engine.recommend(request('user-1', end + 3, { notInterested: { items: new Set([item]), authors: new Set(), topics: new Set() } }));
    expect(withoutItem.some((rec) => rec.itemId === item)).toBe(false);
  });

  it('leaves out excluded items and hidden authors', () => {
    const { engine, end } = trained();
    const page = engine.recommend(request('user-2', end));
    const excluded = new Set(page.slice(0, 5).map((rec) => rec.itemId));
    const next = engine.recommend(request('user-2', end, { exclude: (id) => excluded.has(id), hiddenAuthors: new Set(['author-beauty-0', 'author-beauty-1']) }));
    expect(next.length).toBe(10);
    expect(next.some((rec) => excluded.has(rec.itemId))).toBe(false);
    expect(next.some((rec) => rec.itemId.startsWith('beauty-0-') || rec.itemId.startsWith('beauty-1-'))).toBe(false);
  });

  it("tells, when asked, each source's own candidates after the filters, and serves the same page either way", () => {
    const plain = trained();
    const traced = trained();
    const excluded = new Set(plain.engine.recommend(request('user-3', plain.end)).slice(0, 4).map((rec) => rec.itemId));
    traced.engine.recommend(request('user-3', traced.end));
    const hiddenAuthors = new Set(['author-tech-0']);
    const bySource = new Map<string, string[]>();
    const overrides = { exclude: (id: string) => excluded.has(id), hiddenAuthors, limit: 20 };
    const page = traced.engine.recommend(request('user-3', traced.end + 1, { ...overrides, retrieval: bySource }));
    expect(page).toEqual(plain.engine.recommend(request('user-3', plain.end + 1, overrides)));

    for (const source of ['vector', 'co_engagement', 'sequence', 'trending', 'fresh']) expect(bySource.get(source)?.length, source).toBeGreaterThan(0);
    const liked = new Set(organicSignals(plain.items).filter((signal) => signal.userId === 'user-3' && signal.kind !== 'impression' && signal.kind !== 'skip').map((signal) => signal.itemId));
    for (const [source, items] of bySource) {
      expect(new Set(items).size, source).toBe(items.length);
      expect(items.some((id) => excluded.has(id) || id.startsWith('tech-0-') || liked.has(id)), source).toBe(false);
    }
    const pooled = new Set([...bySource.values()].flat());
    for (const rec of page) expect(pooled.has(rec.itemId)).toBe(true);
  });

  it('never serves a removed item', () => {
    const { engine, end } = trained();
    const page = engine.recommend(request('user-4', end));
    const removed = page.slice(0, 3).map((rec) => rec.itemId);
    for (const id of removed) engine.removeItem(id);
    for (const id of removed) expect(engine.hasItem(id)).toBe(false);
    for (let u = 0; u < 48; u++) {
      const next = engine.recommend(request(`user-${u}`, end + 1, { limit: 20 }));
      expect(next.some((rec) => removed.includes(rec.itemId))).toBe(false);
    }
  });

  it('keeps at most maxPerAuthor items per author on a page', () => {
    const { engine, end } = trained();
    for (let u = 0; u < 8; u++) {
      const page = engine.recommend(request(`user-${u}`, end, { limit: 20 }));
      const perAuthor = new Map<string, number>();
      for (const rec of page) {
        const author = rec.itemId.replace(/-\d+$/, '');
        perAuthor.set(author, (perAuthor.get(author) ?? 0) + 1);
      }
      expect(Math.max(...perAuthor.values())).toBeLessThanOrEqual(engine.config.maxPerAuthor);
    }
  });

  it('gives exploration a bounded share of each page, marked and explained', () => {
    const { engine, end } = trained();
    const fresh: EngineItem[] = Array.from({ length: 30 }, (_, i) => ({ id: `new-${i}`, authorId: `newcomer-${i % 10}`, topics: ['food'], kind: 'video', createdAt: end - 1000 }));
    for (const item of fresh) engine.upsertItem(item);
    let explored = 0;
    for (let u = 0; u < 48; u++) {
      const page = engine.recommend(request(`user-${u}`, end + u, { limit: 20 }));
      const marked = page.filter((rec) => rec.explored);
      expect(marked.length).toBeLessThanOrEqual(Math.ceil(engine.config.explorationShare * 20));
      for (const rec of marked) {
        expect(rec.source).toBe('exploration');
        expect(['new_creator', 'fresh']).toContain(rec.reasons[0]!.kind);
      }
      explored += marked.length;
    }
    expect(explored).toBeGreaterThan(0);
  });

  it('keeps the exploration budget when the pool is larger than the ranker keeps', () => {
    // 1,600 month-old items by 160 authors on 8 topics, 300 users who each liked 30 of their topic's, 40 new items; the caller offers 700 candidates of its own.
    const items: EngineItem[] = [];
    TOPICS.forEach((topic, t) => {
      for (let a = 0; a < 20; a++) for (let i = 0; i < 10; i++) items.push({ id: `${topic}-${a}-${i}`, authorId: `author-${t}-${a}`, topics: [topic], kind: 'note', createdAt: T0 - 30 * 24 * HOUR });
    });
    const engine = newEngine();
    for (const item of items) engine.upsertItem(item);
    const rng = new Rng(SEED, 2);
    let at = T0;
    for (let u = 0; u < 300; u++) {
      const topic = u % TOPICS.length;
      for (let n = 0; n < 30; n++) {
        const item = items[topic * 200 + rng.int(200)]!;
        engine.observe({ userId: `user-${u}`, itemId: item.id, kind: 'impression', at: (at += 10_000) });
        engine.observe({ userId: `user-${u}`, itemId: item.id, kind: 'like', at: at + 1000 });
      }
    }
    const now = at + HOUR;
    for (let i = 0; i < 40; i++) engine.upsertItem({ id: `new-${i}`, authorId: `newcomer-${i}`, topics: [TOPICS[i % TOPICS.length]!], kind: 'note', createdAt: now - 60_000 });
    let explored = 0;
    for (let u = 0; u < 10; u++) {
      const social = Array.from({ length: 700 }, (_, k) => items[(k * 7 + u) % items.length]!).map((item) => ({ itemId: item.id, source: 'social' as const, score: 0.5, reason: { kind: 'following' as const, authorId: item.authorId } }));
      const page = engine.recommend(request(`user-${u}`, now, { limit: 20, extraCandidates: social }));
      expect(page).toHaveLength(20);
      for (const rec of page.filter((rec) => rec.explored)) expect(rec.itemId.startsWith('new-')).toBe(true);
      explored += page.filter((rec) => rec.explored).length;
    }
    // The budget is a tenth of each page: 2 slots, filled on every page.
    expect(explored).toBe(10 * 2);
  });

  it('gives every item one to three reasons, the main one first', () => {
    const { engine, end } = trained();
    const page = engine.recommend(request('user-3', end, { followedAuthors: new Set(['author-fashion-0']) }));
    const liked = new Set<string>();
    for (const rec of page) {
      expect(rec.reasons.length).toBeGreaterThanOrEqual(1);
      expect(rec.reasons.length).toBeLessThanOrEqual(3);
      expect(new Set(rec.reasons.map((reason) => reason.kind)).size).toBe(rec.reasons.length);
      for (const reason of rec.reasons) if (reason.kind === 'similar_to') liked.add(reason.itemId);
    }
    expect(page.some((rec) => rec.reasons.some((reason) => reason.kind === 'similar_to' || reason.kind === 'interest'))).toBe(true);
    for (const id of liked) expect(topicOf(id)).toBe('fashion');
  });

  it('keeps the social source\'s reason beside the main one', () => {
    const { engine, end } = trained();
    const first = engine.recommend(request('user-0', end, { limit: 20 })).find((rec) => rec.reasons[0]!.kind === 'similar_to')!;
    // Thirty social candidates score higher, so for this item the social source is not the best-ranked one.
    const others = Array.from({ length: 30 }, (_, i) => ({ itemId: `books-${i % 3}-${Math.floor(i / 3)}`, source: 'social' as const, score: 5, reason: { kind: 'following' as const, authorId: `author-books-${i % 3}` } }));
    const friendsLiked = { kind: 'friends_liked' as const, userId: 'user-8', count: 2 };
    const page = engine.recommend(
      request('user-0', end + 1, { limit: 20, extraCandidates: [...others, { itemId: first.itemId, source: 'social', score: 1, reason: friendsLiked }] }),
    );
    const rec = page.find((candidate) => candidate.itemId === first.itemId)!;
    expect(rec.reasons[0]).toEqual(first.reasons[0]);
    expect(rec.reasons).toContainEqual(friendsLiked);
  });

  it('is deterministic for a seed', () => {
    const a = trained();
    const b = trained();
    for (let u = 0; u < 8; u++) expect(a.engine.recommend(request(`user-${u}`, a.end))).toEqual(b.engine.recommend(request(`user-${u}`, b.end)));
  });

  it('restores from a snapshot to the same recommendations', () => {
    const { engine, end } = trained();
    const snapshot = engine.snapshot();
    const copy = newEngine();
    copy.restore(snapshot);
    for (let u = 0; u < 12; u++) expect(copy.recommend(request(`user-${u}`, end))).toEqual(engine.recommend(request(`user-${u}`, end)));
    expect(copy.snapshot()).toEqual(engine.snapshot());
  });

  it("keeps what items' words mean through a snapshot and a retrain, so a new item with the same words starts in the same place", () => {
    const { items } = world();
    const words: Record<string, string[]> = { food: ['ramen', 'broth'], travel: ['trail', 'summit'], tech: ['laptop', 'review'] };
    const withWords = items.map((item) => ({ ...item, terms: words[item.topics[0]!] ?? [] }));
    const engine = newEngine();
    for (const item of withWords) engine.upsertItem(item);
    for (const signal of organicSignals(withWords)) engine.observe(signal);
    const copy = newEngine();
    copy.restore(engine.snapshot());
    expect(copy.snapshot()).toEqual(engine.snapshot());

    // A new post with no hashtag, by a new author, whose text talks of ramen: both engines start it alike.
    const newcomer = { id: 'ramen-at-home', authorId: 'new-cook', topics: [], terms: ['ramen', 'broth', 'home'], kind: 'note' as const, createdAt: T0 };
    engine.upsertItem(newcomer);
    copy.upsertItem(newcomer);
    expect(copy.snapshot()).toEqual(engine.snapshot());

    const retrained = newEngine();
    for (const item of withWords) retrained.upsertItem(item);
    retrained.retrain(organicSignals(withWords));
    const restored = newEngine();
    restored.restore(retrained.snapshot());
    expect(restored.snapshot()).toEqual(retrained.snapshot());
    // A retrain keeps each item's words: its snapshot is not the one of the same catalogue without them.
    const wordless = newEngine();
    for (const item of items) wordless.upsertItem(item);
    wordless.retrain(organicSignals(items));
    expect(Buffer.from(retrained.snapshot()).equals(Buffer.from(wordless.snapshot()))).toBe(false);
  });

  it('restores in slices to the same state, and refuses to serve or learn until it has', async () => {
    const { engine, end } = trained();
    const snapshot = engine.snapshot();
    const copy = newEngine();
    const restoring = copy.restoreInSlices(snapshot);
    expect(() => copy.recommend(request('user-1', end))).toThrow(/being restored/);
    expect(() => copy.observe({ userId: 'user-1', itemId: 'x', kind: 'like', at: end })).toThrow(/being restored/);
    await restoring;
    for (let u = 0; u < 6; u++) expect(copy.recommend(request(`user-${u}`, end))).toEqual(engine.recommend(request(`user-${u}`, end)));
    expect(copy.snapshot()).toEqual(snapshot);
  });

  it('restores from snapshot bytes that do not start on an 8-byte boundary (a pooled Buffer from the database)', () => {
    const { engine, end } = trained();
    const snapshot = engine.snapshot();
    const unaligned = new Uint8Array(snapshot.length + 3).subarray(3);
    unaligned.set(snapshot);
    const copy = newEngine();
    copy.restore(unaligned);
    expect(copy.recommend(request('user-3', end))).toEqual(engine.recommend(request('user-3', end)));
    expect(copy.snapshot()).toEqual(snapshot);
  });

  it("refuses a snapshot of the previous format, and keeps serving what it had", () => {
    const { engine, end } = trained();
    const old = engine.snapshot().slice();
    const before = engine.recommend(request('user-2', end));
    new DataView(old.buffer).setUint32(4, SNAPSHOT_VERSION - 1, true);
    expect(() => engine.restore(old)).toThrow(`feed engine snapshot version ${SNAPSHOT_VERSION - 1} is not ${SNAPSHOT_VERSION}`);
    expect(engine.recommend(request('user-2', end))).toEqual(before);
  });

  it('retrains from the log to pages at least as good as online learning, and serves from the retrained state', () => {
    const online = trained();
    const { items } = world();
    const batch = newEngine();
    for (const item of items) batch.upsertItem(item);
    batch.retrain([...organicSignals(items)].reverse());
    const ownTopicShare = (engine: typeof batch): number => {
      let own = 0;
      let shown = 0;
      for (let u = 0; u < 48; u++) {
        const page = engine.recommend(request(`user-${u}`, online.end, { limit: 10 })).filter((rec) => !rec.explored);
        own += page.filter((rec) => topicOf(rec.itemId) === TOPICS[u % TOPICS.length]).length;
        shown += page.length;
      }
      return own / shown;
    };
    // On this world both reach about what the author cap allows (the
    // factors' replay draws differ between the two and move a few of the ~430
    // items either way); the eval harness compares them on real data (souk-batch, souk-online).
    const onlineShare = ownTopicShare(online.engine);
    const batchShare = ownTopicShare(batch);
    console.log(`own-topic share of pages: online ${onlineShare.toFixed(3)}, retrained ${batchShare.toFixed(3)}`);
    expect(batchShare).toBeGreaterThanOrEqual(onlineShare - 0.01);
    const restored = newEngine();
    restored.restore(batch.snapshot());
    expect(restored.recommend(request('user-7', online.end))).toEqual(batch.recommend(request('user-7', online.end)));
  });
});

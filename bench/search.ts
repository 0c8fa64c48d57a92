/**
 * The search case: post search and hashtag autocomplete, in-process, against
 * the real search store (apps/server/src/modules/search) holding a synthetic
 * corpus in English, French and Chinese whose words follow a Zipf law (a few
 * words in most posts, a long tail in few). Each figure is printed beside a
 * naive baseline measured in the same run and database: for posts, a
 * substring scan of the folded text newest first (what a search without an
 * index does); for hashtags, a scan of the hashtag table sorted by use
 * (what autocomplete without the popularity index does).
 *
 *   npx tsx bench/search.ts sqlite      a throw-away SQLite file in a temp dir
 *   npx tsx bench/search.ts postgres    a fresh schema in TEST_DATABASE_URL (or DATABASE_URL), dropped afterwards
 *
 * BENCH_SCALE=0.1 shrinks the corpus (default 1: 100,000 posts, 20,000
 * hashtags). Nothing about timings is asserted: the exit code is non-zero
 * only when the seed fails or a search disagrees with the baseline on what
 * matches.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { compactKey, foldText, indexTokens, queryTerms, SearchStore, searchMigrations } from '../apps/server/src/modules/search/index.js';
import { createDatabase, type Database, type DialectName } from '../apps/server/src/platform/db/database.js';
import { migrateToLatest } from '../apps/server/src/platform/db/migrations.js';
import { formatMs, percentile, table } from './stats.js';

const dialect = process.argv[2] as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') {
  console.error('usage: search.ts sqlite|postgres');
  process.exit(2);
}
const scale = Number(process.env.BENCH_SCALE ?? 1);
const POSTS = Math.round(100_000 * scale);
const HASHTAGS = Math.round(20_000 * scale);
const SAMPLES = 60;
const PAGE = 20;
const RECENCY = Math.LN2 / (7 * 86_400);

// ---- a deterministic corpus ---------------------------------------------------

let randomState = 42;
function random(): number {
  randomState = (randomState * 16807) % 2147483647;
  return randomState / 2147483647;
}

/** Picks index k with probability ∝ 1 / (k + 1). */
function zipf(size: number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < size; k++) cumulative.push((total += 1 / (k + 1)));
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle]! < target) low = middle + 1;
      else high = middle;
    }
    return low;
  };
}

const ENGLISH = 'the a and of to in is it for on with my this today new love coffee tea travel beauty fashion food tech phone camera lipstick serum dress shoes bag ramen review best look summer city weekend recipe'.split(' ');
const FRENCH = 'le la les de et un une est pour avec mon ma été café thé voyage beauté mode cuisine plage montagne soleil robe sac croissant baguette fromage vin recette week-end ville marché'.split(' ');
const HAN = '的 了 是 我 今天 一杯 喝了 好看 推荐 分享 周末 城市 夏天 咖啡 茶 旅行 美食 口红 面霜 连衣裙 鞋子 包包 拉面 新品 测评 好物 日常 穿搭 护肤 彩妆 早餐 火锅 奶茶 蛋糕 手冲 上海 北京 成都 巴黎 味道 颜色 价格 质感 真的 喜欢 一起 朋友 第一次 终于'.split(' ');
const TAIL = Array.from({ length: 5000 }, (_, i) => `w${i.toString(36)}q`);

const pickEnglish = zipf(ENGLISH.length);
const pickFrench = zipf(FRENCH.length);
const pickHan = zipf(HAN.length);
const pickTail = zipf(TAIL.length);
const pickHashtag = zipf(HASHTAGS);

function sentence(): string {
  const language = random();
  const length = 8 + Math.floor(random() * 50);
  if (language < 0.35) return Array.from({ length }, () => HAN[pickHan()]).join('');
  const words = language < 0.7 ? ENGLISH : FRENCH;
  const pick = language < 0.7 ? pickEnglish : pickFrench;
  return Array.from({ length }, () => (random() < 0.1 ? TAIL[pickTail()] : words[pick()])).join(' ');
}

function hashtagName(i: number): string {
  return i % 3 === 0 ? `${HAN[i % HAN.length]}${HAN[(i * 7) % HAN.length]}${i}` : `${ENGLISH[i % ENGLISH.length]}${FRENCH[(i * 3) % FRENCH.length]}${i}`;
}

// ---- the database --------------------------------------------------------------

async function open(): Promise<{ database: Database; drop(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-bench-search-'));
    const database = createDatabase({ dataDir, databaseUrl: null });
    return { database, drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const url = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('set TEST_DATABASE_URL (or DATABASE_URL) for the PostgreSQL run');
  const schema = `bench_search_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  const database = createDatabase({ dataDir: os.tmpdir(), databaseUrl: url, pgSchema: schema });
  return {
    database,
    async drop() {
      await admin.query(`drop schema ${schema} cascade`);
      await admin.end();
    },
  };
}

/** The baseline's tables: the folded text, as an index-less search would scan it. */
async function createBaselineTables(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('bench_post_text').addColumn('post_id', 'text', (c) => c.primaryKey()).addColumn('time_s', 'bigint').addColumn('text', 'text').execute();
}

async function seedCorpus(database: Database, store: SearchStore): Promise<void> {
  const start = Date.parse('2026-01-01T00:00:00Z');
  const BATCH = 500;
  for (let first = 0; first < POSTS; first += BATCH) {
    await database.transaction(async (tx) => {
      const texts: Array<{ post_id: string; time_s: number; text: string }> = [];
      for (let i = first; i < Math.min(first + BATCH, POSTS); i++) {
        const postId = `pst_${i.toString().padStart(8, '0')}`;
        const createdAt = new Date(start + i * 30_000).toISOString();
        const body = sentence();
        const tags = Array.from({ length: Math.floor(random() * 3) }, () => hashtagName(pickHashtag()));
        await store.upsertPost(tx.db, {
          postId,
          createdAt,
          title: [],
          tags: tags.flatMap((tag) => indexTokens(tag)),
          body: indexTokens(body),
        });
        const uses = [...new Set(tags)].map((tag) => ({ key: tag.toLowerCase(), name: tag, matchKey: compactKey(tag) }));
        if (uses.length > 0) await store.setPostHashtags(tx.db, postId, uses);
        texts.push({ post_id: postId, time_s: Math.floor(Date.parse(createdAt) / 1000), text: ` ${foldText(`${tags.join(' ')} ${body}`)} ` });
      }
      await tx.db.insertInto('bench_post_text').values(texts).execute();
    });
  }
}

// ---- measuring ---------------------------------------------------------------------

async function time(work: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
  for (let i = 0; i < 3; i++) await work();
  const samples: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const started = performance.now();
    await work();
    samples.push(performance.now() - started);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

async function main(): Promise<void> {
  const { database, drop } = await open();
  let failed = false;
  try {
    await migrateToLatest(database, searchMigrations);
    await createBaselineTables(database.db);
    const store = new SearchStore(database.dialect);
    const seeding = performance.now();
    await seedCorpus(database, store);
    // As autovacuum would by the time such a corpus had been written.
    if (dialect === 'postgres') await sql`analyze`.execute(database.db);
    console.log(`search bench (${dialect}): ${POSTS.toLocaleString('en-US')} posts, ${HASHTAGS.toLocaleString('en-US')} hashtags indexed in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);

    const rows: string[][] = [['query', 'matches', 'index p50/p99 ms', 'scan p50/p99 ms', 'scan ÷ index (p50)']];
    const postQueries: Array<[string, string]> = [
      ['common English word', 'coffee'],
      ['two words', 'coffee review'],
      ['French, typed without accents', 'ete'],
      ['rare word', TAIL[300]!],
      ['Chinese, two characters', '咖啡'],
      ['Chinese, one character', '茶'],
    ];
    for (const [label, q] of postQueries) {
      const terms = queryTerms(`${q} `);
      const needles = terms.map((term) => `% ${term.token} %`);
      const scanned = () => {
        let query = database.db.selectFrom('bench_post_text').select('post_id');
        // Han text has no spaces: a substring is the best a scan can do.
        for (const [i, term] of terms.entries()) query = query.where('text', 'like', /^[a-z0-9]+$/.test(term.token) ? needles[i]! : `%${term.token}%`);
        return query.orderBy('time_s', 'desc').limit(PAGE + 1).execute();
      };
      const indexed = () => store.searchPosts(database.db, terms, { recencyPerSecond: RECENCY, after: null, limit: PAGE + 1 });
      const [found, baseline] = [await indexed(), await scanned()];
      // Same matches? The scan's first page is the newest matches; every one must be a match the index knows.
      if (found.length !== baseline.length) {
        console.error(`"${q}": the index found ${found.length} on its first page, the scan ${baseline.length}`);
        failed = true;
      }
      const count = await database.db
        .selectFrom('bench_post_text')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where((eb) => eb.and(terms.map((term, i) => eb('text', 'like', /^[a-z0-9]+$/.test(term.token) ? needles[i]! : `%${term.token}%`))))
        .executeTakeFirstOrThrow();
      const [index, scan] = [await time(indexed), await time(scanned)];
      rows.push([`posts: ${label} "${q}"`, Number(count.n).toLocaleString('en-US'), `${formatMs(index.p50)} / ${formatMs(index.p99)}`, `${formatMs(scan.p50)} / ${formatMs(scan.p99)}`, `${(scan.p50 / index.p50).toFixed(1)}×`]);
    }

    for (const [label, q] of [['one letter', 'c'], ['two letters', 'co'], ['one Chinese character', '茶'], ['a longer prefix', 'coffeeca'], ['no match', 'zzzz']] as const) {
      const key = compactKey(q);
      const indexed = () => store.searchHashtags(database.db, key, 10);
      const scanned = () =>
        database.db
          .selectFrom('search_hashtags')
          .select(['key', 'name', 'post_count'])
          .where('match_key', 'like', `%${key}%`)
          // "+ 0": sorted by value, not read in the popularity index's order.
          .orderBy(sql`post_count + 0`, 'desc')
          .limit(10)
          .execute();
      const [index, scan] = [await time(indexed), await time(scanned)];
      rows.push([`hashtags: ${label} "${q}"`, '', `${formatMs(index.p50)} / ${formatMs(index.p99)}`, `${formatMs(scan.p50)} / ${formatMs(scan.p99)}`, `${(scan.p50 / index.p50).toFixed(1)}×`]);
    }
    console.log(table(rows));
    const stats = await sql<{ n: number }>`select count(*) as n from search_hashtags`.execute(database.db);
    console.log(`(${Number(stats.rows[0]?.n ?? 0).toLocaleString('en-US')} hashtags in use; ${SAMPLES} samples per figure, after 3 warm-up calls)`);
  } finally {
    await database.destroy();
    await drop();
  }
  if (failed) process.exit(1);
}

await main();

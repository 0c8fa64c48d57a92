/**
 * The commerce case of `npm run bench`: checkout over real HTTP on one
 * database, beside baselines measured in the same run, then flash sales.
 *
 *   - steady checkout: POST /api/checkout of one unit (random buyer, random
 *     SKU of 20 shops, fresh Idempotency-Key), paid from the wallet into
 *     escrow, `connections` in flight; attempts/s, p50/p99;
 *   - baselines in alternating rounds: POST /api/wallet/transfers (one
 *     durable group-committed money movement) and GET /api/health;
 *   - flash sale: 1,000 buyers send one checkout each at the same moment for
 *     one SKU of 100 units: exactly 100 orders must be paid and the other
 *     900 refused OUT_OF_STOCK; oversold units, p99 latency and attempts/s.
 *
 * run.ts starts this file once per database (`commerce.ts sqlite|postgres`).
 * Every checkout is durable before it is answered. Nothing about timings is
 * asserted: the exit code is non-zero only when a request failed, a flash
 * sale sold other than 100, or the ledger's invariants broke.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp, type Souk } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { readEnv } from '../apps/server/src/config/env.js';
import type { DialectName } from '../apps/server/src/platform/db/database.js';
import { newId } from '../apps/server/src/platform/ids.js';
import { openPlatform, type Platform } from '../apps/server/src/platform/platform.js';
import type { Buyer, CommerceLoadRequest, FlashResult, SteadyResult } from './commerce-load.js';
import { freshStore } from './store.js';
import { median, percentile, round, table } from './stats.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const dialect = process.argv[2] as DialectName;
if (dialect !== 'sqlite' && dialect !== 'postgres') {
  console.error('usage: commerce.ts sqlite|postgres (run it with npm run bench -- commerce)');
  process.exit(2);
}

const BUYERS = 1_000;
const SHOPS = 20;
const ROUNDS = Number(process.env.BENCH_COMMERCE_ROUNDS ?? 5);
const SECONDS = Number(process.env.BENCH_COMMERCE_SECONDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_COMMERCE_CONNECTIONS ?? 64);
const FLASH_ROUNDS = Number(process.env.BENCH_COMMERCE_FLASH_ROUNDS ?? 3);
const FLASH_UNITS = 100;
const FUNDS = 1_000_000_000;
const PRICE = 990;
const GOAL = 2_000;

function progress(message: string): void {
  console.log(`[commerce ${dialect}] ${message}`);
}

interface Running {
  souk: Souk;
  platform: Platform;
  origin: string;
  buyers: Buyer[];
  sellers: string[];
  skuIds: string[];
  stop(): Promise<void>;
}

/** One active product of one SKU in the seller's shop (opened on first use), written as the catalogue stores it. */
async function listing(platform: Platform, sellerId: string, stock: number): Promise<string> {
  const db = platform.database.db;
  const now = new Date().toISOString();
  let shop = (await db.selectFrom('commerce_shops').select('id').where('owner_id', '=', sellerId).executeTakeFirst()) as { id: string } | undefined;
  if (!shop) {
    shop = { id: newId('shp') };
    await db
      .insertInto('commerce_shops')
      .values({ id: shop.id, owner_id: sellerId, kind: 'individual', name: `Bench shop ${sellerId.slice(-4)}`, currency: 'CNY', shipping_fee: 500, free_shipping_over: 5_000, created_at: now, updated_at: now })
      .execute();
  }
  const category = (await db.selectFrom('commerce_categories').select('id').limit(1).executeTakeFirst()) as { id: string } | undefined;
  const productId = newId('prd');
  const skuId = newId('sku');
  await db
    .insertInto('commerce_products')
    .values({ id: productId, shop_id: shop.id, category_id: category?.id ?? 'other', title: 'Bench tea', currency: 'CNY', status: 'active', price_min: PRICE, price_max: PRICE, created_at: now, updated_at: now })
    .execute();
  await db.insertInto('commerce_skus').values({ id: skuId, product_id: productId, shop_id: shop.id, options: '{}', price: PRICE, stock }).execute();
  return skuId;
}

async function startSouk(): Promise<Running> {
  const store = await freshStore(dialect, 'commerce');
  const { dataDir, databaseUrl, pgSchema } = store;
  const env = readEnv({ ...process.env, SOUK_SANDBOX_BANK_DELAY_MS: '0' });
  const base = loadConfig(env, { dataDir, databaseUrl, redisUrl: null, logLevel: 'error', scryptLog2N: 10, webDir: path.join(dataDir, 'no-web-build') });
  const config = {
    ...base,
    rateLimits: { signupPerIpPerHour: 1e9, loginPerIpPerMinute: 1e9, loginFailuresPerAccountPer15Min: 1e9 },
    // The bench measures checkouts, not the PIN or the daily limit.
    wallet: { ...base.wallet, dailyLimit: 1e12, pinRequiredAbove: 1e12 },
  };
  const platform = await openPlatform(config, { pgSchema });
  const souk = await buildApp(platform);
  // A flash sale opens 1,000 connections at once: a backlog that holds them (Node's default of 511 drops the rest's SYNs, which retry after a second).
  const origin = await souk.app.listen({ host: '127.0.0.1', port: 0, backlog: 2048 });

  const passwordHash = await souk.accounts.hashPassword('bench-password-2026');
  const sellers: string[] = [];
  for (let i = 0; i < SHOPS; i++) sellers.push(await souk.accounts.createUser({ handle: `seller_${i}`, displayName: `Seller ${i}`, passwordHash }));
  const skuIds: string[] = [];
  for (const sellerId of sellers) skuIds.push(await listing(platform, sellerId, 1_000_000_000));
  const buyerIds: string[] = [];
  for (let i = 0; i < BUYERS; i++) buyerIds.push(await souk.accounts.createUser({ handle: `buyer_${i}`, displayName: `Buyer ${i}`, passwordHash }));
  for (const userId of buyerIds) await souk.wallet.funding.topup(userId, { amount: FUNDS, currency: 'CNY' }, `seed-${userId}`);
  await souk.wallet.settleSandbox();
  const buyers: Buyer[] = [];
  for (const [index, userId] of buyerIds.entries()) {
    const { token } = await souk.accounts.login({ handle: `buyer_${index}`, password: 'bench-password-2026' }, { ip: null, userAgent: 'bench' });
    const address = await souk.commerce.orders.service.addAddress(userId, { recipient: `Buyer ${index}`, phone: '+86 138 0000 0000', line1: '1 Nanjing Road', city: 'Shanghai', country: 'CN' });
    buyers.push({ token, addressId: address.id, to: buyerIds[(index + 1) % buyerIds.length]! });
  }
  let stopped = false;
  return {
    souk,
    platform,
    origin,
    buyers,
    sellers,
    skuIds,
    async stop() {
      if (stopped) return;
      stopped = true;
      await souk.close();
      await platform.close();
      await store.drop();
    },
  };
}

function load<T>(request: CommerceLoadRequest): Promise<T> {
  const child = fork(path.join(benchDir, 'commerce-load.ts'), [], {
    execArgv: ['--conditions=souk-source', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<T>((resolve, reject) => {
    child.once('message', (message) => resolve(message as T));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  child.send(request);
  return result;
}

/** Per currency the sum of every account is zero and every balance equals its postings; no user account below zero. */
async function checkLedger(running: Running): Promise<string[]> {
  const db = running.platform.database.db;
  const store = running.souk.wallet.ledgerStore;
  const problems: string[] = [];
  for (const { currency, sum } of await store.balanceSums(db)) if (sum !== 0) problems.push(`${currency} sums to ${sum}`);
  const drifted = await store.driftedAccounts(db);
  if (drifted.length > 0) problems.push(`${drifted.length} balances differ from their postings`);
  return problems;
}

interface FlashFigure {
  paid: number;
  refused: number;
  oversold: number;
  stockLeft: number;
  p50: number;
  p99: number;
  attemptsPerSec: number;
  codes: Record<string, number>;
}

async function flashRound(running: Running, round: number): Promise<FlashFigure> {
  const skuId = await listing(running.platform, running.sellers[round % running.sellers.length]!, FLASH_UNITS);
  const result = await load<FlashResult>({ kind: 'flash', origin: running.origin, buyers: running.buyers, skuId });
  const db = running.platform.database.db;
  const sku = (await db.selectFrom('commerce_skus').select(['stock', 'sold']).where('id', '=', skuId).executeTakeFirstOrThrow()) as { stock: number | string; sold: number | string };
  const units = (await db
    .selectFrom('commerce_order_items')
    .innerJoin('commerce_orders', 'commerce_orders.id', 'commerce_order_items.order_id')
    .select((eb) => eb.fn.sum('commerce_order_items.quantity').as('units'))
    .where('commerce_order_items.sku_id', '=', skuId)
    .where('commerce_orders.status', '=', 'paid')
    .executeTakeFirstOrThrow()) as { units: number | string | null };
  const paid = Number(units.units ?? 0);
  return {
    paid,
    refused: result.codes.OUT_OF_STOCK ?? 0,
    oversold: Math.max(0, paid - FLASH_UNITS) + Math.max(0, -Number(sku.stock)),
    stockLeft: Number(sku.stock),
    p50: percentile(result.latenciesMs, 50),
    p99: percentile(result.latenciesMs, 99),
    attemptsPerSec: (result.latenciesMs.length / result.wallMs) * 1000,
    codes: result.codes,
  };
}

async function main(): Promise<number> {
  progress(`seeding ${BUYERS} funded buyers with addresses, ${SHOPS} shops…`);
  const running = await startSouk();
  try {
    const steady = (mode: 'checkout' | 'transfer' | 'health') =>
      load<SteadyResult>({ kind: 'steady', mode, origin: running.origin, buyers: running.buyers, skuIds: running.skuIds, seconds: SECONDS, connections: CONNECTIONS });
    const rounds = { checkout: [] as SteadyResult[], transfer: [] as SteadyResult[], health: [] as SteadyResult[] };
    let failures = 0;
    progress(`steady load: ${ROUNDS} alternating rounds of ${SECONDS} s, ${CONNECTIONS} connections (checkout, transfer, health)…`);
    for (let i = 0; i < ROUNDS; i++) {
      for (const mode of ['checkout', 'transfer', 'health'] as const) {
        const result = await steady(mode);
        failures += result.non2xx + result.errors;
        rounds[mode].push(result);
      }
    }
    const flashes: FlashFigure[] = [];
    progress(`flash sale: ${FLASH_ROUNDS} rounds of ${BUYERS} buyers at once for ${FLASH_UNITS} units…`);
    for (let i = 0; i < FLASH_ROUNDS; i++) flashes.push(await flashRound(running, i));

    const problems = await checkLedger(running);
    if (failures > 0) problems.push(`${failures} steady requests failed`);
    for (const [index, flash] of flashes.entries()) {
      if (flash.paid !== FLASH_UNITS) problems.push(`flash round ${index + 1}: ${flash.paid} units sold, expected ${FLASH_UNITS}`);
      if (flash.oversold !== 0) problems.push(`flash round ${index + 1}: ${flash.oversold} oversold`);
      if (flash.refused !== BUYERS - FLASH_UNITS) problems.push(`flash round ${index + 1}: answers ${JSON.stringify(flash.codes)}`);
    }

    const m = (values: number[]) => median(values);
    const of = (mode: keyof typeof rounds, field: keyof SteadyResult) => m(rounds[mode].map((result) => result[field]));
    const checkoutRate = of('checkout', 'reqPerSec');
    console.log(`\nCommerce — checkout over HTTP on ${dialect} (medians of ${ROUNDS} rounds of ${SECONDS} s, ${CONNECTIONS} connections)\n`);
    console.log(
      table([
        ['', 'req/s', 'p50 ms', 'p99 ms', 'checkout ÷ this'],
        ['POST /api/checkout (1 unit, paid into escrow)', String(Math.round(checkoutRate)), String(of('checkout', 'p50')), String(of('checkout', 'p99')), ''],
        ['POST /api/wallet/transfers (baseline)', String(Math.round(of('transfer', 'reqPerSec'))), String(of('transfer', 'p50')), String(of('transfer', 'p99')), `${round(checkoutRate / of('transfer', 'reqPerSec'), 2)}`],
        ['GET /api/health (baseline)', String(Math.round(of('health', 'reqPerSec'))), String(of('health', 'p50')), String(of('health', 'p99')), `${round(checkoutRate / of('health', 'reqPerSec'), 2)}`],
      ]),
    );
    console.log(`goal: ≥ ${GOAL} checkout attempts/s on SQLite (2 cores)`);
    console.log(`\nFlash sale — ${BUYERS} buyers at once, ${FLASH_UNITS} units (median of ${FLASH_ROUNDS} rounds)\n`);
    console.log(
      table([
        ['orders paid', 'refused OUT_OF_STOCK', 'oversold', 'p50 ms', 'p99 ms', 'attempts/s'],
        [
          String(m(flashes.map((flash) => flash.paid))),
          String(m(flashes.map((flash) => flash.refused))),
          String(Math.max(...flashes.map((flash) => flash.oversold))),
          String(Math.round(m(flashes.map((flash) => flash.p50)))),
          String(Math.round(m(flashes.map((flash) => flash.p99)))),
          String(Math.round(m(flashes.map((flash) => flash.attemptsPerSec)))),
        ],
      ]),
    );
    const results = path.join(benchDir, 'results');
    fs.mkdirSync(results, { recursive: true });
    fs.writeFileSync(path.join(results, `commerce-${dialect}.json`), JSON.stringify({ rounds, flashes, problems }, null, 2));
    if (problems.length > 0) {
      console.error(`\nPROBLEMS:\n  ${problems.join('\n  ')}`);
      return 1;
    }
    return 0;
  } finally {
    await running.stop();
  }
}

process.exitCode = await main();

/**
 * Signal ingestion over HTTP: a Souk on a fresh SQLite store with a small
 * real catalogue (posts published through the API, taken into the feed's
 * catalogue by its event handler), and POST /api/feed/signals under load from
 * a separate process. Every accepted signal is validated, logged in
 * feed_signals (deduplicated by client id) and learned by the server's engine.
 */
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { buildApp } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { readEnv } from '../apps/server/src/config/env.js';
import { openPlatform } from '../apps/server/src/platform/platform.js';
import type { SignalLoadRequest, SignalLoadResult } from './feed-load.js';
import { median } from './stats.js';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const READERS = 200;
const AUTHORS = 20;
const POSTS = 2_000;
const BATCH = 50;
const CONNECTIONS = 32;
const SECONDS = 3;
const ROUNDS = 3;

export interface HttpIngestion {
  /** Accepted signals per second (rows logged ÷ time), median of rounds. */
  signalsPerSecond: number;
  /** The server process's CPU (user + system) over a round ÷ the signals it logged, median of rounds: steadier than the rate on a shared machine. */
  serverCpuUsPerSignal: number;
  batchP50Ms: number;
  batchP99Ms: number;
  failedRequests: number;
  batchSize: number;
  connections: number;
}

function load(request: SignalLoadRequest): Promise<SignalLoadResult> {
  const child = fork(path.join(benchDir, 'feed-load.ts'), [], {
    execArgv: ['--conditions=souk-source', '--import', import.meta.resolve('tsx')],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const result = new Promise<SignalLoadResult>((resolve, reject) => {
    child.once('message', (message) => resolve(message as SignalLoadResult));
    child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
  });
  child.send(request);
  return result;
}

export async function measureHttpIngestion(progress: (text: string) => void): Promise<HttpIngestion> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-bench-feed-'));
  const base = loadConfig(readEnv(process.env), { dataDir, databaseUrl: null, redisUrl: null, logLevel: 'error', scryptLog2N: 10, webDir: path.join(dataDir, 'no-web-build') });
  const config = {
    ...base,
    rateLimits: { signupPerIpPerHour: 1e9, loginPerIpPerMinute: 1e9, loginFailuresPerAccountPer15Min: 1e9 },
    // The bench measures ingestion, not the per-user flood limit.
    feed: { ...base.feed, signalBatchesPerMinute: 100_000 },
  };
  const platform = await openPlatform(config, {});
  const souk = await buildApp(platform);
  try {
    const url = await souk.app.listen({ host: '127.0.0.1', port: 0 });
    const password = 'bench-password-2026';
    const passwordHash = await souk.accounts.hashPassword(password);
    const tokenOf = async (handle: string) => {
      await souk.accounts.createUser({ handle, displayName: handle, passwordHash });
      return (await souk.accounts.login({ handle, password }, { ip: null, userAgent: 'bench' })).token;
    };
    const authors = await Promise.all(Array.from({ length: AUTHORS }, (_, i) => tokenOf(`feed_author_${i}`)));
    const readers: string[] = [];
    for (let i = 0; i < READERS; i++) readers.push(await tokenOf(`feed_reader_${i}`));
    progress(`(c) HTTP: publishing ${POSTS.toLocaleString('en-US')} posts…`);
    const postIds: string[] = [];
    for (let i = 0; i < POSTS; i++) {
      const response = await souk.app.inject({
        method: 'POST',
        url: '/api/posts',
        headers: { authorization: `Bearer ${authors[i % AUTHORS]}`, 'content-type': 'application/json' },
        payload: { body: `post ${i} #topic${i % 40}` },
      });
      if (response.statusCode !== 201) throw new Error(`publishing failed: ${response.statusCode} ${response.body}`);
      postIds.push(response.json().id);
    }
    await souk.events.settle();
    const db = platform.database.db;
    const logged = async () => Number((await sql<{ n: number }>`select count(*) as n from feed_signals`.execute(db)).rows[0]!.n);

    const request = { url: `${url}/api/feed/signals`, tokens: readers, postIds, batchSize: BATCH, connections: CONNECTIONS };
    await load({ ...request, seconds: 1 });
    const rates: number[] = [];
    const cpuPerSignal: number[] = [];
    const p50s: number[] = [];
    const p99s: number[] = [];
    let failed = 0;
    for (let r = 0; r < ROUNDS; r++) {
      progress(`(c) HTTP round ${r + 1}/${ROUNDS}`);
      const before = await logged();
      const cpuBefore = process.cpuUsage();
      const result = await load({ ...request, seconds: SECONDS });
      // Batches still in flight when autocannon stopped land just after: let them, then count.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cpu = process.cpuUsage(cpuBefore);
      const signals = (await logged()) - before;
      rates.push(signals / result.seconds);
      cpuPerSignal.push((cpu.user + cpu.system) / signals);
      p50s.push(result.p50Ms);
      p99s.push(result.p99Ms);
      failed += result.non2xx + result.errors;
    }
    return { signalsPerSecond: median(rates), serverCpuUsPerSignal: median(cpuPerSignal), batchP50Ms: median(p50s), batchP99Ms: median(p99s), failedRequests: failed, batchSize: BATCH, connections: CONNECTIONS };
  } finally {
    await souk.close();
    await platform.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

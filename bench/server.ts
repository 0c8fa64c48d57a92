/**
 * The bench's server process, spawned by run.ts with an IPC channel: the real
 * Souk app (SQLite in a temp dir, default password cost) and a bare Fastify
 * instance, in one process, so both compete for the same event loop and CPU
 * in the same way. The load generator stays in the parent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { buildApp } from '../apps/server/src/app.js';
import { loadConfig } from '../apps/server/src/config/config.js';
import { readEnv } from '../apps/server/src/config/env.js';
import { openPlatform } from '../apps/server/src/platform/platform.js';
import type { ChildMessage, ParentMessage } from './protocol.js';

const HASH_SAMPLES = 5;
/** How many log-ins run.ts keeps in flight; the hash is also timed at that concurrency. */
const hashConcurrency = Number(process.argv[2] ?? '1');
if (!Number.isInteger(hashConcurrency) || hashConcurrency < 1) throw new Error(`bad hash concurrency: ${process.argv[2]}`);
// Rate limits sized so the bench, which comes from one IP, is never throttled.
const UNLIMITED = 1_000_000_000;

if (!process.send) {
  console.error('bench/server.ts is started by bench/run.ts (npm run bench): it needs an IPC channel');
  process.exit(2);
}

function send(message: ChildMessage): void {
  process.send!(message);
}

function urlOf(address: AddressInfo): string {
  return `http://127.0.0.1:${address.port}`;
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-bench-'));
// Safety net: whatever way the process ends, the temp database goes with it.
process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));

// SOUK_SCRYPT_LOG2N and friends are honoured from the environment (default
// cost 17), but storage is always a throw-away SQLite file: the bench must
// never write its users into a database that DATABASE_URL happens to point at.
const config = loadConfig(readEnv(process.env), {
  dataDir,
  databaseUrl: null,
  redisUrl: null,
  host: '127.0.0.1',
  // 'error', not 'warn': the missing web build warns at start-up, which is expected here.
  logLevel: 'error',
  webDir: path.join(dataDir, 'no-web-build'),
  rateLimits: { signupPerIpPerHour: UNLIMITED, loginPerIpPerMinute: UNLIMITED, loginFailuresPerAccountPer15Min: UNLIMITED },
});

const platform = await openPlatform(config);
const souk = await buildApp(platform);

// The framework's ceiling: no plugins, no hooks, no logger, one route.
const bare = Fastify();
bare.get('/bare', async () => ({ status: 'ok' }));

await souk.app.listen({ port: 0, host: '127.0.0.1' });
await bare.listen({ port: 0, host: '127.0.0.1' });

let stopping = false;
async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    const force = setTimeout(() => process.exit(code || 1), 10_000);
    force.unref();
    await bare.close();
    await souk.close();
    await platform.close();
  }
  process.exit(code);
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'cpu') {
    const usage = process.cpuUsage();
    send({ type: 'cpu', cpuMs: (usage.user + usage.system) / 1000 });
  } else if (message.type === 'stop') {
    void stop(0);
  }
});
// The parent went away (crash, Ctrl-C): shut down rather than linger.
process.on('disconnect', () => void stop(0));
process.on('SIGINT', () => void stop(130));
process.on('SIGTERM', () => void stop(143));

// Raw hash cost, measured before any load: first one hash at a time (the
// uncontended price), then as many at once as the log-in rounds keep in
// flight, because concurrent scrypt runs share cores and memory bandwidth.
const hashSamplesMs: number[] = [];
for (let i = 0; i < HASH_SAMPLES; i++) {
  const started = performance.now();
  await souk.accounts.hashPassword(`bench password ${i}`);
  hashSamplesMs.push(performance.now() - started);
}
const concurrentHashSamplesMs: number[] = [];
for (let i = 0; i < HASH_SAMPLES; i++) {
  const started = performance.now();
  await Promise.all(Array.from({ length: hashConcurrency }, (_, j) => souk.accounts.hashPassword(`bench password ${i}.${j}`)));
  concurrentHashSamplesMs.push(performance.now() - started);
}

const handle = `bench_${process.pid}`;
const password = 'bench password, long enough';
// ip: null skips the sign-up rate limit; this is the same path POST /api/auth/signup takes.
const outcome = await souk.accounts.signup({ handle, displayName: 'Bench User', password }, { ip: null, userAgent: 'souk-bench' });

send({
  type: 'ready',
  soukUrl: urlOf(souk.app.server.address() as AddressInfo),
  bareUrl: urlOf(bare.server.address() as AddressInfo),
  token: outcome.token,
  handle,
  password,
  storage: platform.database.dialect,
  scrypt: souk.accounts.passwordHashParams,
  hashSamplesMs,
  hashConcurrency,
  concurrentHashSamplesMs,
});

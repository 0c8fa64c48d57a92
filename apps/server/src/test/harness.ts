import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { AuthResult } from '@souk/contracts';
import { buildApp, type Souk } from '../app.js';
import { loadConfig, type Config } from '../config/config.js';
import type { Clock } from '../platform/clock.js';
import { createLogger, openPlatform, type Platform } from '../platform/platform.js';

export type TestDialect = 'sqlite' | 'postgres';

/** Which database this test run uses: the vitest project sets SOUK_TEST_DIALECT. */
export function testDialect(): TestDialect {
  return process.env.SOUK_TEST_DIALECT === 'postgres' ? 'postgres' : 'sqlite';
}

export interface TestSouk extends Souk {
  platform: Platform;
  config: Config;
  /** Everything the app logged, one JSON object per line, for assertions on logs. */
  logLines: string[];
  /** Stops the app, closes the platform and drops the test's database. */
  stop(): Promise<void>;
}

export interface TestSoukOptions {
  config?: Partial<Config>;
  clock?: Clock;
  /** Use the Redis bus (TEST_REDIS_URL) instead of the in-process one. */
  redis?: boolean;
}

/**
 * A fresh Souk per test file: SQLite in a new temp directory, or a new
 * PostgreSQL schema in TEST_DATABASE_URL, dropped afterwards. Password
 * hashing runs at a low cost here so suites stay fast; the bench measures the
 * real cost.
 */
export async function startTestSouk(options: TestSoukOptions = {}): Promise<TestSouk> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-test-'));
  let pgSchema: string | undefined;
  let databaseUrl: string | null = null;
  if (testDialect() === 'postgres') {
    databaseUrl = requireEnv('TEST_DATABASE_URL');
    pgSchema = `test_${randomBytes(6).toString('hex')}`;
    await withPgClient(databaseUrl, (client) => client.query(`CREATE SCHEMA ${pgSchema}`));
  }
  const config = loadConfig(
    // The sandbox bank confirms at once, so tests wait on deliveries, not on time.
    { SOUK_SANDBOX_BANK_DELAY_MS: '0' },
    {
      dataDir,
      databaseUrl,
      redisUrl: options.redis ? requireEnv('TEST_REDIS_URL') : null,
      scryptLog2N: 10,
      logLevel: 'info',
      webDir: path.join(dataDir, 'no-web-build'),
      ...options.config,
    },
  );
  const logLines: string[] = [];
  const logger = createLogger(config.logLevel, { write: (line: string) => void logLines.push(line) });
  const platform = await openPlatform(config, { logger, pgSchema, clock: options.clock });
  const souk = await buildApp(platform);
  return {
    ...souk,
    platform,
    config,
    logLines,
    async stop() {
      await souk.close();
      await platform.close();
      if (pgSchema && databaseUrl) await withPgClient(databaseUrl, (client) => client.query(`DROP SCHEMA ${pgSchema} CASCADE`));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

async function withPgClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/** A unique, valid handle for this test run. */
export function uniqueHandle(prefix = 'user'): string {
  counter += 1;
  return `${prefix}_${process.pid % 1000}_${counter}`.slice(0, 30);
}

export const TEST_PASSWORD = 'correct horse battery staple';

/** Signs up a user through the API, as a client would. */
export async function signUp(
  souk: Pick<Souk, 'app'>,
  overrides: { handle?: string; displayName?: string; password?: string; ip?: string } = {},
): Promise<AuthResult & { cookie: string }> {
  const response = await souk.app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    remoteAddress: overrides.ip ?? `10.0.${counter % 250}.${(counter * 7) % 250}`,
    payload: {
      handle: overrides.handle ?? uniqueHandle(),
      displayName: overrides.displayName ?? 'Test User',
      password: overrides.password ?? TEST_PASSWORD,
    },
  });
  if (response.statusCode !== 201) throw new Error(`signup failed: ${response.statusCode} ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return { ...(response.json() as AuthResult), cookie };
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { createDatabase, type Database } from '../platform/db/database.js';
import { testDialect } from './harness.js';
import { ServerProcess, urlWithSchema, withPg } from './processes.js';

/**
 * What the crash tests share: one store (a SQLite data directory, or a
 * PostgreSQL schema of its own) that real server processes use one after
 * another across SIGKILLs, the test's own connection to it for checks, and
 * the clean-up of all of it, whatever happened.
 */
export class CrashRig {
  readonly servers: ServerProcess[] = [];
  private database: Database | undefined;

  private constructor(
    private readonly dataDir: string,
    private readonly pgSchema: string | null,
  ) {}

  static async open(label: string): Promise<CrashRig> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `souk-${label}-`));
    const pgSchema = testDialect() === 'postgres' ? `test_${randomBytes(6).toString('hex')}` : null;
    if (pgSchema) await withPg(postgresUrl(), (client) => client.query(`CREATE SCHEMA ${pgSchema}`));
    return new CrashRig(dataDir, pgSchema);
  }

  /** Starts a server on the rig's store; `env` comes on top of the database settings. */
  async start(name: string, env: Record<string, string> = {}): Promise<ServerProcess> {
    const server = await ServerProcess.start(name, {
      dataDir: this.dataDir,
      env: { ...(this.pgSchema ? { DATABASE_URL: urlWithSchema(postgresUrl(), this.pgSchema) } : {}), ...env },
    });
    this.servers.push(server);
    return server;
  }

  /** The test's own connection, opened on first use: after a server has started and migrated the store. */
  get db(): Kysely<any> {
    this.database ??= createDatabase({ dataDir: this.dataDir, databaseUrl: this.pgSchema ? postgresUrl() : null, ...(this.pgSchema ? { pgSchema: this.pgSchema } : {}) });
    return this.database.db;
  }

  /** Every server's output, for a failed test's report. */
  logs(): string {
    return this.servers.map((server) => server.log()).join('\n');
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.kill()));
    await this.database?.destroy();
    if (this.pgSchema) await withPg(postgresUrl(), (client) => client.query(`DROP SCHEMA IF EXISTS ${this.pgSchema} CASCADE`));
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

function postgresUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('the PostgreSQL crash tests need TEST_DATABASE_URL');
  return url;
}

export interface Answer {
  status: number;
  body: any;
  /** The Idempotent-Replayed header: the stored answer of an earlier request with the same key. */
  replayed: boolean;
}

/** One request to a server process, as a client sends it over the network. */
export async function request(
  server: ServerProcess,
  method: 'GET' | 'POST',
  pathname: string,
  options: { token?: string; body?: unknown; key?: string; signal?: AbortSignal } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  // The timeout is only a safety net against a hung socket; an answer takes milliseconds.
  const timeout = AbortSignal.timeout(60_000);
  const response = await fetch(server.url(pathname), {
    method,
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, replayed: response.headers.get('idempotent-replayed') === 'true' };
}

export interface SignedUp {
  id: string;
  handle: string;
  token: string;
}

export async function signUp(server: ServerProcess, password: string): Promise<SignedUp> {
  const handle = `crash_${randomBytes(5).toString('hex')}`;
  const { status, body } = await request(server, 'POST', '/api/auth/signup', { body: { handle, displayName: 'Crash Test', password } });
  if (status !== 201) throw new Error(`sign-up failed: ${status} ${JSON.stringify(body)}`);
  return { id: body.user.id, handle: body.user.handle, token: body.token };
}

/** Polls `probe` until it answers something other than null. */
export async function until<T>(what: string, probe: () => Promise<T | null>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * Real server processes for tests that need what one process cannot show:
 * several processes sharing a database, or a process killed and started
 * again on the same data. The server runs as a user runs it, from its entry
 * point, on a port of its own.
 */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const START_TIMEOUT_MS = 60_000;

/** A port nothing listens on right now: bind to 0, read it, let it go. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The server has no setting for a PostgreSQL schema; libpq's `options` in the URL sets search_path per connection. */
export function urlWithSchema(url: string, schema: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
}

export async function withPg<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface ServerProcessOptions {
  /** Where SQLite and media live; kept by the caller, so a restarted server finds its data. */
  dataDir: string;
  /** Added to (and overriding) the minimal environment below: DATABASE_URL, wallet settings… */
  env?: Record<string, string>;
}

export class ServerProcess {
  readonly output: string[] = [];
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;

  private constructor(
    readonly name: string,
    readonly port: number,
    private readonly child: ChildProcess,
  ) {
    const collect = (chunk: Buffer) => this.output.push(chunk.toString());
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.output.push(`[${name} exited: code ${code}, signal ${signal}]\n`);
        resolve();
      }),
    );
  }

  /** Starts `apps/server/src/main.ts` and resolves once /api/health answers (or throws with the process's output). */
  static async start(name: string, options: ServerProcessOptions): Promise<ServerProcess> {
    const port = await freePort();
    // tsx on the sources, and the souk-source condition so @souk/contracts needs no build either.
    const child = spawn(process.execPath, ['--conditions=souk-source', '--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: REPO_ROOT,
      // Only what the server needs: a developer's own DATABASE_URL or REDIS_URL must not leak in.
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? os.tmpdir(),
        PORT: String(port),
        HOST: '127.0.0.1',
        SOUK_DATA_DIR: options.dataDir,
        SOUK_WEB_DIR: path.join(options.dataDir, 'no-web-build'),
        SOUK_DEMO: '0',
        SOUK_SCRYPT_LOG2N: '10',
        LOG_LEVEL: 'warn',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(name, port, child);
    try {
      await server.waitForHealth();
    } catch (error) {
      await server.kill();
      throw error;
    }
    return server;
  }

  url(pathname: string): string {
    return `http://127.0.0.1:${this.port}${pathname}`;
  }

  wsUrl(pathname: string): string {
    return `ws://127.0.0.1:${this.port}${pathname}`;
  }

  get origin(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  log(): string {
    return `----- ${this.name} (port ${this.port}) -----\n${this.output.join('') || '(no output)'}`;
  }

  /**
   * Sends SIGKILL now, synchronously (a caller killing "in the middle" of
   * something must not yield first), and returns the wait for the exit.
   */
  kill(): Promise<void> {
    if (this.running) this.child.kill('SIGKILL');
    return this.exited;
  }

  /** SIGTERM for a graceful shutdown, SIGKILL if it has not exited in 10 s. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.child.kill('SIGTERM');
    const force = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(force);
  }

  private async waitForHealth(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`${this.name} exited before it was healthy\n${this.log()}`);
      try {
        const response = await fetch(this.url('/api/health'), { signal: AbortSignal.timeout(1000) });
        if (response.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`${this.name} was not healthy within ${START_TIMEOUT_MS} ms\n${this.log()}`);
  }
}

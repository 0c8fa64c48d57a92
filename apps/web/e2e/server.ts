import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface RunningServer {
  baseUrl: string;
  logs: () => string;
  /** Runs an operator command (`souk grant-role <handle> moderator`) on the server's data, as an operator would. */
  souk: (...args: string[]) => Promise<string>;
  stop: () => Promise<void>;
}

/** Starts the built server on a free port with a fresh data directory, and waits until it is healthy. */
export async function startServer(): Promise<RunningServer> {
  const main = join(REPO_ROOT, 'apps/server/dist/main.js');
  for (const built of [main, join(REPO_ROOT, 'apps/web/dist/index.html')]) {
    if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` at the repository root first`);
  }

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'souk-e2e-data-'));
  const env = serverEnv(port, dataDir);
  const child = spawn(process.execPath, [main], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await terminate(child);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseUrl, child);
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n--- server output ---\n${output}`);
  }
  const souk = (...args: string[]) =>
    new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [join(REPO_ROOT, 'apps/server/dist/cli.js'), ...args], { cwd: REPO_ROOT, env }, (error, stdout, stderr) =>
        error ? reject(new Error(`souk ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
      ),
    );
  return { baseUrl, logs: () => output, souk, stop };
}

/**
 * A fresh SQLite database by default. With E2E_DATABASE_URL the test runs
 * against that PostgreSQL (and E2E_REDIS_URL, if set); a developer's own
 * DATABASE_URL / REDIS_URL are never inherited, so the test cannot touch them.
 */
function serverEnv(port: number, dataDir: string): NodeJS.ProcessEnv {
  const { DATABASE_URL: _db, REDIS_URL: _redis, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, PORT: String(port), HOST: '127.0.0.1', SOUK_DATA_DIR: dataDir, SOUK_DEMO: '0' };
  if (process.env.E2E_DATABASE_URL) {
    env.DATABASE_URL = process.env.E2E_DATABASE_URL;
    if (process.env.E2E_REDIS_URL) env.REDIS_URL = process.env.E2E_REDIS_URL;
  }
  return env;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function waitForHealth(baseUrl: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before becoming healthy`);
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms`);
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from './synthetic.js';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('./cli.ts', import.meta.url));
const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'souk-eval-cli-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

/** `npm run eval:feed -- …` as a user runs it: its exit code, what it printed and what it wrote. */
async function evalFeed(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--conditions=souk-source', '--import', 'tsx', cli, ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('npm run eval:feed', () => {
  const data = path.join(directory, 'tiny');
  const world = generate({ users: 300, items: 200, meanPerUser: 12, minPerUser: 5, clusters: 6, popularitySkew: 0.8, noise: 0.1, tags: true, sequence: 0 }, 3);
  fs.mkdirSync(data);
  fs.writeFileSync(path.join(data, 'interactions.csv'), ['user_id,item_id,timestamp', ...world.interactions].join('\n'));
  fs.writeFileSync(path.join(data, 'items.csv'), ['item_id,title,tags', ...world.items!].join('\n'));

  it('prints the table and writes the rows as JSON with the keys and names the issue fixes', async () => {
    const out = path.join(directory, 'rows.json');
    const { code, stdout } = await evalFeed('--data', data, '--out', out, '--models', 'popular,souk-online', '--workers', '1');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^model +HR@10 +HR@20 +NDCG@10 +NDCG@20 +coverage/m);
    expect(stdout).toContain('souk-online retrieval');
    const rows = JSON.parse(fs.readFileSync(out, 'utf8')) as Array<Record<string, unknown>>;
    expect(rows.map((row) => row.model)).toEqual(['popular', 'souk-online']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(['model', 'hr_at_10', 'hr_at_20', 'ndcg_at_10', 'ndcg_at_20', 'coverage']);
      for (const key of ['hr_at_10', 'hr_at_20', 'ndcg_at_10', 'ndcg_at_20', 'coverage']) {
        expect(row[key]).toBeGreaterThanOrEqual(0);
        expect(row[key]).toBeLessThanOrEqual(1);
      }
    }
  }, 120_000);

  it('refuses a bad command line or a folder without data, saying why, with a failing exit code', async () => {
    const noData = await evalFeed();
    expect(noData.code).toBe(1);
    expect(noData.stderr).toContain('--data DIR is required');
    const unknown = await evalFeed('--data', data, '--models', 'popular,magic');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('unknown model magic');
    const empty = await evalFeed('--data', directory);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain('interactions.csv: no such file');
  }, 120_000);
});

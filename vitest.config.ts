import { fileURLToPath } from 'node:url';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

/**
 * One `vitest run` covers every tier: unit and API tests on SQLite, the API
 * tests again on PostgreSQL, the Redis bus across two processes, and the
 * browser test. A tier whose prerequisite is missing is skipped with a
 * printed reason, except under CI=true, where nothing may skip.
 */
const ci = process.env.CI === 'true';
const pgUrl = process.env.TEST_DATABASE_URL;
const redisUrl = process.env.TEST_REDIS_URL;

function unavailable(tier: string, reason: string): null {
  if (ci) throw new Error(`CI=true but the ${tier} tests cannot run: ${reason}`);
  console.warn(`[souk] skipping ${tier} tests: ${reason}`);
  return null;
}

// Tests run the TypeScript sources of @souk/contracts, not its build.
const sourceConditions = {
  resolve: { alias: { '@souk/contracts': fileURLToPath(new URL('./packages/contracts/src/index.ts', import.meta.url)) } },
};

const server = (name: string, include: string[], env: Record<string, string>, exclude: string[] = []): TestProjectInlineConfiguration => ({
  ...sourceConditions,
  test: {
    name,
    include,
    exclude: ['**/node_modules/**', '**/dist/**', ...exclude],
    environment: 'node',
    env,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});

const projects = [
  server('sqlite', ['apps/server/src/**/*.test.ts'], { SOUK_TEST_DIALECT: 'sqlite' }, ['**/*.redis.test.ts']),
  pgUrl
    ? server('postgres', ['apps/server/src/**/*.api.test.ts'], { SOUK_TEST_DIALECT: 'postgres' })
    : unavailable('PostgreSQL', 'TEST_DATABASE_URL is not set'),
  pgUrl && redisUrl
    ? server('redis', ['apps/server/src/**/*.redis.test.ts'], { SOUK_TEST_DIALECT: 'postgres' })
    : unavailable('Redis', 'TEST_REDIS_URL and TEST_DATABASE_URL must both be set'),
  {
    ...sourceConditions,
    test: { name: 'web', include: ['apps/web/src/**/*.test.ts'], environment: 'node' },
  },
  {
    ...sourceConditions,
    test: {
      name: 'e2e',
      include: ['apps/web/e2e/**/*.e2e.test.ts'],
      environment: 'node',
      testTimeout: 120_000,
      hookTimeout: 120_000,
    },
  },
].filter((project): project is TestProjectInlineConfiguration => project !== null);

export default defineConfig({
  test: {
    projects,
    // Two cores: files run two at a time, each with its own database.
    maxWorkers: 2,
  },
});

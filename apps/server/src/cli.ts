import { ROLES, type Role } from '@souk/contracts';
import { buildApp } from './app.js';
import { loadConfig } from './config/config.js';
import { readEnv } from './config/env.js';
import { openPlatform } from './platform/platform.js';

/**
 * Operator commands, for what no admin can do yet through the app (the first
 * admin of a fresh install):
 *
 *   npm run souk -- grant-role <handle> <user|creator|merchant|moderator|admin>
 *   npm run souk -- verify <handle>
 */
const USAGE = `usage: souk grant-role <handle> <${ROLES.join('|')}>\n       souk verify <handle>`;

async function run(args: string[]): Promise<number> {
  const [command, handle, role] = args;
  const valid = (command === 'grant-role' && handle && ROLES.includes(role as Role)) || (command === 'verify' && handle);
  if (!valid) {
    console.error(USAGE);
    return 2;
  }
  const platform = await openPlatform(loadConfig(readEnv(), { logLevel: 'warn' }));
  const souk = await buildApp(platform);
  try {
    const user = await souk.accounts.getByHandle(handle);
    const patch = command === 'verify' ? { verified: true } : { role: role as Role };
    await souk.accounts.adminUpdateUser({ userId: 'cli', sessionId: 'cli', role: 'admin' }, user.id, patch);
    await souk.events.settle();
    console.log(`${user.handle}: ${JSON.stringify(patch)}`);
    return 0;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    return 1;
  } finally {
    await souk.close();
    await platform.close();
  }
}

process.exitCode = await run(process.argv.slice(2));

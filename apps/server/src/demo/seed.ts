import type { Souk } from '../app.js';
import type { Platform } from '../platform/platform.js';
import { renderAvatar } from './avatars.js';
import { DEMO_PASSWORD, DEMO_PEOPLE } from './people.js';

/**
 * Seeds a demo community on an empty database, through the services like any
 * other client, so the demo data obeys every rule. Later modules add their
 * own demo content here (posts, shops, wallets).
 */
export async function seedDemo(souk: Souk, platform: Platform): Promise<void> {
  if ((await souk.accounts.userCount()) > 0) return;
  const log = platform.logger;
  const started = Date.now();
  // One hash for everyone: hashing 35 passwords at full cost would add seconds to the first start.
  const passwordHash = await souk.accounts.hashPassword(DEMO_PASSWORD);
  for (const person of DEMO_PEOPLE) {
    const avatar = await souk.media.storeAvatar(await renderAvatar(person.handle));
    await souk.accounts.createUser({
      handle: person.handle,
      displayName: person.displayName,
      passwordHash,
      role: person.role,
      verified: person.verified ?? false,
      bio: person.bio,
      locale: person.locale,
      avatarKey: avatar.key,
    });
  }
  log.info({ users: DEMO_PEOPLE.length, ms: Date.now() - started }, `demo community seeded; sign in as "demo" / "${DEMO_PASSWORD}"`);
}

import type { Mention } from '@souk/contracts';
import type { AccountsService } from '../accounts/index.js';

/** Resolves parsed @handles to users, in the order written; handles of nobody are plain text. */
export async function resolveMentions(accounts: AccountsService, handles: string[]): Promise<Mention[]> {
  if (handles.length === 0) return [];
  const users = await accounts.findByHandles(handles);
  const byKey = new Map(users.map((user) => [user.handle.toLowerCase(), user]));
  return handles.flatMap((handle) => {
    const user = byKey.get(handle.toLowerCase());
    return user ? [{ userId: user.id, handle: user.handle }] : [];
  });
}

import { describe, expect, it } from 'vitest';
import { HOUR, newEngine, request, SEED, T0, trained, world } from './engine.fixture.js';
import type { EngineSignal, FeedEngine } from './types.js';
import { UserRows, UserState } from './user-state.js';
import { limits } from './config.js';

console.log(`feed engine poisoning tests: seed ${SEED}`);

const VICTIM = 'user-5';
/** An item from a topic the victim never engaged with. */
const TARGET = 'books-2-9';

/** The victim's last liked items, from the victim's own signals. */
function victimFavourites(engine: FeedEngine, end: number): string[] {
  return engine
    .recommend(request(VICTIM, end))
    .flatMap((rec) => rec.reasons)
    .flatMap((reason) => (reason.kind === 'similar_to' ? [reason.itemId] : []))
    .filter((id, k, all) => all.indexOf(id) === k)
    .slice(0, 3);
}

/** The attacker likes the target beside each of the victim's favourites, `rounds` times over `spanMs`, then skips something (which settles what is pending). */
function attack(engine: FeedEngine, favourites: string[], start: number, rounds: number, spanMs: number): number {
  const step = spanMs / Math.max(1, rounds);
  let at = start;
  for (let round = 0; round < rounds; round++) {
    for (const favourite of favourites) {
      const signals: EngineSignal[] = [
        { userId: 'attacker', itemId: favourite, kind: 'impression', at },
        { userId: 'attacker', itemId: favourite, kind: 'like', at },
        { userId: 'attacker', itemId: TARGET, kind: 'impression', at },
        { userId: 'attacker', itemId: TARGET, kind: 'like', at },
        { userId: 'attacker', itemId: TARGET, kind: 'share', at },
      ];
      for (const signal of signals) engine.observe(signal);
    }
    at += step;
  }
  const end = start + spanMs + HOUR;
  engine.observe({ userId: 'attacker', itemId: 'food-0-0', kind: 'skip', at: end });
  return end;
}

describe('poisoning', () => {
  it('a flood of fake likes from one account moves another user\'s feed no more than one ordinary like does', () => {
    const once = trained();
    const flood = trained();
    const favourites = victimFavourites(once.engine, once.end);
    expect(favourites.length).toBeGreaterThan(0);
    expect(victimFavourites(flood.engine, flood.end)).toEqual(favourites);

    const endOnce = attack(once.engine, favourites, once.end, 1, 4 * HOUR);
    const endFlood = attack(flood.engine, favourites, flood.end, 2000, 4 * HOUR);
    expect(endFlood).toBe(endOnce);

    const pageOnce = once.engine.recommend(request(VICTIM, endOnce, { limit: 20 }));
    const pageFlood = flood.engine.recommend(request(VICTIM, endFlood, { limit: 20 }));
    expect(pageFlood).toEqual(pageOnce);
    expect(pageFlood.some((rec) => rec.itemId === TARGET)).toBe(false);
  });

  it('one account alone creates no co-engagement or sequence edge', () => {
    const { engine, end } = trained();
    // Two items nobody engaged with together: after the attacker pairs them, neither retrieves the other.
    let at = end;
    for (let round = 0; round < 50; round++) {
      for (const itemId of ['music-0-0', 'books-2-9']) engine.observe({ userId: 'attacker', itemId, kind: 'like', at: (at += 1000) });
    }
    engine.observe({ userId: 'follower', itemId: 'music-0-0', kind: 'like', at: (at += 1000) });
    const page = engine.recommend(request('follower', at + 1000, { limit: 20 }));
    expect(page.some((rec) => rec.itemId === 'books-2-9' && rec.reasons.some((reason) => reason.kind === 'similar_to'))).toBe(false);
  });

  it('one account alone cannot make an item trending', () => {
    // A young deployment: little engagement, so the trending lists are far from full.
    const engine = newEngine();
    const { items } = world();
    for (const item of items) engine.upsertItem(item);
    const end = T0 + 30 * 24 * HOUR;
    engine.upsertItem({ id: 'spam-1', authorId: 'spammer', topics: ['food'], kind: 'video', createdAt: T0 - 365 * 24 * HOUR });
    let at = end;
    for (let u = 0; u < 6; u++) {
      for (const itemId of ['food-0-1', 'food-1-2', 'travel-0-3']) engine.observe({ userId: `early-${u}`, itemId, kind: 'like', at: (at += 60_000) });
    }
    for (let n = 0; n < 5000; n++) engine.observe({ userId: 'attacker', itemId: 'spam-1', kind: n % 2 ? 'like' : 'share', at: (at += 1000) });
    engine.observe({ userId: 'newcomer', itemId: 'food-0-1', kind: 'like', at: (at += 1000) });
    for (const userId of ['newcomer', 'someone-else']) {
      const page = engine.recommend(request(userId, at + HOUR, { limit: 30 }));
      // The lists work here: items several users liked are offered as trending.
      expect(page.some((rec) => rec.reasons.some((reason) => reason.kind === 'trending'))).toBe(true);
      const spam = page.filter((rec) => rec.itemId === 'spam-1');
      expect(spam.filter((rec) => rec.source === 'trending' || rec.reasons.some((reason) => reason.kind === 'trending' || reason.kind === 'popular_in'))).toEqual([]);
    }
  });

  it('bounds one account\'s writes to shared statistics by a burst and a refill rate', () => {
    const rows = new UserRows();
    rows.ensureRows(1);
    const user = new UserState(0, rows);
    const start = 1_000_000;
    let granted = 0;
    for (let n = 0; n < 10 * limits.sharedBurst; n++) if (user.takeSharedToken(start)) granted++;
    expect(granted).toBe(limits.sharedBurst);
    const hour = 3600 * 1000;
    let later = 0;
    for (let n = 0; n < 10_000; n++) if (user.takeSharedToken(start + hour)) later++;
    expect(later).toBe(Math.floor(hour / limits.sharedRefillMs));
  });
});

import type { DemoPerson } from './people.js';
import type { Random } from './random.js';

/**
 * Who follows whom. Real follow graphs are heavy-tailed: a handful of
 * creators hold most of the follows, a middle tier grows by preferential
 * attachment (the more followers, the more new ones), and ordinary members
 * follow each other back in small circles of friends.
 */

/** The five creators nearly everyone follows. */
export const STARS = ['lina_beauty', 'chef_marcel', 'xiaoyu_travels', 'camille_style', 'techwei'] as const;
const STAR_REACH = [0.93, 0.91, 0.89, 0.87, 0.85];

export interface FollowGraph {
  /** Each edge once: follower handle -> followee handle. */
  edges: Array<[follower: string, followee: string]>;
  followersOf(handle: string): ReadonlySet<string>;
  follows(follower: string, followee: string): boolean;
  friends(a: string, b: string): boolean;
  friendsOf(handle: string): string[];
}

function affinity(a: DemoPerson, b: DemoPerson): number {
  const sharedTopic = a.topics.some((topic) => b.topics.includes(topic));
  return (sharedTopic ? 3 : 1) * (a.locale === b.locale ? 2 : 1);
}

export function planFollowGraph(people: DemoPerson[], r: Random): FollowGraph {
  const byHandle = new Map(people.map((person) => [person.handle, person]));
  const following = new Map<string, Set<string>>(people.map((person) => [person.handle, new Set()]));
  const followers = new Map<string, Set<string>>(people.map((person) => [person.handle, new Set()]));
  const edges: Array<[string, string]> = [];
  const follow = (from: string, to: string) => {
    if (from === to || following.get(from)!.has(to)) return;
    following.get(from)!.add(to);
    followers.get(to)!.add(from);
    edges.push([from, to]);
  };
  const stars = new Set<string>(STARS);
  const middle = people.filter((person) => !stars.has(person.handle) && (person.role === 'creator' || person.role === 'merchant'));
  const members = people.filter((person) => person.role === 'user' && person.handle !== 'demo');

  for (const person of r.sample(people, people.length)) {
    // The stars: followed by almost everyone, a little less by those who share neither language nor topic.
    STARS.forEach((handle, rank) => {
      const star = byHandle.get(handle)!;
      if (r.chance(STAR_REACH[rank]! * (affinity(person, star) > 1 ? 1 : 0.9))) follow(person.handle, handle);
    });
    // The middle tier: preferential attachment, weighted by shared topics and language.
    const picks = 1 + (r.chance(0.5) ? 1 : 0) + (r.chance(0.2) ? 1 : 0);
    for (let i = 0; i < picks; i++) {
      const target = r.weighted(middle, (candidate) => (followers.get(candidate.handle)!.size + 1) * affinity(person, candidate));
      follow(person.handle, target.handle);
    }
  }

  // Circles of friends: mutual follows, mostly within one language.
  for (const person of members) {
    const circle = r.chance(0.7) ? 1 + (r.chance(0.35) ? 1 : 0) : 0;
    for (let i = 0; i < circle; i++) {
      const friend = r.weighted(members, (candidate) => (candidate.handle === person.handle ? 0 : affinity(person, candidate)));
      follow(person.handle, friend.handle);
      follow(friend.handle, person.handle);
    }
  }

  // The demo account: the stars, some brands and creators, and a circle of friends, so every tab has something.
  const demo = 'demo';
  for (const handle of STARS) follow(demo, handle);
  for (const person of r.sample(middle, 12)) follow(demo, person.handle);
  const demoCircle = r.sample(members, 22);
  demoCircle.forEach((person, i) => {
    if (i < 16) follow(demo, person.handle);
    // Most follow back (friends); a few follow demo without being followed.
    if (i < 12 || i >= 16) follow(person.handle, demo);
  });

  const friends = (a: string, b: string) => following.get(a)!.has(b) && following.get(b)!.has(a);
  return {
    edges,
    followersOf: (handle) => followers.get(handle)!,
    follows: (from, to) => following.get(from)!.has(to),
    friends,
    friendsOf: (handle) => [...following.get(handle)!].filter((other) => friends(handle, other)),
  };
}

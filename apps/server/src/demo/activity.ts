import type { Visibility } from '@souk/contracts';
import { STARS, type FollowGraph } from './graph.js';
import type { Picture } from './image-pool.js';
import { composeComment, composeNote, composeReply, type NoteText } from './notes.js';
import type { DemoPerson } from './people.js';
import type { Random } from './random.js';
import type { Language, Topic } from './topics.js';

/**
 * A month of community life, planned before anything is written: who posts
 * what and when, who likes and comments on it and when. The seed replays the
 * plan in time order through the services.
 */

export const HISTORY_DAYS = 30;
export const NOTE_COUNT = 2100;
/** Distinct pictures per topic; notes reuse them (see ImagePool). */
export const PICTURES_PER_TOPIC = 48;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export interface PlannedNote {
  key: number;
  author: string;
  topic: Topic;
  language: Language;
  visibility: Visibility;
  text: NoteText;
  pictures: Picture[];
}

export type Action =
  | { kind: 'note'; at: number; note: PlannedNote }
  | { kind: 'like'; at: number; note: number; user: string }
  | { kind: 'comment'; at: number; note: number; user: string; body: string; key: number }
  | { kind: 'reply'; at: number; note: number; user: string; body: string; key: number; replyTo: number };

export interface ActivityPlan {
  notes: PlannedNote[];
  /** Every note, like, comment and reply, oldest first. */
  actions: Action[];
}

type Tier = 'star' | 'creator' | 'brand' | 'member';

function tierOf(person: DemoPerson): Tier {
  if ((STARS as readonly string[]).includes(person.handle)) return 'star';
  if (person.role === 'creator') return 'creator';
  if (person.role === 'merchant') return 'brand';
  return 'member';
}

/** How much each tier posts, relative to the others. */
const POSTING: Record<Tier, number> = { star: 48, creator: 26, brand: 18, member: 3 };
/** Median likes and comments on a public note, by its author's tier; actual counts are heavy-tailed around these. */
const LIKES: Record<Tier, number> = { star: 12, creator: 3.5, brand: 2.5, member: 0.8 };
const COMMENTS: Record<Tier, number> = { star: 3, creator: 1, brand: 0.8, member: 0.35 };

function languageOf(person: DemoPerson): Language {
  return person.locale === 'zh-CN' || person.locale === 'fr' ? person.locale : 'en';
}

function pictureCount(r: Random): number {
  const roll = r.next();
  if (roll < 0.04) return 0;
  if (roll < 0.4) return 1;
  if (roll < 0.64) return 2;
  if (roll < 0.8) return 3;
  if (roll < 0.9) return 4;
  if (roll < 0.96) return r.int(5, 6);
  return r.int(7, 9);
}

function visibilityFor(tier: Tier, r: Random): Visibility {
  const roll = r.next();
  if (tier !== 'member') return roll < 0.96 ? 'public' : 'followers';
  return roll < 0.8 ? 'public' : roll < 0.92 ? 'followers' : 'friends';
}

/** A delay after an event: mostly soon, sometimes days later. */
function delay(r: Random, meanMs: number): number {
  return -Math.log(1 - r.next()) * meanMs;
}

export function planActivity(people: DemoPerson[], graph: FollowGraph, now: number, r: Random): ActivityPlan {
  const byHandle = new Map(people.map((person) => [person.handle, person]));
  const start = now - HISTORY_DAYS * DAY;
  const end = now - 10 * MINUTE;
  const latest = now - MINUTE;
  const weight = new Map(people.map((person) => [person.handle, POSTING[tierOf(person)] * (tierOf(person) === 'member' ? r.logNormal(1, 0.8) : 1)]));
  // The demo account and the staff post a little, so their profiles are not empty.
  weight.set('demo', 0);
  weight.set('admin', 0);
  weight.set('mod_lea', 0);
  const authors = [
    ...Array.from({ length: NOTE_COUNT - 6 }, () => r.weighted(people, (person) => weight.get(person.handle)!).handle),
    'demo', 'demo', 'demo', 'demo', 'admin', 'mod_lea',
  ];
  const times = authors.map(() => start + r.next() * (end - start)).sort((a, b) => a - b);

  // Who could see a note: its audience decides who may like, comment or be tagged.
  const audience = (author: string, visibility: Visibility): DemoPerson[] =>
    people.filter((person) => {
      if (person.handle === author) return false;
      if (visibility === 'public') return true;
      if (visibility === 'followers') return graph.follows(person.handle, author);
      return visibility === 'friends' && graph.friends(person.handle, author);
    });

  const notes: PlannedNote[] = [];
  const actions: Action[] = [];
  let commentKey = 0;
  r.sample(authors, authors.length).forEach((handle, key) => {
    const author = byHandle.get(handle)!;
    const tier = tierOf(author);
    const topic = r.pick(author.topics);
    const language = languageOf(author);
    const at = times[key]!;
    const visibility = handle === 'demo' ? (['public', 'friends', 'public', 'followers'] as const)[key % 4]! : visibilityFor(tier, r);
    const followed = [...graph.friendsOf(handle), ...(STARS as readonly string[])].filter((other) => other !== handle);
    const mention = r.chance(0.15) && followed.length > 0 ? r.pick(followed) : null;
    const text = composeNote(topic, language, r, { mention, titled: r.chance(0.88) });
    // New pictures appear at a steady pace over the month, so their uploads spread over the whole seed
    // instead of all waiting at its start (see ImagePool).
    const available = Math.max(9, Math.ceil((PICTURES_PER_TOPIC * (key + 1)) / authors.length));
    const pictures = r.sample(
      Array.from({ length: available }, (_, index) => ({ topic, index })),
      pictureCount(r),
    );
    const note: PlannedNote = { key, author: handle, topic, language, visibility, text, pictures };
    notes.push(note);
    actions.push({ kind: 'note', at, note });

    const viewers = audience(handle, visibility);
    if (viewers.length === 0) return;
    const followers = graph.followersOf(handle);
    // Readers who follow the author or share their language are likelier to react.
    const interest = (person: DemoPerson) => (followers.has(person.handle) ? 4 : 1) * (languageOf(person) === language ? 2 : 1);
    const restricted = visibility === 'public' ? 1 : 0.6;
    // A reaction comes after what it reacts to, and before now.
    const later = (from: number, meanMs: number) => {
      const at = from + 1000 + delay(r, meanMs);
      return at <= latest ? at : from + (latest - from) * r.next();
    };

    const likeCount = Math.min(viewers.length, Math.round(r.logNormal(LIKES[tier] * restricted, 0.7)));
    for (const liker of weightedSample(viewers, likeCount, interest, r)) {
      actions.push({ kind: 'like', at: later(at, 8 * HOUR), note: key, user: liker.handle });
    }

    const commentCount = Math.min(viewers.length, Math.round(r.logNormal(COMMENTS[tier] * restricted, 0.8)));
    const commenters = weightedSample(viewers, commentCount, (person) => interest(person) * (languageOf(person) === language ? 3 : 1), r);
    for (const commenter of commenters) {
      const commentAt = later(at, 10 * HOUR);
      const friends = graph.friendsOf(commenter.handle).filter((friend) => viewers.some((viewer) => viewer.handle === friend));
      const tagged = r.chance(0.08) && friends.length > 0 ? r.pick(friends) : null;
      const key = commentKey++;
      actions.push({ kind: 'comment', at: commentAt, note: note.key, user: commenter.handle, body: composeComment(topic, language, r, tagged), key });
      if (!r.chance(0.3)) continue;
      // The author answers most replies; on a friends-only note only the author may, since a stranger's reply would be hidden.
      const byAuthor = visibility === 'friends' || r.chance(0.7);
      const replier = byAuthor ? author : r.pick(viewers);
      if (replier.handle === commenter.handle) continue;
      actions.push({
        kind: 'reply',
        at: later(commentAt, 3 * HOUR),
        note: note.key,
        user: replier.handle,
        body: composeReply(topic, language, r, byAuthor),
        key: commentKey++,
        replyTo: key,
      });
    }
  });

  // Stable: a reply planned at the same millisecond as its comment still comes after it.
  actions.sort((a, b) => a.at - b.at);
  return { notes, actions };
}

/** `count` distinct people, each draw as likely as its weight. */
function weightedSample(people: DemoPerson[], count: number, weight: (person: DemoPerson) => number, r: Random): DemoPerson[] {
  const chosen = new Set<DemoPerson>();
  const pool = [...people];
  while (chosen.size < count && pool.length > 0) {
    const pick = r.weighted(pool, weight);
    chosen.add(pick);
    pool.splice(pool.indexOf(pick), 1);
  }
  return [...chosen];
}

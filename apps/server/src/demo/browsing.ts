import type { PlannedNote } from './activity.js';
import type { DemoPerson } from './people.js';
import type { Random } from './random.js';

/**
 * What the demo people looked at in their feed over the last days, planned
 * like the rest of the seed: each session a person scrolls past a couple of
 * dozen recent public notes, reads those on their own topics (sometimes
 * liking one, or opening the author's profile), glances at or swipes past
 * the others. The
 * For You engine learns from these views as from any client's, so it knows
 * every demo person's tastes on a fresh start.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Sessions fall in this many days before the seed's end. */
const BROWSING_DAYS = 6;
/** A note is on feeds for about this long after it was posted. */
const RECENT_MS = 4 * DAY;
/** Views in a session are this far apart; a session fits in the ten minutes a signal's time is believed. */
export const VIEW_SPACING_MS = 20_000;
const MAX_VIEWS = 24;
/** Share of a session's notes drawn from the person's own topics (the rest are anything recent). */
const ON_TOPIC = 0.6;

export type ViewKind = 'read' | 'glance' | 'skip';

export interface PlannedView {
  note: number;
  kind: ViewKind;
  /** Time on the note. */
  dwellMs: number;
  /** Opened the author's profile from it. */
  profile: boolean;
  /** Liked it (never a note the person likes elsewhere in the seed). */
  like: boolean;
}

export interface BrowsingSession {
  /** When the session ends; its views come before, VIEW_SPACING_MS apart. */
  at: number;
  user: string;
  views: PlannedView[];
}

function sessionsFor(person: DemoPerson): number {
  if (person.handle === 'demo') return 8;
  return person.role === 'user' ? 3 : 2;
}

/** `liked` holds "note:handle" for the likes planned already; the likes planned here are added to it. */
export function planBrowsing(people: DemoPerson[], notes: PlannedNote[], noteTimes: Map<number, number>, liked: Set<string>, now: number, r: Random): BrowsingSession[] {
  const visible = notes.filter((note) => note.visibility === 'public').sort((a, b) => noteTimes.get(a.key)! - noteTimes.get(b.key)!);
  const sessions: BrowsingSession[] = [];
  for (const person of people) {
    for (let s = 0; s < sessionsFor(person); s++) {
      const at = now - 2 * MINUTE - r.next() * BROWSING_DAYS * DAY;
      // Notes from the last few days, posted at least an hour before the session began, not the person's own.
      const start = at - MAX_VIEWS * VIEW_SPACING_MS;
      const recent = visible.filter((note) => {
        const posted = noteTimes.get(note.key)!;
        return posted < start - HOUR && posted > start - RECENT_MS && note.author !== person.handle;
      });
      if (recent.length === 0) continue;
      const onTopic = recent.filter((note) => person.topics.includes(note.topic));
      const count = r.int(12, MAX_VIEWS);
      const wanted = Math.round(count * ON_TOPIC);
      const picked = [...r.sample(onTopic, wanted), ...r.sample(recent, count - Math.min(wanted, onTopic.length))];
      const seen = new Set<number>();
      const views: PlannedView[] = [];
      for (const note of r.sample(picked, picked.length)) {
        if (seen.has(note.key)) continue;
        seen.add(note.key);
        const planned = view(note, person.topics.includes(note.topic), r);
        const key = `${note.key}:${person.handle}`;
        if (planned.like && liked.has(key)) planned.like = false;
        if (planned.like) liked.add(key);
        views.push(planned);
      }
      sessions.push({ at, user: person.handle, views });
    }
  }
  return sessions.sort((a, b) => a.at - b.at);
}

/** A note on one's own topics is read, mostly for a while; another is glanced at or swiped away. */
function view(note: PlannedNote, interested: boolean, r: Random): PlannedView {
  if (interested && r.chance(0.85)) {
    return { note: note.key, kind: 'read', dwellMs: Math.round(Math.min(3 * MINUTE, r.logNormal(45_000, 0.5))), profile: r.chance(0.12), like: r.chance(0.2) };
  }
  if (r.chance(0.5)) return { note: note.key, kind: 'skip', dwellMs: 0, profile: false, like: false };
  return { note: note.key, kind: 'glance', dwellMs: r.int(800, 4000), profile: false, like: false };
}

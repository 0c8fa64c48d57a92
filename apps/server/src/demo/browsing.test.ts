import { FEED_DWELL_MAX_MS } from '@souk/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { planActivity, type ActivityPlan } from './activity.js';
import { planBrowsing, VIEW_SPACING_MS, type BrowsingSession } from './browsing.js';
import { demoCrowd } from './crowd.js';
import { planFollowGraph } from './graph.js';
import { DEMO_PEOPLE, type DemoPerson } from './people.js';
import { Random } from './random.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const HOUR = 3600_000;
const SEED = 'browsing-test';

function plan(seed: string): { people: DemoPerson[]; activity: ActivityPlan; likedBefore: Set<string>; liked: Set<string>; sessions: BrowsingSession[] } {
  const random = new Random(seed);
  const people = [...DEMO_PEOPLE, ...demoCrowd({ creators: 24, members: 242 }, DEMO_PEOPLE.map((person) => person.handle), random.fork('crowd'))];
  const activity = planActivity(people, planFollowGraph(people, random.fork('graph')), NOW, random.fork('activity'));
  const noteTimes = new Map(activity.actions.flatMap((action) => (action.kind === 'note' ? [[action.note.key, action.at] as const] : [])));
  const likedBefore = new Set(activity.actions.flatMap((action) => (action.kind === 'like' ? [`${action.note}:${action.user}`] : [])));
  const liked = new Set(likedBefore);
  return { people, activity, likedBefore, liked, sessions: planBrowsing(people, activity.notes, noteTimes, liked, NOW, random.fork('browsing')) };
}

describe('the demo browsing plan', () => {
  let planned: ReturnType<typeof plan>;
  beforeAll(() => {
    console.log(`seed: ${SEED}`);
    planned = plan(SEED);
  });

  it('is the same for the same seed', () => {
    expect(plan(SEED).sessions).toEqual(planned.sessions);
  });

  it('views only public notes of others, posted well before, in sessions that fit the signal window', () => {
    const notes = new Map(planned.activity.notes.map((note) => [note.key, note]));
    const posted = new Map(planned.activity.actions.flatMap((action) => (action.kind === 'note' ? [[action.note.key, action.at] as const] : [])));
    expect(planned.sessions.map((session) => session.at)).toEqual([...planned.sessions.map((session) => session.at)].sort((a, b) => a - b));
    for (const session of planned.sessions) {
      expect(session.at).toBeLessThan(NOW);
      expect(session.views.length).toBeGreaterThan(0);
      expect(session.views.length * VIEW_SPACING_MS).toBeLessThanOrEqual(10 * 60_000);
      expect(new Set(session.views.map((view) => view.note)).size).toBe(session.views.length);
      for (const view of session.views) {
        const note = notes.get(view.note)!;
        expect(note.visibility).toBe('public');
        expect(note.author).not.toBe(session.user);
        expect(posted.get(view.note)!).toBeLessThan(session.at - session.views.length * VIEW_SPACING_MS - HOUR);
        expect(view.dwellMs).toBeLessThanOrEqual(Math.min(FEED_DWELL_MAX_MS, HOUR));
      }
    }
  });

  it('reads mostly what each person posts about, and likes a note at most once', () => {
    const topics = new Map(planned.people.map((person) => [person.handle, person.topics]));
    const notes = new Map(planned.activity.notes.map((note) => [note.key, note]));
    const views = planned.sessions.flatMap((session) => session.views.map((view) => ({ ...view, onTopic: topics.get(session.user)!.includes(notes.get(view.note)!.topic), user: session.user })));
    const reads = views.filter((view) => view.kind === 'read');
    expect(reads.filter((view) => view.onTopic).length / reads.length).toBeGreaterThan(0.9);
    const likes = views.filter((view) => view.like).map((view) => `${view.note}:${view.user}`);
    expect(likes.length).toBeGreaterThan(500);
    expect(new Set(likes).size).toBe(likes.length);
    for (const like of likes) expect(planned.likedBefore.has(like)).toBe(false);
    expect(planned.liked.size).toBe(planned.likedBefore.size + likes.length);
  });
});

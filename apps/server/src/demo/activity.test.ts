import { COMMENT_BODY_MAX, POST_IMAGES_MAX, POST_TITLE_MAX, POST_BODY_MAX } from '@souk/contracts';
import { beforeAll, describe, expect, it } from 'vitest';
import { hashtagKey, parseText } from '../modules/social/index.js';
import { planActivity, NOTE_COUNT, type ActivityPlan } from './activity.js';
import { demoCrowd } from './crowd.js';
import { planFollowGraph, STARS, type FollowGraph } from './graph.js';
import { DEMO_PEOPLE, type DemoPerson } from './people.js';
import { Random } from './random.js';
import { LANGUAGES, TOPIC_TAGS, TOPICS } from './topics.js';

const NOW = Date.parse('2026-11-24T12:00:00Z');

function community(seed: string): { people: DemoPerson[]; graph: FollowGraph; plan: ActivityPlan } {
  const random = new Random(seed);
  const people = [...DEMO_PEOPLE, ...demoCrowd({ creators: 24, members: 242 }, DEMO_PEOPLE.map((person) => person.handle), random.fork('crowd'))];
  const graph = planFollowGraph(people, random.fork('graph'));
  return { people, graph, plan: planActivity(people, graph, NOW, random.fork('activity')) };
}

describe('the demo community plan', () => {
  let people: DemoPerson[];
  let graph: FollowGraph;
  let plan: ActivityPlan;
  beforeAll(() => {
    ({ people, graph, plan } = community('test'));
  });

  it('is the same for the same seed and different for another', () => {
    const again = community('test');
    expect(again.people).toEqual(people);
    expect(again.graph.edges).toEqual(graph.edges);
    expect(again.plan).toEqual(plan);
    expect(community('other').plan.notes[0]).not.toEqual(plan.notes[0]);
  });

  it('gives everyone a unique, valid handle, in three languages', () => {
    expect(people).toHaveLength(300);
    expect(new Set(people.map((person) => person.handle)).size).toBe(people.length);
    for (const person of people) expect(person.handle).toMatch(/^[A-Za-z0-9_]{3,30}$/);
    for (const locale of ['zh-CN', 'fr', 'en']) expect(people.filter((person) => person.locale === locale).length).toBeGreaterThan(80);
  });

  it('lets five creators hold most follows, and gives demo followings, followers and friends', () => {
    const followers = new Map<string, number>();
    for (const [, followee] of graph.edges) followers.set(followee, (followers.get(followee) ?? 0) + 1);
    const ranked = [...followers].sort((a, b) => b[1] - a[1]);
    const top5 = ranked.slice(0, 5).reduce((sum, [, count]) => sum + count, 0);
    expect(top5 / graph.edges.length).toBeGreaterThan(0.5);
    expect(ranked.slice(0, 5).map(([handle]) => handle).sort()).toEqual([...STARS].sort());
    expect(new Set(graph.edges.map(([from, to]) => `${from}>${to}`)).size).toBe(graph.edges.length);
    expect(graph.edges.filter(([from]) => from === 'demo').length).toBeGreaterThanOrEqual(30);
    expect(graph.friendsOf('demo').length).toBeGreaterThanOrEqual(10);
    expect(graph.followersOf('demo').size).toBeGreaterThan(graph.friendsOf('demo').length);
  });

  it('writes notes on every topic in every language, about a third per language', () => {
    expect(plan.notes).toHaveLength(NOTE_COUNT);
    for (const topic of TOPICS) {
      for (const language of LANGUAGES) {
        expect(plan.notes.filter((note) => note.topic === topic && note.language === language).length, `${topic} ${language}`).toBeGreaterThan(20);
      }
    }
    for (const language of LANGUAGES) {
      const share = plan.notes.filter((note) => note.language === language).length / plan.notes.length;
      expect(share, language).toBeGreaterThan(0.25);
      expect(share, language).toBeLessThan(0.42);
    }
  });

  it('writes text the services accept, tagged with its topic in its language', () => {
    const handles = new Set(people.map((person) => person.handle));
    for (const note of plan.notes) {
      const { title, body } = note.text;
      expect([...(title ?? '')].length).toBeLessThanOrEqual(POST_TITLE_MAX);
      expect([...body].length).toBeLessThanOrEqual(POST_BODY_MAX);
      expect(body).not.toMatch(/\{[a-zA-Z]+\}/);
      expect(title ?? '').not.toMatch(/\{[a-zA-Z]+\}/);
      const parsed = parseText(`${title ?? ''}\n${body}`);
      expect(parsed.hashtags.map((tag) => tag.key)).toContain(hashtagKey(TOPIC_TAGS[note.topic][note.language]));
      for (const mention of parsed.mentions) expect(handles.has(mention)).toBe(true);
      expect(note.pictures.length).toBeLessThanOrEqual(POST_IMAGES_MAX);
      expect(new Set(note.pictures.map((picture) => picture.index)).size).toBe(note.pictures.length);
      expect(note.pictures.every((picture) => picture.topic === note.topic)).toBe(true);
    }
    expect(plan.notes.filter((note) => note.text.title !== null).length / plan.notes.length).toBeGreaterThan(0.8);
    expect(plan.notes.filter((note) => note.text.body.includes('@')).length).toBeGreaterThan(100);
    expect(plan.notes.filter((note) => note.pictures.length >= 1 && note.pictures.length <= 4).length / plan.notes.length).toBeGreaterThan(0.8);
    expect(plan.notes.some((note) => note.pictures.length === 9)).toBe(true);
    expect(plan.notes.filter((note) => note.visibility !== 'public').length).toBeGreaterThan(50);
  });

  it('uses the Weibo tag form in Chinese and the open form in French and English', () => {
    const chinese = plan.notes.find((note) => note.language === 'zh-CN')!;
    expect(chinese.text.body).toContain(`#${TOPIC_TAGS[chinese.topic]['zh-CN']}#`);
    const french = plan.notes.find((note) => note.language === 'fr')!;
    expect(french.text.body).toMatch(new RegExp(`#${TOPIC_TAGS[french.topic].fr}(\\s|$)`));
  });

  it('replays in time order, each reaction after what it answers, by someone who may see the note, before now', () => {
    const notes = new Map(plan.notes.map((note) => [note.key, note]));
    const noteTimes = new Map<number, number>();
    const commentTimes = new Map<number, number>();
    let previous = -Infinity;
    const reacted = new Set<string>();
    for (const action of plan.actions) {
      expect(action.at).toBeGreaterThanOrEqual(previous);
      expect(action.at).toBeLessThan(NOW);
      previous = action.at;
      if (action.kind === 'note') {
        noteTimes.set(action.note.key, action.at);
        continue;
      }
      expect(action.at).toBeGreaterThanOrEqual(noteTimes.get(action.note)!);
      const note = notes.get(action.note)!;
      if (action.user !== note.author) {
        if (note.visibility === 'followers') expect(graph.follows(action.user, note.author)).toBe(true);
        if (note.visibility === 'friends') expect(graph.friends(action.user, note.author)).toBe(true);
      }
      if (action.kind === 'like') {
        expect(reacted.has(`${action.note}:${action.user}`)).toBe(false);
        reacted.add(`${action.note}:${action.user}`);
      } else {
        expect(action.body.length).toBeGreaterThan(0);
        expect([...action.body].length).toBeLessThanOrEqual(COMMENT_BODY_MAX);
        if (action.kind === 'reply') expect(action.at).toBeGreaterThanOrEqual(commentTimes.get(action.replyTo)!);
        commentTimes.set(action.key, action.at);
      }
    }
    expect(plan.actions[0]!.at).toBeLessThan(NOW - 29 * 24 * 3600_000);
  });

  it('gives the stars’ notes more likes and comments than members’', () => {
    const stars = new Set<string>(STARS);
    const authorOf = new Map(plan.notes.map((note) => [note.key, note.author]));
    const perNote = (kind: 'like' | 'comment', starred: boolean) => {
      const notes = plan.notes.filter((note) => stars.has(note.author) === starred).length;
      const reactions = plan.actions.filter((action) => action.kind === kind && stars.has(authorOf.get(action.note)!) === starred).length;
      return reactions / notes;
    };
    expect(perNote('like', true)).toBeGreaterThan(3 * perNote('like', false));
    expect(perNote('comment', true)).toBeGreaterThan(3 * perNote('comment', false));
  });
});

import { BEAUTY } from './phrases/beauty.js';
import { LANGUAGE_PHRASES } from './phrases/common.js';
import { FASHION } from './phrases/fashion.js';
import { FOOD } from './phrases/food.js';
import { TECH } from './phrases/tech.js';
import { TRAVEL } from './phrases/travel.js';
import type { TopicPhrases } from './phrases/types.js';
import type { Random } from './random.js';
import { hashtag, TOPIC_TAGS, type Language, type Topic } from './topics.js';

/**
 * Notes and comments composed from phrase banks: a subject, a hook title,
 * an opener, a few details, a closer and hashtags, in the author's language.
 * The slots of one note are filled once, so its title and body agree.
 */

const PHRASES: Record<Topic, Record<Language, TopicPhrases>> = { beauty: BEAUTY, fashion: FASHION, food: FOOD, travel: TRAVEL, tech: TECH };

/** Typical prices, in dollars, of what each topic talks about. */
const PRICE_RANGE: Record<Topic, [number, number]> = {
  beauty: [12, 60],
  fashion: [25, 160],
  food: [8, 40],
  travel: [300, 1500],
  tech: [40, 600],
};

export interface NoteText {
  title: string | null;
  body: string;
}

interface Slots {
  s: string;
  n: number;
  price: string;
  city: string;
  who?: string;
}

function capitalise(text: string): string {
  return text.charAt(0).toLocaleUpperCase() + text.slice(1);
}

function fill(template: string, slots: Slots): string {
  return template.replace(/\{(s|S|n|price|city|who)\}/g, (_, key: string) => {
    if (key === 'S') return capitalise(slots.s);
    if (key === 'n') return String(slots.n);
    return String(slots[key as 's' | 'price' | 'city' | 'who'] ?? '');
  });
}

function slotsFor(topic: Topic, language: Language, r: Random): Slots {
  const [low, high] = PRICE_RANGE[topic];
  const common = LANGUAGE_PHRASES[language];
  return {
    s: r.pick(PHRASES[topic][language].subjects),
    n: r.int(2, 8),
    price: common.price(low + r.next() * (high - low)),
    city: r.pick(common.cities),
  };
}

function tagLine(topic: Topic, language: Language, r: Random): string {
  const names = [TOPIC_TAGS[topic][language], ...r.sample(PHRASES[topic][language].tags, r.int(1, 3))];
  return names.map((name) => hashtag(name, language)).join(' ');
}

/**
 * A note on `topic` in `language`. `mention` is a handle to @mention in
 * passing, or null; most notes have a title, a few are body only.
 */
export function composeNote(topic: Topic, language: Language, r: Random, options: { mention: string | null; titled: boolean }): NoteText {
  const bank = PHRASES[topic][language];
  const common = LANGUAGE_PHRASES[language];
  const slots: Slots = { ...slotsFor(topic, language, r), who: options.mention ? `@${options.mention}` : undefined };
  const details = r.sample(bank.details, r.int(2, 4)).map((line) => fill(line, slots));
  const opening = fill(r.pick(bank.openers), slots);
  const ending = [...(options.mention ? [fill(r.pick(common.mentions), slots)] : []), r.pick(common.closers)];
  const paragraphs =
    language === 'zh-CN'
      ? // Xiaohongshu notes in Chinese are a column of short lines.
        [opening, ...details, ending.join('')]
      : [[opening, ...details].join(common.sentenceGap), ending.join(common.sentenceGap)];
  const body = `${paragraphs.join(common.paragraphGap)}${common.paragraphGap}${language === 'zh-CN' ? '\n' : ''}${tagLine(topic, language, r)}`;
  return { title: options.titled ? fill(r.pick(bank.titles), slots) : null, body };
}

/** A reader's comment; `friend` is a handle to tag, or null. */
export function composeComment(topic: Topic, language: Language, r: Random, friend: string | null): string {
  const common = LANGUAGE_PHRASES[language];
  if (friend) return r.pick(common.tagFriend).replace('{who}', `@${friend}`);
  return r.chance(0.55) ? r.pick(PHRASES[topic][language].comments) : r.pick(common.comments);
}

/** An answer to a comment, by the note's author or by another reader. */
export function composeReply(topic: Topic, language: Language, r: Random, byAuthor: boolean): string {
  const common = LANGUAGE_PHRASES[language];
  return byAuthor && r.chance(0.6) ? r.pick(PHRASES[topic][language].replies) : r.pick(common.replies);
}

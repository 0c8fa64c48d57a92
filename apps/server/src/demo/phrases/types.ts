/**
 * Phrase banks for demo notes and comments, one per topic and language.
 * Templates may hold slots, filled once per note so title and body agree:
 * `{s}` the subject (`{S}` capitalised), `{n}` a small number, `{price}` a
 * price in the language's currency, `{city}` a city.
 */
export interface TopicPhrases {
  /** What a note is about: a product, a dish, a place, a device. French subjects carry their article. */
  subjects: string[];
  /** Xiaohongshu-style titles: a hook, a verdict, a number. */
  titles: string[];
  /** First sentences. */
  openers: string[];
  /** The middle of a note: two to four of these. */
  details: string[];
  /** Topic hashtags besides the topic's own tag (without `#`). */
  tags: string[];
  /** Comments a reader leaves on such a note. */
  comments: string[];
  /** How the author answers those comments. */
  replies: string[];
}

export interface LanguagePhrases {
  closers: string[];
  /** A sentence that mentions another member; `{who}` becomes `@handle`. */
  mentions: string[];
  /** Comments that fit any note. */
  comments: string[];
  /** Replies that fit any comment. */
  replies: string[];
  /** A comment that tags a friend to show them the note; `{who}` becomes `@handle`. */
  tagFriend: string[];
  cities: string[];
  price(amount: number): string;
  /** Sentences are joined with this; paragraphs with a blank line (or a line break in Chinese). */
  sentenceGap: string;
  paragraphGap: string;
}

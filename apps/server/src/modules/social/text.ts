/**
 * What a post or comment says besides its words: hashtags in both forms people
 * type them, Weibo's `#话题#` (closed, may hold spaces) and the `#tag` form
 * (open, ends at the first character that is not a letter, mark, digit or _),
 * in any script; and `@handle` mentions (handles are ASCII by design).
 */
export interface ParsedText {
  hashtags: Array<{ key: string; name: string }>;
  mentions: string[];
}

const MAX_TAG_LENGTH = 64;
const MAX_HASHTAGS = 10;
const MAX_MENTIONS = 20;

/** A closed tag: `#` + content without `#` or a line break + `#`; the content must not start or end with a space. */
const CLOSED_TAG = /#([^#\s][^#\n\r]*?[^#\s]|[^#\s])#/uy;
const OPEN_TAG = /#([\p{L}\p{M}\p{N}_]+)/uy;
const MENTION = /@([A-Za-z0-9_]{3,30})(?![A-Za-z0-9_])/g;
/**
 * A `#` or `@` glued to a word is part of that word (C#, issue#12, an e-mail
 * address), not a tag or mention — except after Chinese, Japanese or Korean,
 * written without spaces, where 今天吃了#火锅# is the usual way to tag.
 */
const GLUE_CHAR = /(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{M}\p{N}_]/u;

/** The key a hashtag is stored and linked under: NFKC, case folded, inner spaces collapsed. */
export function hashtagKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The whole character (a surrogate pair included) before a string index. */
function charBefore(text: string, index: number): string {
  const low = text.charCodeAt(index - 1);
  return low >= 0xdc00 && low <= 0xdfff && index > 1 ? text.slice(index - 2, index) : text[index - 1]!;
}

export function parseText(text: string): ParsedText {
  const hashtags = new Map<string, string>();
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '#') continue;
    if (i > 0 && text[i - 1] !== '#' && GLUE_CHAR.test(charBefore(text, i))) continue;
    let name: string | undefined;
    let end = i + 1;
    // The Weibo form wins when the text closes it; its content cannot end in a space,
    // so "#a #b" still reads as two open tags rather than one closed tag "a ".
    CLOSED_TAG.lastIndex = i;
    const closed = CLOSED_TAG.exec(text);
    OPEN_TAG.lastIndex = i;
    const open = closed ? null : OPEN_TAG.exec(text);
    if (closed) {
      name = closed[1]!;
      end = i + closed[0].length;
    } else if (open) {
      name = open[1]!;
      end = i + open[0].length;
    }
    if (name !== undefined) {
      const trimmed = name.normalize('NFC').trim();
      const key = hashtagKey(trimmed);
      if (key.length > 0 && [...key].length <= MAX_TAG_LENGTH && !hashtags.has(key) && hashtags.size < MAX_HASHTAGS) {
        hashtags.set(key, trimmed);
      }
      i = end - 1;
    }
  }

  const mentions = new Map<string, string>();
  for (const match of text.matchAll(MENTION)) {
    if (match.index > 0 && GLUE_CHAR.test(charBefore(text, match.index))) continue;
    const key = match[1]!.toLowerCase();
    if (!mentions.has(key) && mentions.size < MAX_MENTIONS) mentions.set(key, match[1]!);
  }

  return { hashtags: [...hashtags].map(([key, name]) => ({ key, name })), mentions: [...mentions.values()] };
}

const FORBIDDEN_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\u202A-\u202E\u2066-\u2069\uFEFF]/u;

/** Post and comment text: NFC, trimmed, line breaks kept; control and bidi-override characters refused. */
export function cleanText(raw: string): string | null {
  const text = raw.normalize('NFC').replace(/\r\n?/g, '\n').trim();
  return FORBIDDEN_IN_TEXT.test(text) ? null : text;
}

/** A one-line excerpt for notifications. */
export function excerptOf(text: string, max = 80): string {
  const line = text.replace(/\s+/gu, ' ').trim();
  const chars = [...line];
  return chars.length <= max ? line : `${chars.slice(0, max - 1).join('')}…`;
}

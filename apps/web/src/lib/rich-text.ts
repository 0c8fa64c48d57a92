/**
 * Hashtags and @mentions in post and comment text, read by the same rules as
 * the server's parser (apps/server/src/modules/social/text.ts).
 *
 * Two hashtag forms are written: Weibo's `#话题#`, closed by a second `#` (the
 * only way to end a tag in Chinese, which has no spaces; it may hold spaces
 * but not start or end with one), and `#tag`, which runs over letters, marks,
 * digits and underscores of any script. Handles are ASCII (the contracts'
 * Handle rule), so a mention is `@` and 3–30 of `[A-Za-z0-9_]`. A `#` or `@`
 * glued to a word character belongs to that word (C#, an e-mail address),
 * except after Chinese, Japanese or Korean, which are written without spaces.
 *
 * The server parses the same text when it stores a post and returns what it
 * found (`post.hashtags`, `post.mentions`). When those lists are given, only
 * what they hold is linked, so the screen never links a tag the server did not
 * index nor a handle that belongs to nobody.
 */

export type RichSegment =
  | { type: 'text'; text: string }
  | { type: 'hashtag'; text: string; name: string; key: string }
  | { type: 'mention'; text: string; handle: string };

export interface KnownEntities {
  /** Hashtag display forms (without `#`), as in `Post.hashtags`. */
  hashtags?: readonly string[];
  /** Mentioned handles, as in `Post.mentions[].handle`. */
  handles?: readonly string[];
}

/** The longest hashtag the server indexes; longer runs are plain text. */
export const HASHTAG_MAX = 64;
const TAG_CHAR = /[\p{L}\p{M}\p{N}_]/u;
/** Words that glue a `#` or `@` to them; Chinese, Japanese and Korean are written without spaces, so they do not. */
const WORD_CHAR = /(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{M}\p{N}_]/u;
const HANDLE_CHAR = /[A-Za-z0-9_]/;
const HANDLE_MIN = 3;
const HANDLE_MAX = 30;

/** The key a hashtag's page lives under: NFKC, lower case, inner spaces collapsed (as the server keys it). */
export function hashtagKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** Whether the character before `index` glues a `#` or `@` there to a word. */
function gluedAt(text: string, index: number): boolean {
  if (index === 0) return false;
  const before = String.fromCodePoint(text.codePointAt(index - 1)!);
  // A low surrogate: look at the whole astral character.
  const char = /[\uDC00-\uDFFF]/.test(before) && index > 1 ? String.fromCodePoint(text.codePointAt(index - 2)!) : before;
  return WORD_CHAR.test(char);
}

export function parseRichText(text: string, known: KnownEntities = {}): RichSegment[] {
  const knownTags = known.hashtags && new Set(known.hashtags.map(hashtagKey));
  const knownHandles = known.handles && new Set(known.handles.map((handle) => handle.toLowerCase()));
  const segments: RichSegment[] = [];
  let plainStart = 0;
  let index = 0;

  const push = (segment: RichSegment, end: number) => {
    if (index > plainStart) segments.push({ type: 'text', text: text.slice(plainStart, index) });
    segments.push(segment);
    index = end;
    plainStart = end;
  };

  while (index < text.length) {
    const char = text[index];
    if (char === '#' && (text[index - 1] === '#' || !gluedAt(text, index))) {
      const tag = hashtagAt(text, index, knownTags);
      if (tag) {
        push({ type: 'hashtag', text: text.slice(index, tag.end), name: tag.name, key: hashtagKey(tag.name) }, tag.end);
        continue;
      }
    } else if (char === '@') {
      const mention = mentionAt(text, index);
      if (mention && (!knownHandles || knownHandles.has(mention.handle.toLowerCase()))) {
        push({ type: 'mention', text: text.slice(index, mention.end), handle: mention.handle }, mention.end);
        continue;
      }
    }
    index += 1;
  }
  if (plainStart < text.length) segments.push({ type: 'text', text: text.slice(plainStart) });
  return segments;
}

/**
 * The hashtag starting at the `#` at `start`. The closed Weibo form wins when
 * the text closes it; its content cannot end in a space, so in
 * "#paris and #lyon" the second `#` opens another tag rather than closing one.
 */
function hashtagAt(text: string, start: number, known: Set<string> | undefined): { name: string; end: number } | undefined {
  const close = text.indexOf('#', start + 1);
  if (close > start + 1) {
    const inner = text.slice(start + 1, close);
    const valid = [...inner].length <= HASHTAG_MAX && !/[\n\r]/.test(inner) && inner.trim() === inner;
    if (valid && (!known || known.has(hashtagKey(inner)))) return { name: inner, end: close + 1 };
  }
  let end = start + 1;
  while (end < text.length) {
    const codePoint = text.codePointAt(end)!;
    const char = String.fromCodePoint(codePoint);
    if (!TAG_CHAR.test(char)) break;
    end += char.length;
  }
  const name = text.slice(start + 1, end);
  if (!name || [...name].length > HASHTAG_MAX) return undefined;
  if (known && !known.has(hashtagKey(name))) return undefined;
  return { name, end };
}

function mentionAt(text: string, start: number): { handle: string; end: number } | undefined {
  if (gluedAt(text, start)) return undefined;
  let end = start + 1;
  while (end < text.length && HANDLE_CHAR.test(text[end]!)) end += 1;
  const length = end - start - 1;
  if (length < HANDLE_MIN || length > HANDLE_MAX) return undefined;
  return { handle: text.slice(start + 1, end), end };
}

/** The `#…` or `@…` being typed at the caret, which the composer offers completions for. */
export interface ActiveToken {
  kind: 'hashtag' | 'mention';
  /** What follows the mark, up to the caret. */
  query: string;
  /** Index of the `#` or `@`. */
  start: number;
  /** The caret. */
  end: number;
}

export function activeToken(text: string, caret: number): ActiveToken | undefined {
  const before = text.slice(0, caret);
  // Tokens never span whitespace; look only at the run the caret ends.
  const runStart = Math.max(before.search(/\S*$/u), 0);
  const run = before.slice(runStart);

  const at = run.lastIndexOf('@');
  const hash = run.lastIndexOf('#');
  if (at > hash) {
    const query = run.slice(at + 1);
    if (!/^[A-Za-z0-9_]*$/.test(query) || query.length > HANDLE_MAX) return undefined;
    // An e-mail address being typed is not a mention; a handle glued to other words gets a space on completion.
    if (at > 0 && /[A-Za-z0-9_.]/.test(run[at - 1]!)) return undefined;
    return { kind: 'mention', query, start: runStart + at, end: caret };
  }
  if (hash >= 0) {
    // An even number of marks means the last `#` closed a Weibo-form tag: nothing is open.
    const marks = run.split('#').length - 1;
    if (marks % 2 === 0) return undefined;
    const query = run.slice(hash + 1);
    if ([...query].length > HASHTAG_MAX) return undefined;
    return { kind: 'hashtag', query, start: runStart + hash, end: caret };
  }
  return undefined;
}

/**
 * How a chosen hashtag is written back: the `#tag` form when the name is
 * word characters outside the Han script, else the closed Weibo form, which is
 * the only one that ends cleanly in Chinese text or around spaces.
 */
export function hashtagText(name: string): string {
  const simple = [...name].every((char) => TAG_CHAR.test(char)) && !/\p{Script=Han}/u.test(name);
  return simple ? `#${name}` : `#${name}#`;
}

/**
 * Replaces the active token with the completion and a space; returns the new
 * text and caret. A token glued to a word before it (Paris#café) gets a space
 * in front, since a glued mark would not be read as a tag.
 */
export function applyCompletion(text: string, token: ActiveToken, completion: string): { text: string; caret: number } {
  const before = text.slice(0, token.start);
  const after = text.slice(token.end);
  const lead = gluedAt(text, token.start) ? ' ' : '';
  const trail = after.startsWith(' ') ? '' : ' ';
  const inserted = lead + completion + trail;
  return { text: before + inserted + after, caret: before.length + inserted.length + (trail ? 0 : 1) };
}

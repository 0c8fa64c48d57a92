import type { Mention } from '@souk/contracts';
import { useMemo, type ReactNode } from 'react';
import { href } from '../../app/paths.js';
import { parseRichText } from '../../lib/rich-text.js';

interface PostTextProps {
  text: string;
  /** What the server parsed from this text; only these are linked. Comments have no list: every tag is linked. */
  hashtags?: readonly string[] | undefined;
  mentions: readonly Mention[];
  className?: string;
  /** Inline content before the text, e.g. "reply to @x:". */
  prefix?: ReactNode;
  testId?: string;
}

/** Post or comment text with its #hashtags and @mentions as links. */
export function PostText({ text, hashtags, mentions, className, prefix, testId }: PostTextProps) {
  const segments = useMemo(
    () => parseRichText(text, { ...(hashtags && { hashtags }), handles: mentions.map((mention) => mention.handle) }),
    [text, hashtags, mentions],
  );
  return (
    <p className={['rich-text', className].filter(Boolean).join(' ')} data-testid={testId}>
      {prefix}
      {segments.map((segment, index) => {
        switch (segment.type) {
          case 'text':
            return segment.text;
          case 'hashtag':
            return (
              <a key={index} className="rich-text__link" href={href.hashtag(segment.key)}>
                {segment.text}
              </a>
            );
          case 'mention':
            return (
              <a key={index} className="rich-text__link" href={href.profile(segment.handle)}>
                {segment.text}
              </a>
            );
        }
      })}
    </p>
  );
}

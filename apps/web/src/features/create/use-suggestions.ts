import type { Hashtag, PublicUser } from '@souk/contracts';
import { useEffect, useState } from 'react';
import type { ActiveToken } from '../../lib/rich-text.js';
import { searchHashtags, searchUsers } from '../search/search.api.js';

export type Suggestion = { kind: 'hashtag'; hashtag: Hashtag } | { kind: 'mention'; user: PublicUser };

const DEBOUNCE_MS = 150;
const LIMIT = 6;

/**
 * Completions for the `#…` or `@…` at the caret, from the search API. Waits
 * for a short pause in typing, and drops answers to queries already replaced.
 */
export function useSuggestions(token: ActiveToken | undefined): Suggestion[] {
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const kind = token?.kind;
  const query = token?.query.trim() ?? '';

  useEffect(() => {
    setSuggestions([]);
    if (!kind || !query) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      const request =
        kind === 'hashtag'
          ? searchHashtags(query, controller.signal, LIMIT).then((list) => list.items.map((hashtag): Suggestion => ({ kind, hashtag })))
          : searchUsers(query, undefined, controller.signal, LIMIT).then((page) => page.items.map(({ user }): Suggestion => ({ kind, user })));
      request.then(setSuggestions, () => {}); // no completions is an acceptable outcome of a failed lookup
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [kind, query]);

  return suggestions;
}

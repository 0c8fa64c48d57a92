import type { PublicUser, Relationship } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { fetchProfile } from '../social/social.api.js';

/** Whether the viewer follows an author is on the profile, not on the post: fetched once per viewer and author per page load. */
const known = new Map<string, Relationship | null>();

/**
 * The viewer's relationship with an author, fetched when `wanted` (the item
 * is on screen). `assumeFollowing` skips the fetch when the feed already says
 * the viewer follows them. Undefined until known; null when signed out.
 */
export function useAuthorRelationship(viewerId: string | undefined, author: PublicUser, wanted: boolean, assumeFollowing: boolean) {
  const key = `${viewerId ?? ''}:${author.id}`;
  const [relationship, setState] = useState<Relationship | null | undefined>(() => known.get(key));
  const following = assumeFollowing && relationship === undefined;

  useEffect(() => {
    if (!wanted || following || known.has(key)) return;
    const controller = new AbortController();
    fetchProfile(author.handle, controller.signal).then(
      (profile) => {
        known.set(key, profile.relationship);
        setState(profile.relationship);
      },
      () => {}, // the follow button then stays hidden; following from the profile still works
    );
    return () => controller.abort();
  }, [wanted, following, key, author.handle]);

  const set = useCallback(
    (next: Relationship) => {
      known.set(key, next);
      setState(next);
    },
    [key],
  );

  return { following: following || (relationship?.following ?? false), known: following || relationship !== undefined, set };
}

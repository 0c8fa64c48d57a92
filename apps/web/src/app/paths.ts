export type Params = Record<string, string>;

/**
 * Matches `/u/:handle/followers` against a path; returns the decoded
 * parameters, or undefined. A trailing slash is ignored; a parameter is one
 * non-empty segment.
 */
export function matchPath(pattern: string, path: string): Params | undefined {
  const wanted = pattern.split('/').filter(Boolean);
  const actual = path.split('/').filter(Boolean);
  if (wanted.length !== actual.length) return undefined;
  const params: Params = {};
  for (const [index, part] of wanted.entries()) {
    const segment = actual[index]!;
    if (part.startsWith(':')) {
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return undefined; // a malformed %-escape names nothing
      }
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

const segment = encodeURIComponent;

/** Every in-app link is built here, so screens agree on the URL scheme. */
export const href = {
  post: (id: string) => `/p/${segment(id)}`,
  profile: (handle: string) => `/u/${segment(handle)}`,
  followers: (handle: string) => `/u/${segment(handle)}/followers`,
  following: (handle: string) => `/u/${segment(handle)}/following`,
  hashtag: (key: string) => `/t/${segment(key)}`,
  search: (q: string, tab?: 'posts' | 'users' | 'hashtags') => {
    const params = new URLSearchParams({ q });
    if (tab && tab !== 'posts') params.set('tab', tab);
    return `/search?${params}`;
  },
};

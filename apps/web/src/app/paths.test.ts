import { describe, expect, it } from 'vitest';
import { href, matchPath } from './paths.js';

describe('matchPath', () => {
  it('matches literal segments and decodes parameters', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/u/:handle', '/u/anna_b')).toEqual({ handle: 'anna_b' });
    expect(matchPath('/u/:handle/followers', '/u/anna/followers/')).toEqual({ handle: 'anna' });
    expect(matchPath('/t/:key', '/t/%E4%B8%8A%E6%B5%B7%20%E7%BE%8E%E9%A3%9F')).toEqual({ key: '上海 美食' });
  });

  it('refuses other shapes and malformed escapes', () => {
    expect(matchPath('/u/:handle', '/u')).toBeUndefined();
    expect(matchPath('/u/:handle', '/u/a/b')).toBeUndefined();
    expect(matchPath('/u/:handle/followers', '/u/a/following')).toBeUndefined();
    expect(matchPath('/t/:key', '/t/%E4%B8')).toBeUndefined();
  });

  it('round-trips what href builds', () => {
    expect(matchPath('/t/:key', href.hashtag('a/b #c'))).toEqual({ key: 'a/b #c' });
    expect(href.search('été', 'users')).toBe('/search?q=%C3%A9t%C3%A9&tab=users');
    expect(href.search('x', 'posts')).toBe('/search?q=x');
  });
});

import type { Post } from '@souk/contracts';
import { href } from '../../app/paths.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { PlayIcon, RepostIcon } from '../../ui/icons.js';
import { coverRatio } from './columns.js';
import { LikeButton } from './LikeButton.js';
import { coverOf, headlineOf } from './post-state.js';

/** Text-only notes get a tinted card in place of a photo; the tint follows the post id so it stays put. */
const TINTS = ['#fff1ec', '#eef6ff', '#f1f8ec', '#fdf2fa', '#fff8e1', '#f0f0ff'];

export function tintOf(id: string): string {
  let hash = 0;
  for (const char of id) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return TINTS[hash % TINTS.length]!;
}

/** The share of its width a card's cover takes in height, for laying out the grid. */
export function cardHeight(post: Post): number {
  const cover = coverOf(post);
  return (cover ? coverRatio(cover.width, cover.height) : 1) + 0.35;
}

/** A Xiaohongshu-style note card: cover, title, author and likes. */
export function PostCard({ post, onChange }: { post: Post; onChange: (post: Post) => void }) {
  const t = useT();
  const cover = coverOf(post);
  const headline = headlineOf(post);
  return (
    <article className="post-card" data-testid="post-card">
      <a className="post-card__link" href={href.post(post.id)}>
        {cover ? (
          <span className="post-card__cover" style={{ aspectRatio: `1 / ${coverRatio(cover.width, cover.height)}` }}>
            <img src={cover.url} alt="" loading="lazy" decoding="async" />
            {cover.video && (
              <span className="post-card__play" aria-label={t('post.video')} role="img">
                <PlayIcon size={16} />
              </span>
            )}
          </span>
        ) : (
          <span className="post-card__cover post-card__cover--text" style={{ background: tintOf(post.id) }}>
            <span>{headline}</span>
          </span>
        )}
        {post.kind === 'repost' && (
          <span className="post-card__repost">
            <RepostIcon size={13} /> {t('post.reposted')}
          </span>
        )}
        {cover && headline && <span className="post-card__title">{headline}</span>}
      </a>
      <footer className="post-card__footer">
        <a className="post-card__author" href={href.profile(post.author.handle)}>
          <Avatar url={post.author.avatarUrl} name={post.author.displayName} alt="" size={20} />
          <span>{post.author.displayName}</span>
        </a>
        <LikeButton post={post} onChange={onChange} size={16} />
      </footer>
    </article>
  );
}

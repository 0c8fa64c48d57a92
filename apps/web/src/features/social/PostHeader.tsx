import type { EmbeddedPost } from '@souk/contracts';
import type { ReactNode } from 'react';
import { href } from '../../app/paths.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { relativeTime } from '../../lib/time.js';
import { Avatar } from '../../ui/Avatar.js';
import { VerifiedIcon } from '../../ui/icons.js';
import { VisibilityBadge } from './visibility.js';

/** Author, time and audience of a post; `trailing` holds a follow button or a menu. */
export function PostHeader({ post, trailing, avatarSize = 40 }: { post: EmbeddedPost; trailing?: ReactNode; avatarSize?: number }) {
  const { t } = useI18n();
  const { author } = post;
  return (
    <header className="post-header">
      <a className="post-header__author" href={href.profile(author.handle)}>
        <Avatar url={author.avatarUrl} name={author.displayName} alt={t('avatar.alt', { name: author.displayName })} size={avatarSize} />
        <span className="post-header__text">
          <span className="post-header__name" data-testid="post-author">
            {author.displayName}
            {author.verified && <VerifiedIcon className="verified" size={15} aria-label={t('me.verified')} aria-hidden={false} role="img" />}
          </span>
          <span className="post-header__meta">
            <PostTime iso={post.createdAt} />
            {post.editedAt && <span> · {t('post.edited')}</span>}
            <VisibilityBadge visibility={post.visibility} />
          </span>
        </span>
      </a>
      {trailing}
    </header>
  );
}

export function PostTime({ iso }: { iso: string }) {
  const { t, locale } = useI18n();
  return (
    <time dateTime={iso} title={new Date(iso).toLocaleString(locale)}>
      {relativeTime(iso, locale) ?? t('time.justNow')}
    </time>
  );
}

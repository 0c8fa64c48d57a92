import type { Post } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { HeartIcon } from '../../ui/icons.js';
import { useLike } from './use-like.js';

interface LikeButtonProps {
  post: Post;
  onChange: (post: Post) => void;
  size?: number;
  /** Show the count even at zero (detail screens); cards hide a zero. */
  showZero?: boolean;
}

export function LikeButton({ post, onChange, size = 18, showZero }: LikeButtonProps) {
  const { t, locale } = useI18n();
  const toggle = useLike(post, onChange);
  const liked = post.viewer?.liked ?? false;
  const count = post.stats.likes;
  return (
    <button
      type="button"
      className={liked ? 'action action--liked' : 'action'}
      onClick={toggle}
      aria-pressed={liked}
      data-testid="like-button"
    >
      <span className="visually-hidden">{t('post.like')}</span>
      <HeartIcon size={size} filled={liked} />
      {(count > 0 || showZero) && <span data-testid="like-count">{compactCount(count, locale)}</span>}
    </button>
  );
}

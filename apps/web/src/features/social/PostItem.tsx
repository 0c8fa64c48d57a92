import type { Post } from '@souk/contracts';
import { useState, type MouseEvent } from 'react';
import { href } from '../../app/paths.js';
import { useRouter } from '../../app/router.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { compactCount } from '../../lib/format.js';
import { CommentIcon, RepostIcon } from '../../ui/icons.js';
import { EmbeddedPostView } from './EmbeddedPostView.js';
import { LikeButton } from './LikeButton.js';
import { MediaGrid } from './MediaGrid.js';
import { PostHeader } from './PostHeader.js';
import { PostText } from './PostText.js';
import { RepostSheet } from './RepostSheet.js';

interface PostItemProps {
  post: Post;
  onChange: (post: Post) => void;
  /** A new repost by the viewer, to show at the top of the list it was made from. */
  onReposted?: (repost: Post) => void;
}

/** A post in the Following timeline (Weibo style): header, text, media, repost, actions. */
export function PostItem({ post, onChange, onReposted }: PostItemProps) {
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const asMember = useMemberAction();
  const [reposting, setReposting] = useState(false);
  const target = post.kind === 'repost' && post.repostOf ? post.repostOf : post;
  const detail = href.post(post.id);

  // The text opens the post, but a tag or mention inside it opens its own page.
  const openDetail = (event: MouseEvent) => {
    if ((event.target as Element).closest('a, button')) return;
    navigate(detail);
  };

  return (
    <article className="post-item" data-testid="post-item">
      <PostHeader post={post} />
      <div className="post-item__content" onClick={openDetail}>
        {post.title && <h3 className="post-item__title">{post.title}</h3>}
        {post.body && <PostText text={post.body} hashtags={post.hashtags} mentions={post.mentions} className="post-item__body" testId="post-body" />}
        <MediaGrid media={post.media} postHref={detail} />
        {post.kind === 'repost' && <EmbeddedPostView post={post.repostOf} />}
      </div>
      <footer className="post-item__actions">
        <button
          type="button"
          className="action"
          onClick={() => asMember(() => setReposting(true))}
          disabled={target.visibility !== 'public'}
          data-testid="repost-button"
        >
          <RepostIcon size={18} />
          <span>{post.stats.reposts > 0 ? compactCount(post.stats.reposts, locale) : t('post.repost')}</span>
        </button>
        <a className="action" href={`${detail}#comments`} data-testid="comment-link">
          <CommentIcon size={18} />
          <span>{post.stats.comments > 0 ? compactCount(post.stats.comments, locale) : t('post.comment')}</span>
        </a>
        <LikeButton post={post} onChange={onChange} />
      </footer>
      <RepostSheet
        target={target}
        open={reposting}
        onClose={() => setReposting(false)}
        onReposted={(repost) => onReposted?.(repost)}
      />
    </article>
  );
}

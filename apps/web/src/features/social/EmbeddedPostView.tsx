import type { EmbeddedPost } from '@souk/contracts';
import { href } from '../../app/paths.js';
import { useT } from '../../i18n/I18nProvider.js';
import { MediaGrid } from './MediaGrid.js';
import { PostText } from './PostText.js';

/** The original inside a repost; a notice when it was deleted or is hidden from this viewer. */
export function EmbeddedPostView({ post }: { post: EmbeddedPost | null }) {
  const t = useT();
  if (!post) {
    return <div className="embedded-post embedded-post--gone">{t('post.originalUnavailable')}</div>;
  }
  return (
    <div className="embedded-post" data-testid="embedded-post">
      <a className="embedded-post__link" href={href.post(post.id)}>
        <span className="embedded-post__author">{post.author.displayName}</span>
        {post.title && <strong className="embedded-post__title">{post.title}</strong>}
      </a>
      {post.body && <PostText text={post.body} hashtags={post.hashtags} mentions={post.mentions} className="embedded-post__body" />}
      <MediaGrid media={post.media} postHref={href.post(post.id)} />
    </div>
  );
}

import type { Post } from '@souk/contracts';
import { useMemo } from 'react';
import { cardHeight, PostCard } from './PostCard.js';
import { splitColumns } from './columns.js';

export function PostGrid({ posts, onChange, testId }: { posts: Post[]; onChange: (post: Post) => void; testId?: string }) {
  const columns = useMemo(() => splitColumns(posts, cardHeight), [posts]);
  return (
    <div className="post-grid" data-testid={testId}>
      {columns.map((column, index) => (
        <div key={index} className="post-grid__column">
          {column.map((post) => (
            <PostCard key={post.id} post={post} onChange={onChange} />
          ))}
        </div>
      ))}
    </div>
  );
}

const SKELETON_HEIGHTS = [[220, 170, 240], [180, 230, 160]];

/** Grey cards in the grid's shape while the first page loads. */
export function PostGridSkeleton({ label }: { label: string }) {
  return (
    <div className="post-grid post-grid--skeleton" role="status" aria-label={label}>
      {SKELETON_HEIGHTS.map((column, index) => (
        <div key={index} className="post-grid__column">
          {column.map((height, card) => (
            <div key={card} className="skeleton-card">
              <div className="skeleton-card__cover skeleton" style={{ height }} />
              <div className="skeleton-line skeleton" />
              <div className="skeleton-line skeleton-line--short skeleton" />
            </div>
          ))}
        </div>
      ))}
    </div>
  );
}

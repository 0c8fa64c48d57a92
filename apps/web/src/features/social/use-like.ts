import type { Post } from '@souk/contracts';
import { useRef } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { useMemberAction } from '../../app/use-member-action.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { withLiked } from './post-state.js';
import { setLiked } from './social.api.js';

/**
 * Toggles the viewer's like at once and settles on the server's answer; on
 * failure the post goes back to how it was and a toast says why.
 */
export function useLike(post: Post, onChange: (post: Post) => void): () => void {
  const t = useT();
  const toast = useToast();
  const asMember = useMemberAction();
  const pending = useRef(false);

  return () =>
    asMember(() => {
      if (pending.current || !post.viewer) return;
      pending.current = true;
      const liked = !post.viewer.liked;
      onChange(withLiked(post, liked));
      setLiked(post.id, liked)
        .then(onChange, (caught: unknown) => {
          onChange(post);
          toast(errorMessage(caught, t), 'error');
        })
        .finally(() => {
          pending.current = false;
        });
    });
}

import type { FeedItem } from '@souk/contracts';
import { useSession } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hashtagText } from '../../lib/rich-text.js';
import { EyeOffIcon, HashIcon, InfoIcon, UserIcon } from '../../ui/icons.js';
import { Sheet, SheetAction } from '../../ui/Sheet.js';
import { shownPost, type HideTarget } from './feed-items.js';

/** Topics offered in the menu; a post can carry many, the first ones are what it is about. */
const TOPICS_OFFERED = 3;

interface ItemMenuSheetProps {
  item: FeedItem | undefined;
  open: boolean;
  onClose: () => void;
  onHide: (target: HideTarget) => void;
  onWhy: () => void;
}

/** What a long press (or "…") offers: not interested in the post, its author or one of its topics; why it was shown. */
export function ItemMenuSheet({ item, open, onClose, onHide, onWhy }: ItemMenuSheetProps) {
  const t = useT();
  const { me } = useSession();
  const shown = item && shownPost(item.post);
  return (
    <Sheet open={open && shown !== undefined} onClose={onClose} title={t('feed.more')} testId="feed-menu">
      {shown && (
        <>
          <div className="sheet__list">
            <SheetAction icon={<EyeOffIcon />} label={t('feed.notInterested.post')} onClick={() => onHide({ kind: 'post', postId: shown.id })} testId="not-interested-post" />
            {shown.author.id !== me?.id && (
              <SheetAction
                icon={<UserIcon />}
                label={t('feed.notInterested.author', { handle: shown.author.handle })}
                onClick={() => onHide({ kind: 'author', authorId: shown.author.id, handle: shown.author.handle })}
                testId="not-interested-author"
              />
            )}
            {shown.hashtags.slice(0, TOPICS_OFFERED).map((topic) => (
              <SheetAction
                key={topic}
                icon={<HashIcon />}
                label={t('feed.notInterested.topic', { topic: hashtagText(topic) })}
                onClick={() => onHide({ kind: 'topic', topic })}
                testId="not-interested-topic"
              />
            ))}
            <SheetAction icon={<InfoIcon />} label={t('feed.why')} onClick={onWhy} testId="menu-why" />
          </div>
          <p className="sheet__text sheet__text--muted">{t('feed.notInterested.hint')}</p>
        </>
      )}
    </Sheet>
  );
}

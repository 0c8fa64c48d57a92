import type { FeedItem } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ChevronRightIcon, CompassIcon, InfoIcon, SparkleIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { reasonWords } from './reason-text.js';

interface WhyThisSheetProps {
  item: FeedItem | undefined;
  open: boolean;
  onClose: () => void;
}

/** Why this item was shown, in words, with the ways to learn more and to change the feed (EU DSA articles 27 and 38). */
export function WhyThisSheet({ item, open, onClose }: WhyThisSheetProps) {
  const { t, tn } = useI18n();
  return (
    <Sheet open={open && item !== undefined} onClose={onClose} title={t('feed.why')} testId="why-sheet">
      {item && (
        <>
          <p className="sheet__text">{t('feed.whyIntro')}</p>
          <ul className="why-list">
            {item.reasons.map((reason, index) => {
              const words = reasonWords(reason, t, tn);
              return (
                <li key={index} className="why-list__item" data-testid="why-reason" data-kind={reason.kind}>
                  <SparkleIcon size={18} className="why-list__icon" />
                  {words.link ? <a href={words.link}>{words.text}</a> : <span>{words.text}</span>}
                </li>
              );
            })}
          </ul>
          <div className="sheet__list">
            <a className="sheet-action" href="/feed/how" data-testid="why-how">
              <span className="sheet-action__icon">
                <InfoIcon />
              </span>
              <span className="sheet-action__label">{t('feed.whyHow')}</span>
              <ChevronRightIcon size={18} />
            </a>
            <a className="sheet-action" href="/me/feed" data-testid="why-settings">
              <span className="sheet-action__icon">
                <CompassIcon />
              </span>
              <span className="sheet-action__label">{t('feed.whySettings')}</span>
              <ChevronRightIcon size={18} />
            </a>
          </div>
        </>
      )}
    </Sheet>
  );
}

import type { NotInterested } from '@souk/contracts';
import { useState } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { hashtagText } from '../../lib/rich-text.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { EyeOffIcon, HashIcon, UserIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';
import { PagedListEnd } from '../social/PagedListEnd.js';
import { fetchNotInterested, undoNotInterested } from './feed.api.js';
import { invalidateFeed } from './use-feed-list.js';

const choiceId = (choice: NotInterested) => choice.id;

/** The viewer's "not interested" choices, newest first, each with an undo. */
export function NotInterestedList() {
  const t = useT();
  const toast = useToast();
  const list = usePagedList<NotInterested>(fetchNotInterested, 'feed-not-interested', choiceId);
  const [busy, setBusy] = useState<string>();

  const undo = async (choice: NotInterested) => {
    setBusy(choice.id);
    try {
      await undoNotInterested(choice.id);
      list.setItems((items) => items.filter((item) => item.id !== choice.id));
      invalidateFeed();
      toast(t('feed.undone'));
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  if (list.error !== undefined) return <ErrorState message={errorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />;
  if (!list.items) {
    return (
      <div className="centered centered--small">
        <Spinner label={t('app.loading')} />
      </div>
    );
  }
  if (list.items.length === 0) return <p className="how-section__body" data-testid="no-choices">{t('how.noChoices')}</p>;

  return (
    <>
      <ul className="choice-list" data-testid="not-interested-list">
        {list.items.map((choice) => (
          <li key={choice.id} className="choice" data-testid="not-interested-choice" data-kind={choice.target.kind}>
            <span className="choice__icon">{choice.target.kind === 'post' ? <EyeOffIcon size={20} /> : choice.target.kind === 'author' ? <UserIcon size={20} /> : <HashIcon size={20} />}</span>
            <span className="choice__label">{choiceLabel(choice, t)}</span>
            <Button variant="secondary" size="sm" busy={busy === choice.id} onClick={() => void undo(choice)} data-testid="undo-not-interested">
              {t('feed.undo')}
            </Button>
          </li>
        ))}
      </ul>
      <PagedListEnd list={list} />
    </>
  );
}

function choiceLabel(choice: NotInterested, t: ReturnType<typeof useT>): string {
  const { target } = choice;
  switch (target.kind) {
    case 'post':
      return target.title.trim() ? t('how.choicePost', { title: target.title }) : t('how.choiceUntitled');
    case 'author':
      return t('how.choiceAuthor', { handle: target.handle });
    case 'topic':
      return t('how.choiceTopic', { topic: hashtagText(target.topic) });
  }
}

import type { Collection, Post } from '@souk/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { FolderIcon, StarIcon } from '../../ui/icons.js';
import { Sheet, SheetAction } from '../../ui/Sheet.js';
import { Spinner } from '../../ui/Spinner.js';
import { bookmark, createCollection, fetchCollections } from './social.api.js';

interface BookmarkSheetProps {
  post: Post;
  open: boolean;
  onClose: () => void;
  onChange: (post: Post) => void;
}

const COLLECTION_NAME_MAX = 40;

/** Saves a post, into no collection or one of the viewer's (a new one can be made here). */
export function BookmarkSheet({ post, open, onClose, onChange }: BookmarkSheetProps) {
  const { t } = useI18n();
  const toast = useToast();
  const [collections, setCollections] = useState<Collection[]>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState<string | null>();
  const [name, setName] = useState('');

  useEffect(() => {
    if (!open) return;
    const controller = new AbortController();
    setError(undefined);
    fetchCollections(controller.signal).then(
      (list) => setCollections(list.items),
      (caught: unknown) => controller.signal.aborted || setError(errorMessage(caught, t)),
    );
    return () => controller.abort();
  }, [open, t]);

  const save = async (collection: Collection | null) => {
    setBusy(collection?.id ?? null);
    setError(undefined);
    try {
      onChange(await bookmark(post.id, { collectionId: collection?.id ?? null }));
      toast(collection ? t('bookmark.savedTo', { name: collection.name }) : t('bookmark.saved'));
      onClose();
    } catch (caught) {
      setError(errorMessage(caught, t));
    } finally {
      setBusy(undefined);
    }
  };

  const create = async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed || [...trimmed].length > COLLECTION_NAME_MAX) return;
    try {
      const collection = await createCollection(trimmed);
      setName('');
      setCollections((current) => [...(current ?? []), collection]);
      await save(collection);
    } catch (caught) {
      setError(errorMessage(caught, t));
    }
  };

  return (
    <Sheet open={open} onClose={onClose} title={t('bookmark.title')} testId="bookmark-sheet">
      {error && <Alert tone="error">{error}</Alert>}
      <div className="sheet__list">
        <SheetAction icon={<StarIcon />} label={t('bookmark.noCollection')} onClick={() => save(null)} disabled={busy !== undefined} trailing={busy === null && <Spinner size={16} />} testId="bookmark-default" />
        {!collections && !error && <Spinner label={t('app.loading')} />}
        {collections?.map((collection) => (
          <SheetAction
            key={collection.id}
            icon={<FolderIcon />}
            label={collection.name}
            onClick={() => save(collection)}
            disabled={busy !== undefined}
            trailing={busy === collection.id ? <Spinner size={16} /> : <span className="sheet-action__meta">{collection.count}</span>}
            testId="bookmark-collection"
          />
        ))}
      </div>
      <form className="inline-form" onSubmit={create}>
        <input
          className="input"
          value={name}
          onChange={(event) => setName(event.target.value)}
          placeholder={t('bookmark.newCollection')}
          aria-label={t('bookmark.newCollection')}
          maxLength={COLLECTION_NAME_MAX}
          data-testid="collection-name"
        />
        <Button type="submit" variant="secondary" size="sm" disabled={!name.trim() || busy !== undefined}>
          {t('bookmark.create')}
        </Button>
      </form>
    </Sheet>
  );
}

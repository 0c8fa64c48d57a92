import type { Collection } from '@souk/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { ConfirmSheet } from '../../ui/ConfirmSheet.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { PlusIcon, StarIcon, TrashIcon } from '../../ui/icons.js';
import { Sheet } from '../../ui/Sheet.js';
import { PostFeed } from './PostFeed.js';
import { createCollection, deleteCollection, fetchBookmarks, fetchCollections } from './social.api.js';

/** Saved posts, all or one collection at a time (`?c=` in the URL); collections are made and removed here. */
export function BookmarksScreen() {
  const t = useT();
  const toast = useToast();
  const { search, navigate } = useRouter();
  const selected = search.get('c') ?? undefined;
  const [collections, setCollections] = useState<Collection[]>([]);
  const [creating, setCreating] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [busy, setBusy] = useState(false);
  const [name, setName] = useState('');
  const current = collections.find((collection) => collection.id === selected);

  useEffect(() => {
    const controller = new AbortController();
    fetchCollections(controller.signal).then(
      (list) => setCollections(list.items),
      (caught: unknown) => controller.signal.aborted || toast(errorMessage(caught, t), 'error'),
    );
    return () => controller.abort();
  }, [t, toast]);

  const select = (id: string | undefined) => navigate(id ? `/me/bookmarks?c=${encodeURIComponent(id)}` : '/me/bookmarks', { replace: true });

  const create = async (event: FormEvent) => {
    event.preventDefault();
    if (!name.trim()) return;
    setBusy(true);
    try {
      const collection = await createCollection(name.trim());
      setCollections((list) => [...list, collection]);
      setName('');
      setCreating(false);
      select(collection.id);
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!current) return;
    setBusy(true);
    try {
      await deleteCollection(current.id);
      setCollections((list) => list.filter((collection) => collection.id !== current.id));
      setRemoving(false);
      select(undefined);
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Screen title={t('bookmarks.title')} back="/me" testId="bookmarks-screen">
      <div className="chips" role="tablist" aria-label={t('bookmarks.collections')}>
        <button type="button" role="tab" aria-selected={!selected} className={!selected ? 'chip chip--active' : 'chip'} onClick={() => select(undefined)}>
          {t('bookmarks.all')}
        </button>
        {collections.map((collection) => (
          <button
            key={collection.id}
            type="button"
            role="tab"
            aria-selected={collection.id === selected}
            className={collection.id === selected ? 'chip chip--active' : 'chip'}
            onClick={() => select(collection.id)}
            data-testid="collection-chip"
          >
            {collection.name} <span className="chip__count">{collection.count}</span>
          </button>
        ))}
        <button type="button" className="chip chip--add" onClick={() => setCreating(true)} aria-label={t('bookmark.newCollection')} data-testid="new-collection">
          <PlusIcon size={16} />
        </button>
      </div>
      {current && (
        <div className="collection-bar">
          <span>{t('bookmarks.inCollection', { name: current.name, count: current.count })}</span>
          <Button variant="ghost" size="sm" onClick={() => setRemoving(true)} data-testid="delete-collection">
            <TrashIcon size={16} /> {t('bookmarks.deleteCollection')}
          </Button>
        </div>
      )}
      <PostFeed
        load={(cursor, signal) => fetchBookmarks(selected, cursor, signal)}
        listKey={`bookmarks:${selected ?? ''}`}
        layout="grid"
        testId="bookmarks-grid"
        empty={<EmptyState icon={<StarIcon size={40} />} title={t('bookmarks.emptyTitle')} body={t('bookmarks.emptyBody')} testId="bookmarks-empty" />}
      />
      <Sheet open={creating} onClose={() => setCreating(false)} title={t('bookmark.newCollection')}>
        <form className="inline-form" onSubmit={create}>
          <input className="input" value={name} onChange={(event) => setName(event.target.value)} maxLength={40} aria-label={t('bookmark.newCollection')} autoFocus />
          <Button type="submit" size="sm" busy={busy} disabled={!name.trim()}>
            {t('bookmark.create')}
          </Button>
        </form>
      </Sheet>
      <ConfirmSheet
        open={removing}
        title={t('bookmarks.deleteCollection')}
        body={t('bookmarks.deleteCollectionBody', { name: current?.name ?? '' })}
        confirmLabel={t('bookmarks.deleteCollection')}
        cancelLabel={t('common.cancel')}
        busy={busy}
        onConfirm={remove}
        onClose={() => setRemoving(false)}
      />
    </Screen>
  );
}

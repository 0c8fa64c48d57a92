import type { Profile, Relationship, UserListItem, UserPage } from '@souk/contracts';
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { href } from '../../app/paths.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { errorMessage } from '../../i18n/error-message.js';
import { PagedListEnd } from './PagedListEnd.js';
import { useT } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { UsersIcon } from '../../ui/icons.js';
import { fetchFollowers, fetchFollowing, fetchFriends, fetchProfile } from './social.api.js';
import { UserRow } from './UserRow.js';

type UserLoader = (cursor: string | undefined, signal: AbortSignal) => Promise<UserPage>;

export function FollowersScreen({ params }: ScreenProps) {
  const t = useT();
  const handle = params.handle ?? '';
  const profile = useProfile(handle);
  const userId = profile.value?.user.id;
  return (
    <Screen title={t('profile.followersOf', { name: profile.value?.user.displayName ?? `@${handle}` })} back={href.profile(handle)} testId="followers-screen">
      {profile.error !== undefined ? (
        <ErrorState message={errorMessage(profile.error, t)} />
      ) : (
        <UserList
          load={userId ? (cursor, signal) => fetchFollowers(userId, cursor, signal) : null}
          listKey={`followers:${userId}`}
          empty={<EmptyState icon={<UsersIcon size={40} />} title={t('profile.noFollowersTitle')} body={t('profile.noFollowersBody')} />}
        />
      )}
    </Screen>
  );
}

export function FollowingListScreen({ params }: ScreenProps) {
  const t = useT();
  const handle = params.handle ?? '';
  const profile = useProfile(handle);
  const userId = profile.value?.user.id;
  return (
    <Screen title={t('profile.followingOf', { name: profile.value?.user.displayName ?? `@${handle}` })} back={href.profile(handle)} testId="following-list-screen">
      {profile.error !== undefined ? (
        <ErrorState message={errorMessage(profile.error, t)} />
      ) : (
        <UserList
          load={userId ? (cursor, signal) => fetchFollowing(userId, cursor, signal) : null}
          listKey={`following:${userId}`}
          empty={<EmptyState icon={<UsersIcon size={40} />} title={t('profile.noFollowingTitle')} body={t('profile.noFollowingBody')} />}
        />
      )}
    </Screen>
  );
}

/** Mutual follows: the people whose Moments the viewer sees. */
export function FriendsScreen() {
  const t = useT();
  return (
    <Screen title={t('friends.title')} back="/me" testId="friends-screen">
      <UserList
        load={(cursor, signal) => fetchFriends(cursor, signal)}
        listKey="friends"
        empty={<EmptyState icon={<UsersIcon size={40} />} title={t('friends.emptyTitle')} body={t('friends.emptyBody')} />}
      />
    </Screen>
  );
}

function useProfile(handle: string) {
  const [value, setValue] = useState<Profile>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    const controller = new AbortController();
    fetchProfile(handle, controller.signal).then(setValue, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [handle]);
  return { value, error };
}

const userId = (item: UserListItem) => item.user.id;

export function UserList({ load, listKey, empty }: { load: UserLoader | null; listKey: string; empty: ReactNode }) {
  const t = useT();
  const list = usePagedList(load, listKey, userId);
  const { setItems } = list;
  const changeRelationship = useCallback(
    (id: string, relationship: Relationship) => setItems((items) => items.map((item) => (item.user.id === id ? { ...item, relationship } : item))),
    [setItems],
  );

  if (list.error !== undefined) return <ErrorState message={errorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />;
  if (!list.items) return <UserListSkeleton label={t('app.loading')} />;
  if (list.items.length === 0) return <>{empty}</>;
  return (
    <>
      <ul className="user-list card card--flush" data-testid="user-list">
        {list.items.map((item) => (
          <UserRow key={item.user.id} item={item} onRelationship={changeRelationship} />
        ))}
      </ul>
      <PagedListEnd list={list} />
    </>
  );
}

export function UserListSkeleton({ label }: { label: string }) {
  return (
    <ul className="user-list card card--flush" role="status" aria-label={label}>
      {[0, 1, 2, 3, 4].map((index) => (
        <li key={index} className="user-row">
          <span className="skeleton skeleton--circle" style={{ width: 44, height: 44 }} />
          <span className="user-row__text">
            <span className="skeleton-line skeleton" />
            <span className="skeleton-line skeleton skeleton-line--short" />
          </span>
        </li>
      ))}
    </ul>
  );
}

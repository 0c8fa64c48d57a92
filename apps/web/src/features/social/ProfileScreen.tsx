import type { Profile, Relationship } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { href } from '../../app/paths.js';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useSession } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { ApiError } from '../../lib/api.js';
import { compactCount } from '../../lib/format.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { BlockIcon, CameraIcon, MoreIcon, MuteIcon, UserIcon, VerifiedIcon } from '../../ui/icons.js';
import { Sheet, SheetAction } from '../../ui/Sheet.js';
import { FollowButton } from './FollowButton.js';
import { PostFeed } from './PostFeed.js';
import { fetchProfile, fetchUserPosts, setRelationship, type RelationshipAction } from './social.api.js';

export function ProfileScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const handle = params.handle ?? '';
  const [profile, setProfile] = useState<Profile>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [menuOpen, setMenuOpen] = useState(false);
  const { me } = useSession();
  const mine = profile !== undefined && me?.id === profile.user.id;

  useEffect(() => {
    const controller = new AbortController();
    setError(undefined);
    fetchProfile(handle, controller.signal).then(setProfile, (caught: unknown) => controller.signal.aborted || setError(caught));
    return () => controller.abort();
  }, [handle, attempt]);

  const changeRelationship = (relationship: Relationship) =>
    setProfile((current) => {
      if (!current) return current;
      const wasFollowing = current.relationship?.following ?? false;
      const delta = relationship.following === wasFollowing ? 0 : relationship.following ? 1 : -1;
      return { ...current, relationship, stats: { ...current.stats, followers: Math.max(0, current.stats.followers + delta) } };
    });

  const actions =
    profile && !mine && profile.relationship ? (
      <button type="button" className="icon-button" onClick={() => setMenuOpen(true)} aria-label={t('profile.more')} data-testid="profile-menu-button">
        <MoreIcon />
      </button>
    ) : undefined;

  const userId = profile?.user.id;
  const blocking = profile?.relationship?.blocking ?? false;
  return (
    <Screen title={profile ? profile.user.displayName : ''} back="/" actions={actions} testId="profile-screen">
      {error !== undefined ? (
        // A malformed handle (400) names nobody either.
        error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <EmptyState icon={<UserIcon size={40} />} title={t('profile.notFoundTitle')} body={t('profile.notFoundBody')} testId="profile-not-found" />
        ) : (
          <ErrorState message={errorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />
        )
      ) : !profile ? (
        <ProfileSkeleton label={t('app.loading')} />
      ) : (
        <>
          <ProfileHeader profile={profile} mine={mine} onRelationship={changeRelationship} />
          {blocking ? (
            <EmptyState icon={<BlockIcon size={40} />} title={t('profile.blockedTitle', { handle: profile.user.handle })} body={t('profile.blockedBody')} testId="profile-blocked" />
          ) : (
            <PostFeed
              load={userId ? (cursor, signal) => fetchUserPosts(userId, cursor, signal) : null}
              listKey={`user-posts:${userId}`}
              layout="grid"
              testId="profile-grid"
              empty={
                <EmptyState
                  icon={<CameraIcon size={40} />}
                  title={mine ? t('profile.noPostsMineTitle') : t('profile.noPostsTitle')}
                  body={mine ? t('profile.noPostsMineBody') : t('profile.noPostsBody')}
                  testId="profile-empty"
                >
                  {mine && (
                    <a className="button button--primary button--md" href="/create">
                      <span>{t('compose.title')}</span>
                    </a>
                  )}
                </EmptyState>
              }
            />
          )}
        </>
      )}
      {profile?.relationship && (
        <RelationshipMenu profile={profile} open={menuOpen} onClose={() => setMenuOpen(false)} onChange={changeRelationship} />
      )}
    </Screen>
  );
}

function ProfileHeader({ profile, mine, onRelationship }: { profile: Profile; mine: boolean; onRelationship: (relationship: Relationship) => void }) {
  const { t, locale } = useI18n();
  const { user, stats, relationship } = profile;
  const count = (value: number) => compactCount(value, locale);
  return (
    <section className="profile-header" data-testid="profile-header">
      <div className="profile-header__top">
        <Avatar url={user.avatarUrl} name={user.displayName} alt={t('avatar.alt', { name: user.displayName })} size={76} />
        <div className="profile-header__identity">
          <h2 className="profile-header__name" data-testid="profile-name">
            {user.displayName}
            {user.verified && <VerifiedIcon className="verified" size={18} aria-label={t('me.verified')} aria-hidden={false} role="img" />}
          </h2>
          <p className="profile-header__handle">@{user.handle}</p>
          {user.role !== 'user' && <span className="pill pill--muted">{t(`role.${user.role}`)}</span>}
        </div>
      </div>
      {user.bio && <p className="profile-header__bio">{user.bio}</p>}
      <div className="profile-header__bottom">
        <dl className="profile-stats">
          <a href={href.following(user.handle)} data-testid="following-count">
            <dt>{t('profile.following')}</dt>
            <dd>{count(stats.following)}</dd>
          </a>
          <a href={href.followers(user.handle)} data-testid="followers-count">
            <dt>{t('profile.followers')}</dt>
            <dd>{count(stats.followers)}</dd>
          </a>
          <div>
            <dt>{t('profile.posts')}</dt>
            <dd>{count(stats.posts)}</dd>
          </div>
        </dl>
        {mine ? (
          <a className="button button--secondary button--sm" href="/me/edit" data-testid="edit-profile-link">
            <span>{t('me.editProfile')}</span>
          </a>
        ) : (
          !relationship?.blocking && <FollowButton userId={user.id} relationship={relationship} onChange={onRelationship} size="sm" />
        )}
      </div>
      {relationship?.followedBy && !relationship.friends && <p className="profile-header__note">{t('profile.followsYou')}</p>}
    </section>
  );
}

function RelationshipMenu({ profile, open, onClose, onChange }: { profile: Profile; open: boolean; onClose: () => void; onChange: (relationship: Relationship) => void }) {
  const t = useI18n().t;
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const relationship = profile.relationship;
  if (!relationship) return null;

  const run = async (action: RelationshipAction, on: boolean, done: string) => {
    setBusy(true);
    try {
      onChange(await setRelationship(profile.user.id, action, on));
      toast(done);
      onClose();
    } catch (caught) {
      toast(errorMessage(caught, t), 'error');
    } finally {
      setBusy(false);
    }
  };

  const handle = profile.user.handle;
  return (
    <Sheet open={open} onClose={onClose} title={`@${handle}`} testId="profile-menu">
      <div className="sheet__list">
        <SheetAction
          icon={<MuteIcon />}
          label={relationship.muting ? t('profile.unmute') : t('profile.mute')}
          onClick={() => run('mute', !relationship.muting, relationship.muting ? t('profile.unmuted', { handle }) : t('profile.muted', { handle }))}
          disabled={busy}
          testId="mute-button"
        />
        <SheetAction
          icon={<BlockIcon />}
          label={relationship.blocking ? t('profile.unblock') : t('profile.block')}
          tone={relationship.blocking ? 'default' : 'danger'}
          onClick={() => run('block', !relationship.blocking, relationship.blocking ? t('profile.unblocked', { handle }) : t('profile.blocked', { handle }))}
          disabled={busy}
          testId="block-button"
        />
      </div>
      {!relationship.blocking && <p className="sheet__text sheet__text--muted">{t('profile.blockHint')}</p>}
      <Button variant="ghost" block onClick={onClose}>
        {t('common.cancel')}
      </Button>
    </Sheet>
  );
}

function ProfileSkeleton({ label }: { label: string }) {
  return (
    <section className="profile-header" role="status" aria-label={label}>
      <div className="profile-header__top">
        <span className="skeleton skeleton--circle" style={{ width: 76, height: 76 }} />
        <div className="profile-header__identity" style={{ flex: 1 }}>
          <span className="skeleton-line skeleton" />
          <span className="skeleton-line skeleton skeleton-line--short" />
        </div>
      </div>
      <span className="skeleton-line skeleton" />
    </section>
  );
}

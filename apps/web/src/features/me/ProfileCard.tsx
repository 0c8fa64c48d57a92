import type { Me } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { longDate } from '../../lib/time.js';
import { Avatar } from '../../ui/Avatar.js';
import { VerifiedIcon } from '../../ui/icons.js';

export function ProfileCard({ me }: { me: Me }) {
  const { t, locale } = useI18n();
  return (
    <section className="profile-card" data-testid="profile-card">
      <Avatar url={me.avatarUrl} name={me.displayName} alt={t('avatar.alt', { name: me.displayName })} size={84} testId="avatar-img" />
      <div className="profile-card__identity">
        <h2 className="profile-card__name" data-testid="profile-display-name">
          {me.displayName}
          {me.verified && <VerifiedIcon className="verified" size={18} aria-label={t('me.verified')} aria-hidden={false} role="img" />}
        </h2>
        <p className="profile-card__handle" data-testid="profile-handle">
          @{me.handle}
        </p>
        {me.role !== 'user' && <span className="pill pill--muted">{t(`role.${me.role}`)}</span>}
      </div>
      <p className={me.bio ? 'profile-card__bio' : 'profile-card__bio profile-card__bio--empty'} data-testid="profile-bio">
        {me.bio || t('me.noBio')}
      </p>
      <p className="profile-card__meta">{t('me.joined', { date: longDate(me.createdAt, locale) })}</p>
      <a className="button button--secondary button--sm" href="/me/edit" data-testid="edit-profile-link">
        <span>{t('me.editProfile')}</span>
      </a>
    </section>
  );
}

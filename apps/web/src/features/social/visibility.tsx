import type { Visibility } from '@souk/contracts';
import type { ReactNode } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/en.js';
import { GlobeIcon, LockIcon, UserIcon, UsersIcon } from '../../ui/icons.js';

export const VISIBILITY_OPTIONS: readonly { value: Visibility; label: MessageKey; hint: MessageKey; icon: ReactNode }[] = [
  { value: 'public', label: 'visibility.public', hint: 'visibility.publicHint', icon: <GlobeIcon size={20} /> },
  { value: 'followers', label: 'visibility.followers', hint: 'visibility.followersHint', icon: <UsersIcon size={20} /> },
  { value: 'friends', label: 'visibility.friends', hint: 'visibility.friendsHint', icon: <UserIcon size={20} /> },
  { value: 'only_me', label: 'visibility.only_me', hint: 'visibility.only_meHint', icon: <LockIcon size={20} /> },
];

/** Shown on posts that are not public, so nobody mistakes who can see them. */
export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const t = useT();
  if (visibility === 'public') return null;
  return (
    <span className="visibility-badge" data-testid="visibility-badge">
      <LockIcon size={13} />
      {t(`visibility.${visibility}`)}
    </span>
  );
}

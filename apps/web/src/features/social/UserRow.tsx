import type { Relationship, UserListItem } from '@souk/contracts';
import { href } from '../../app/paths.js';
import { useSession } from '../../app/SessionProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { VerifiedIcon } from '../../ui/icons.js';
import { FollowButton } from './FollowButton.js';

interface UserRowProps {
  item: UserListItem;
  onRelationship: (userId: string, relationship: Relationship) => void;
}

/** A person in a list: avatar, names, bio line and a follow button (none on yourself). */
export function UserRow({ item, onRelationship }: UserRowProps) {
  const t = useT();
  const { me } = useSession();
  const { user } = item;
  return (
    <li className="user-row" data-testid="user-row">
      <a className="user-row__link" href={href.profile(user.handle)}>
        <Avatar url={user.avatarUrl} name={user.displayName} alt={t('avatar.alt', { name: user.displayName })} size={44} />
        <span className="user-row__text">
          <span className="user-row__name">
            {user.displayName}
            {user.verified && <VerifiedIcon className="verified" size={15} aria-label={t('me.verified')} aria-hidden={false} role="img" />}
          </span>
          <span className="user-row__handle">@{user.handle}</span>
          {user.bio && <span className="user-row__bio">{user.bio}</span>}
        </span>
      </a>
      {me?.id !== user.id && (
        <FollowButton userId={user.id} relationship={item.relationship} onChange={(relationship) => onRelationship(user.id, relationship)} />
      )}
    </li>
  );
}

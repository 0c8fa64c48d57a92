import type { Relationship } from '@souk/contracts';
import { useState } from 'react';
import { useMemberAction } from '../../app/use-member-action.js';
import { useToast } from '../../app/ToastProvider.js';
import { errorMessage } from '../../i18n/error-message.js';
import { useT } from '../../i18n/I18nProvider.js';
import type { MessageKey } from '../../i18n/en.js';
import { Button } from '../../ui/Button.js';
import { setRelationship } from './social.api.js';

/** "Friends" for mutual follows, "Following", "Follow back" when they follow you, else "Follow". */
export function followLabel(relationship: Relationship | null): MessageKey {
  if (relationship?.friends) return 'follow.friends';
  if (relationship?.following) return 'follow.following';
  if (relationship?.followedBy) return 'follow.followBack';
  return 'follow.follow';
}

interface FollowButtonProps {
  userId: string;
  /** Null when signed out: the button then leads to log in. */
  relationship: Relationship | null;
  onChange: (relationship: Relationship) => void;
  size?: 'sm' | 'md';
}

export function FollowButton({ userId, relationship, onChange, size = 'sm' }: FollowButtonProps) {
  const t = useT();
  const toast = useToast();
  const asMember = useMemberAction();
  const [busy, setBusy] = useState(false);
  const following = relationship?.following ?? false;

  const toggle = () =>
    asMember(async () => {
      setBusy(true);
      try {
        onChange(await setRelationship(userId, 'follow', !following));
      } catch (caught) {
        toast(errorMessage(caught, t), 'error');
      } finally {
        setBusy(false);
      }
    });

  return (
    <Button variant={following ? 'secondary' : 'primary'} size={size} busy={busy} onClick={toggle} aria-pressed={following} data-testid="follow-button">
      {t(followLabel(relationship))}
    </Button>
  );
}

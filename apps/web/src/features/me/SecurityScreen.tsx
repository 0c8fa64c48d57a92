import type { Session } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { ChangePasswordForm } from './ChangePasswordForm.js';
import { fetchSessions, revokeSession } from './me.api.js';
import { SessionList } from './SessionList.js';

export function SecurityScreen() {
  const t = useT();
  const [sessions, setSessions] = useState<Session[]>();
  const [error, setError] = useState<unknown>();

  const load = useCallback((signal?: AbortSignal) => {
    fetchSessions(signal).then(
      (list) => {
        setSessions(list.items);
        setError(undefined);
      },
      (caught: unknown) => signal?.aborted || setError(caught),
    );
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [load]);

  const revoke = async (id: string) => {
    try {
      await revokeSession(id);
      setSessions((current) => current?.filter((session) => session.id !== id));
    } catch (caught) {
      setError(caught);
    }
  };

  return (
    <Screen title={t('security.title')} back="/me" testId="security-screen">
      {/* Changing the password signs out every other session, so the list is reloaded. */}
      <ChangePasswordForm onChanged={() => load()} />
      <SessionList sessions={sessions} error={error} onRevoke={revoke} />
    </Screen>
  );
}

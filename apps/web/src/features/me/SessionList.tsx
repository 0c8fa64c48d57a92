import type { Session } from '@souk/contracts';
import { errorMessage } from '../../i18n/error-message.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { relativeTime } from '../../lib/time.js';
import { describeUserAgent } from '../../lib/user-agent.js';
import { Alert } from '../../ui/Alert.js';
import { Button } from '../../ui/Button.js';
import { DeviceIcon } from '../../ui/icons.js';
import { Spinner } from '../../ui/Spinner.js';

interface SessionListProps {
  sessions: Session[] | undefined;
  error: unknown;
  onRevoke: (id: string) => void;
}

export function SessionList({ sessions, error, onRevoke }: SessionListProps) {
  const { t, locale } = useI18n();
  return (
    <section className="card" data-testid="session-list">
      <h2 className="card__title">{t('security.sessions')}</h2>
      {error !== undefined && <Alert tone="error">{errorMessage(error, t)}</Alert>}
      {!sessions && error === undefined && <Spinner label={t('app.loading')} />}
      <ul className="session-list">
        {sessions?.map((session) => (
          <li key={session.id} className="session">
            <DeviceIcon className="session__icon" />
            <div className="session__text">
              <p className="session__device">{describeUserAgent(session.userAgent) ?? t('security.unknownDevice')}</p>
              <p className="session__meta">
                {session.current
                  ? t('security.thisDevice')
                  : t('security.lastActive', { time: relativeTime(session.lastSeenAt, locale) ?? t('time.justNow') })}
              </p>
            </div>
            {!session.current && (
              <Button variant="ghost" size="sm" onClick={() => onRevoke(session.id)}>
                {t('security.revoke')}
              </Button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

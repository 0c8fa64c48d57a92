import type { MerchantSummary } from '@souk/contracts';
import { useEffect, useState } from 'react';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { Spinner } from '../../ui/Spinner.js';
import { CodeFiles } from './CodeFiles.js';
import { QrImage } from './QrImage.js';
import { walletErrorMessage } from './wallet-errors.js';
import { CopyIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchMerchant } from './wallet.api.js';

/** My printed code: anyone with Souk scans it and pays me the amount they type. One per currency. */
export function ReceiveScreen() {
  const t = useT();
  const me = useMe();
  const toast = useToast();
  const [merchant, setMerchant] = useState<MerchantSummary>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);
  const [currency, setCurrency] = useState<string>();

  useEffect(() => {
    const controller = new AbortController();
    fetchMerchant(controller.signal).then(
      (loaded) => {
        setMerchant(loaded);
        setError(undefined);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [attempt]);

  const codes = merchant?.staticCodes ?? [];
  const code = codes.find((candidate) => candidate.currency === currency) ?? codes[0];

  const copy = async (payload: string) => {
    try {
      await navigator.clipboard.writeText(payload);
      toast(t('wallet.receive.copied'));
    } catch {
      toast(t('wallet.receive.copyFailed'), 'error');
    }
  };

  return (
    <Screen title={t('wallet.receive.title')} back={walletHref.home} testId="receive-screen">
      {error !== undefined && <ErrorState message={walletErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />}
      {!merchant && error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {code && (
        <section className="code-card" data-testid="receive-card">
          <div className="code-card__who">
            <Avatar url={me.avatarUrl} name={me.displayName} alt="" size={44} />
            <span>
              <span className="code-card__name" data-testid="receive-name">
                {me.displayName}
              </span>
              <span className="code-card__handle">@{me.handle}</span>
            </span>
          </div>
          {codes.length > 1 && (
            <SegmentedControl
              label={t('wallet.currency')}
              options={codes.map((option) => ({ value: option.currency, label: option.currency }))}
              value={code.currency}
              onChange={setCurrency}
              testIdPrefix="receive-currency"
            />
          )}
          <QrImage payload={code.payload} alt={t('wallet.receive.qrAlt', { name: me.displayName, currency: code.currency })} testId="receive-qr" />
          <p className="code-card__caption">{t('wallet.receive.caption')}</p>
          <CodeFiles codeId={code.id} />
          <details className="code-card__text">
            <summary>{t('wallet.receive.asText')}</summary>
            <code data-testid="receive-payload">{code.payload}</code>
            <Button variant="ghost" size="sm" onClick={() => void copy(code.payload)}>
              <CopyIcon size={16} /> {t('wallet.receive.copy')}
            </Button>
          </details>
        </section>
      )}
      {merchant && codes.length === 0 && <ErrorState message={t('wallet.receive.none')} />}
      <a className="wallet-banner" href={walletHref.till}>
        <span>{t('wallet.receive.askAmount')}</span>
      </a>
    </Screen>
  );
}

import type { RedPacket } from '@souk/contracts';
import { useEffect, useState } from 'react';
import type { ScreenProps } from '../../app/routes.js';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useToast } from '../../app/ToastProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { useMoney } from './use-wallet.js';
import { walletErrorMessage } from './wallet-errors.js';
import { WalletError } from './WalletError.js';
import { CopyIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchRedPacket, openRedPacket } from './wallet.api.js';

/** A red packet: the closed envelope with its Open button, then my share and who got what. */
export function RedPacketScreen({ params }: ScreenProps) {
  const { t } = useI18n();
  const id = params.id ?? '';
  const [packet, setPacket] = useState<RedPacket>();
  const [error, setError] = useState<unknown>();
  const [openError, setOpenError] = useState<unknown>();
  const [opening, setOpening] = useState(false);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchRedPacket(id, controller.signal).then(
      (loaded) => {
        setPacket(loaded);
        setError(undefined);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [id, attempt]);

  const open = async () => {
    setOpening(true);
    setOpenError(undefined);
    try {
      setPacket(await openRedPacket(id));
    } catch (caught) {
      setOpenError(caught);
      // Expired or emptied meanwhile: show it as it now is.
      setAttempt((n) => n + 1);
    } finally {
      setOpening(false);
    }
  };

  return (
    <Screen title={t('wallet.redPacket.title')} back={walletHref.redPackets} testId="red-packet-screen">
      {error !== undefined && <ErrorState message={walletErrorMessage(error, t)} retryLabel={t('common.retry')} onRetry={() => setAttempt((n) => n + 1)} />}
      {!packet && error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {packet && (
        <>
          <Envelope packet={packet} opening={opening} onOpen={() => void open()} />
          <WalletError error={openError} />
          <Shares packet={packet} />
        </>
      )}
    </Screen>
  );
}

function Envelope({ packet, opening, onOpen }: { packet: RedPacket; opening: boolean; onOpen: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const toast = useToast();
  const money = useMoney();
  const mine = packet.sender.id === me.id;
  const opened = packet.myShare !== null;

  const copyLink = async () => {
    try {
      await navigator.clipboard.writeText(new URL(walletHref.redPacket(packet.id), window.location.origin).href);
      toast(t('wallet.redPacket.linkCopied'));
    } catch {
      toast(t('wallet.receive.copyFailed'), 'error');
    }
  };

  return (
    <section className={opened ? 'envelope envelope--opened' : 'envelope'} data-testid="envelope" data-status={packet.status}>
      <div className="envelope__flap">
        <Avatar url={packet.sender.avatarUrl} name={packet.sender.displayName} alt="" size={52} />
        <p className="envelope__from">{t('wallet.redPacket.from', { name: packet.sender.displayName })}</p>
        <p className="envelope__message" data-testid="envelope-message">
          {packet.message ?? t('wallet.redPacket.defaultMessage')}
        </p>
      </div>
      <div className="envelope__body">
        {opened ? (
          <>
            <p className="envelope__share" data-testid="my-share">
              {money(packet.myShare!, packet.currency)}
            </p>
            <p className="envelope__note">{t('wallet.redPacket.deposited')}</p>
          </>
        ) : packet.canOpen ? (
          <button type="button" className="envelope__open" onClick={onOpen} disabled={opening} aria-busy={opening || undefined} data-testid="open-red-packet">
            {opening ? <Spinner size={28} /> : t('wallet.redPacket.openGlyph')}
            <span className="visually-hidden">{t('wallet.redPacket.open')}</span>
          </button>
        ) : (
          <p className="envelope__note" data-testid="envelope-closed">
            {packet.status === 'expired'
              ? t('wallet.redPacket.expired')
              : packet.status === 'finished'
                ? t('wallet.redPacket.allTaken')
                : mine
                  ? t('wallet.redPacket.waiting')
                  : t('wallet.redPacket.notForYou')}
          </p>
        )}
        {mine && packet.status === 'open' && (
          <Button variant="secondary" size="sm" className="envelope__link" onClick={() => void copyLink()} data-testid="copy-red-link">
            <CopyIcon size={16} /> {t('wallet.redPacket.copyLink')}
          </Button>
        )}
      </div>
    </section>
  );
}

function Shares({ packet }: { packet: RedPacket }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  // The luckiest share is named only once every share is out, as in WeChat: before that it could still be beaten.
  const best = packet.split === 'lucky' && packet.status === 'finished' && packet.count > 1 ? Math.max(...packet.shares.map((share) => share.amount)) : undefined;
  return (
    <section className="card card--list" data-testid="red-shares">
      <h2 className="card__title">
        {t('wallet.redPacket.progress', {
          opened: packet.claimedCount,
          count: packet.count,
          claimed: money(packet.claimedAmount, packet.currency),
          total: money(packet.amount, packet.currency),
        })}
      </h2>
      <ul className="tx-list">
        {packet.shares.map((share) => (
          <li key={share.user.id} className="tx-row" data-testid="red-share">
            <span className="tx-row__icon">
              <Avatar url={share.user.avatarUrl} name={share.user.displayName} alt="" size={40} />
            </span>
            <span className="tx-row__text">
              <span className="tx-row__title">{share.user.displayName}</span>
              <span className="tx-row__meta">{time.format(new Date(share.claimedAt))}</span>
            </span>
            <span className="red-share__end">
              <span className="tx-row__amount">{money(share.amount, packet.currency)}</span>
              {best === share.amount && <span className="pill pill--tiny red-share__best">{t('wallet.redPacket.bestLuck')}</span>}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

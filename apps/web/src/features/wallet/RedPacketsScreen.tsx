import type { RedPacket } from '@souk/contracts';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useMe } from '../../app/SessionProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { usePagedList } from '../../lib/use-paged-list.js';
import { Avatar } from '../../ui/Avatar.js';
import { EmptyState } from '../../ui/EmptyState.js';
import { ErrorState } from '../../ui/ErrorState.js';
import { Spinner } from '../../ui/Spinner.js';
import { PagedListEnd } from '../social/PagedListEnd.js';
import { useMoney } from './use-wallet.js';
import { walletErrorMessage } from './wallet-errors.js';
import { RedPacketIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { fetchRedPackets } from './wallet.api.js';

const idOf = (packet: RedPacket) => packet.id;

/** The red packets I sent and the ones I opened, newest first. */
export function RedPacketsScreen() {
  const { t } = useI18n();
  const { restored } = useRouter();
  const list = usePagedList((cursor, signal) => fetchRedPackets(cursor, signal), 'red-packets', idOf, { restore: restored });

  return (
    <Screen title={t('wallet.redPacket.listTitle')} back={walletHref.home} testId="red-packets-screen">
      <a className="button button--primary button--md button--block button--red" href={walletHref.newRedPacket} data-testid="new-red-packet">
        <RedPacketIcon size={20} />
        <span>{t('wallet.redPacket.newTitle')}</span>
      </a>
      {list.error !== undefined && <ErrorState message={walletErrorMessage(list.error, t)} retryLabel={t('common.retry')} onRetry={list.reload} />}
      {!list.items && list.error === undefined && (
        <div className="centered">
          <Spinner label={t('app.loading')} />
        </div>
      )}
      {list.items?.length === 0 && <EmptyState icon={<RedPacketIcon size={40} />} title={t('wallet.redPacket.emptyTitle')} body={t('wallet.redPacket.emptyBody')} />}
      {list.items && list.items.length > 0 && (
        <ul className="tx-list card card--list" data-testid="red-packet-list">
          {list.items.map((packet) => (
            <RedPacketRow key={packet.id} packet={packet} />
          ))}
        </ul>
      )}
      {list.items && list.items.length > 0 && <PagedListEnd list={list} />}
    </Screen>
  );
}

function RedPacketRow({ packet }: { packet: RedPacket }) {
  const { t, locale } = useI18n();
  const me = useMe();
  const money = useMoney();
  const sent = packet.sender.id === me.id;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(packet.createdAt));
  return (
    <li>
      <a className="tx-row tx-row--link" href={walletHref.redPacket(packet.id)} data-testid="red-packet-row">
        <span className="tx-row__icon tx-row__icon--red_packet">
          {sent ? <RedPacketIcon size={22} /> : <Avatar url={packet.sender.avatarUrl} name={packet.sender.displayName} alt="" size={40} />}
        </span>
        <span className="tx-row__text">
          <span className="tx-row__title">{packet.message ?? t('wallet.redPacket.defaultMessage')}</span>
          <span className="tx-row__meta">
            {sent ? t('wallet.redPacket.sentMeta', { opened: packet.claimedCount, count: packet.count }) : t('wallet.redPacket.from', { name: packet.sender.displayName })} · {when}
          </span>
        </span>
        <span className={sent ? 'tx-row__amount' : 'tx-row__amount tx-row__amount--in'}>
          {sent ? money(-packet.amount, packet.currency, { signed: true }) : packet.myShare !== null ? money(packet.myShare, packet.currency, { signed: true }) : ''}
        </span>
      </a>
    </li>
  );
}

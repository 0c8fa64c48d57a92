import type { WalletTransaction } from '@souk/contracts';
import { useI18n } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { useMoney } from './use-wallet.js';
import { BankIcon, RedPacketIcon, SendIcon, ReceiveIcon, TillIcon } from './wallet-icons.js';

/** Where a withdrawal stands: the server's note on its history lines (see WalletTransaction.note). */
const WITHDRAWAL_STATES = ['pending', 'completed', 'declined', 'returned'] as const;

/** One line of the history: who or what, when, and the signed amount. */
export function TransactionRow({ transaction }: { transaction: WalletTransaction }) {
  const { t, locale } = useI18n();
  const money = useMoney();
  const { kind, amount, currency, counterparty, note, createdAt } = transaction;
  const incoming = amount > 0;
  const title = counterparty
    ? t(incoming ? 'wallet.tx.from' : 'wallet.tx.to', { name: counterparty.displayName })
    : t(`wallet.kind.${kind}`);
  const state = kind === 'withdrawal' ? WITHDRAWAL_STATES.find((candidate) => candidate === note) : undefined;
  const shownNote = state ? t(`wallet.withdrawal.${state}`) : note;
  const when = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(createdAt));
  return (
    <li className="tx-row" data-testid="transaction-row" data-kind={kind}>
      <span className={`tx-row__icon tx-row__icon--${kind}`}>
        {counterparty ? (
          <Avatar url={counterparty.avatarUrl} name={counterparty.displayName} alt="" size={40} />
        ) : (
          <KindIcon kind={kind} incoming={incoming} />
        )}
      </span>
      <span className="tx-row__text">
        <span className="tx-row__title">{title}</span>
        <span className="tx-row__meta">
          {counterparty ? `${t(`wallet.kind.${kind}`)} · ` : ''}
          {when}
        </span>
        {shownNote && <span className="tx-row__note">{shownNote}</span>}
      </span>
      <span className={incoming ? 'tx-row__amount tx-row__amount--in' : 'tx-row__amount'} data-testid="transaction-amount">
        {money(amount, currency, { signed: true })}
      </span>
    </li>
  );
}

function KindIcon({ kind, incoming }: { kind: WalletTransaction['kind']; incoming: boolean }) {
  if (kind === 'topup' || kind === 'withdrawal' || kind === 'hold') return <BankIcon size={22} />;
  if (kind === 'red_packet') return <RedPacketIcon size={22} />;
  if (kind === 'payment' || kind === 'payout' || kind === 'refund') return <TillIcon size={22} />;
  return incoming ? <ReceiveIcon size={22} /> : <SendIcon size={22} />;
}

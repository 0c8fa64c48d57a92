import type { Transfer } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Avatar } from '../../ui/Avatar.js';
import { Button } from '../../ui/Button.js';
import { TextField } from '../../ui/TextField.js';
import { AmountField, useAmountInput } from './AmountField.js';
import { PinSheet } from './PinSheet.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { usePinAction } from './use-pin-action.js';
import { balancesOf, useMoney, useWallet } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { CheckCircleIcon } from './wallet-icons.js';
import { walletHref } from './wallet-paths.js';
import { transfer } from './wallet.api.js';

const NOTE_MAX = 140;

/** Money to another user by handle, with a note; the PIN is asked above the limit or when the server wants it. */
export function SendScreen() {
  const t = useT();
  const money = useMoney();
  const { search } = useRouter();
  const { summary } = useWallet();
  const key = useIdempotencyKey();
  const [to, setTo] = useState(search.get('to') ?? '');
  const [note, setNote] = useState('');
  const [showErrors, setShowErrors] = useState(false);
  const [sent, setSent] = useState<Transfer>();

  const currencies = summary?.currencies ?? [];
  const amount = useAmountInput(currencies);
  const recipient = to.trim().replace(/^@/, '');
  const recipientError = recipient ? undefined : t('validation.required');
  const noteError = [...note].length > NOTE_MAX ? t('validation.maxLength', { max: NOTE_MAX }) : undefined;
  const available = summary && balancesOf(summary).find((balance) => balance.currency === amount.currency)?.available;

  const action = usePinAction(
    (pin) => transfer({ to: recipient, amount: amount.minor!, currency: amount.currency, ...(note.trim() ? { note: note.trim() } : {}), ...(pin ? { pin } : {}) }, key.current()),
    (result) => {
      key.renew();
      setSent(result);
    },
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (amount.minor === undefined || recipientError || noteError || !summary) return;
    // Without a PIN yet there is nothing to ask for: the server's PIN_NOT_SET then says to set one.
    action.start(summary.pin.set && amount.minor > summary.pin.requiredAbove);
  };

  const again = () => {
    setSent(undefined);
    amount.clear();
    setNote('');
    setShowErrors(false);
  };

  if (sent) {
    return (
      <Screen title={t('wallet.send.title')} back={walletHref.home} testId="send-screen">
        <section className="card result-card" data-testid="send-result">
          <CheckCircleIcon size={48} className="result-card__ok" />
          <p className="result-card__amount">{money(sent.amount, sent.currency)}</p>
          <p className="result-card__status">{t('wallet.send.sent', { name: sent.to.displayName })}</p>
          <span className="result-card__party">
            <Avatar url={sent.to.avatarUrl} name={sent.to.displayName} alt="" size={28} />@{sent.to.handle}
          </span>
          {sent.note && <p className="result-card__note">“{sent.note}”</p>}
          <div className="result-card__buttons">
            <Button variant="secondary" onClick={again}>
              {t('wallet.send.again')}
            </Button>
            <a className="button button--primary button--md" href={walletHref.home} data-testid="back-to-wallet">
              <span>{t('wallet.backToWallet')}</span>
            </a>
          </div>
        </section>
      </Screen>
    );
  }

  const total = amount.minor === undefined ? '' : money(amount.minor, amount.currency);
  return (
    <Screen title={t('wallet.send.title')} back={walletHref.home} testId="send-screen">
      <form className="form card" onSubmit={submit} noValidate>
        <WalletError error={action.error} />
        <TextField
          label={t('wallet.send.to')}
          hint={t('wallet.send.toHint')}
          value={to}
          onChange={(event) => setTo(event.target.value)}
          error={showErrors ? recipientError : undefined}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          data-testid="send-to"
        />
        <AmountField
          label={t('wallet.amount.label')}
          {...amount.fieldProps(showErrors)}
          hint={available !== undefined ? t('wallet.availableHint', { amount: money(available, amount.currency) }) : undefined}
          testId="send-amount"
        />
        <TextField
          label={t('wallet.send.note')}
          value={note}
          onChange={(event) => setNote(event.target.value)}
          error={noteError}
          maxLength={NOTE_MAX * 2}
          data-testid="send-note"
        />
        {summary && amount.minor !== undefined && amount.minor > summary.pin.requiredAbove && (
          <p className="form__hint">{t('wallet.send.pinAbove', { amount: money(summary.pin.requiredAbove, amount.currency) })}</p>
        )}
        <Button type="submit" block busy={action.busy} disabled={!summary} data-testid="send-submit">
          {total ? t('wallet.send.submitAmount', { amount: total }) : t('wallet.send.submit')}
        </Button>
      </form>
      <PinSheet {...action.sheet} summary={t('wallet.send.pinSummary', { amount: total, name: `@${recipient}` })} />
    </Screen>
  );
}

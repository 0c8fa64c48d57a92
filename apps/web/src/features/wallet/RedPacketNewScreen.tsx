import type { RedPacket } from '@souk/contracts';
import { useState, type FormEvent } from 'react';
import { useRouter } from '../../app/router.js';
import { Screen } from '../../app/Screen.js';
import { useT } from '../../i18n/I18nProvider.js';
import { Button } from '../../ui/Button.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { TextField } from '../../ui/TextField.js';
import { AmountField, readAmount } from './AmountField.js';
import { MAX_AMOUNT } from './money.js';
import { PinSheet } from './PinSheet.js';
import { useIdempotencyKey } from './use-idempotency-key.js';
import { usePinAction } from './use-pin-action.js';
import { useMoney, useWallet } from './use-wallet.js';
import { WalletError } from './WalletError.js';
import { walletHref } from './wallet-paths.js';
import { sendRedPacket } from './wallet.api.js';

const MESSAGE_MAX = 60;
const COUNT_MAX = 1000;
type Split = RedPacket['split'];

/** Handles typed as "@ana, bo li" → ["ana", "bo", "li"]. */
function parseRecipients(text: string): string[] {
  return [...new Set(text.split(/[\s,;，、]+/).map((part) => part.replace(/^@/, '')).filter(Boolean))];
}

/**
 * A red packet: a lucky one splits the total at random, an even one gives
 * everyone the same amount (typed per share, as people think of it). Open to
 * anyone with the link, or only to the people named.
 */
export function RedPacketNewScreen() {
  const t = useT();
  const money = useMoney();
  const { navigate } = useRouter();
  const { summary } = useWallet();
  const key = useIdempotencyKey();
  const [split, setSplit] = useState<Split>('lucky');
  const [currency, setCurrency] = useState<string>();
  const [amount, setAmount] = useState('');
  const [countText, setCountText] = useState('1');
  const [message, setMessage] = useState('');
  const [recipientsText, setRecipientsText] = useState('');
  const [showErrors, setShowErrors] = useState(false);

  const currencies = summary?.currencies ?? [];
  const chosen = currency ?? currencies[0] ?? 'CNY';
  const parsed = readAmount(amount, chosen, t);
  const recipients = parseRecipients(recipientsText);
  const count = /^\d+$/.test(countText) ? Number(countText) : NaN;
  const countError = !(Number.isInteger(count) && count >= 1 && count <= COUNT_MAX)
    ? t('wallet.redPacket.countRange', { max: COUNT_MAX })
    : recipients.length > 0 && count > recipients.length
      ? t('wallet.error.RED_PACKET_TOO_MANY_SHARES')
      : undefined;
  const total = parsed.minor === undefined || countError ? undefined : split === 'fixed' ? parsed.minor * count : parsed.minor;
  const amountError =
    parsed.error ??
    (total !== undefined && total > MAX_AMOUNT ? t('wallet.amount.tooLarge') : undefined) ??
    (split === 'lucky' && total !== undefined && total < count ? t('wallet.redPacket.tooSmall', { count }) : undefined);
  const messageError = [...message].length > MESSAGE_MAX ? t('validation.maxLength', { max: MESSAGE_MAX }) : undefined;

  const action = usePinAction(
    (pin) =>
      sendRedPacket(
        {
          amount: total!,
          currency: chosen,
          count,
          split,
          ...(message.trim() ? { message: message.trim() } : {}),
          ...(recipients.length > 0 ? { recipients } : {}),
          ...(pin ? { pin } : {}),
        },
        key.current(),
      ),
    (packet) => {
      key.renew();
      navigate(walletHref.redPacket(packet.id), { replace: true });
    },
  );

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setShowErrors(true);
    if (total === undefined || amountError || countError || messageError || !summary) return;
    action.start(summary.pin.set && total > summary.pin.requiredAbove);
  };

  const totalText = total === undefined ? '' : money(total, chosen);
  return (
    <Screen title={t('wallet.redPacket.newTitle')} back={walletHref.redPackets} testId="red-packet-new-screen">
      <form className="form card red-form" onSubmit={submit} noValidate>
        <WalletError error={action.error} />
        <SegmentedControl
          label={t('wallet.redPacket.split')}
          options={[
            { value: 'lucky', label: t('wallet.redPacket.lucky') },
            { value: 'fixed', label: t('wallet.redPacket.fixed') },
          ]}
          value={split}
          onChange={setSplit}
          testIdPrefix="red-split"
        />
        <TextField
          label={t('wallet.redPacket.count')}
          inputMode="numeric"
          value={countText}
          onChange={(event) => setCountText(event.target.value.replace(/\D/g, ''))}
          error={showErrors ? countError : undefined}
          data-testid="red-count"
        />
        <AmountField
          label={t(split === 'fixed' ? 'wallet.redPacket.each' : 'wallet.redPacket.total')}
          value={amount}
          onChange={setAmount}
          currency={chosen}
          currencies={currencies}
          onCurrencyChange={setCurrency}
          error={showErrors ? amountError : undefined}
          hint={split === 'fixed' && total !== undefined ? t('wallet.redPacket.totalIs', { amount: totalText }) : t(split === 'fixed' ? 'wallet.redPacket.fixedHint' : 'wallet.redPacket.luckyHint')}
          testId="red-amount"
        />
        <TextField
          label={t('wallet.redPacket.message')}
          placeholder={t('wallet.redPacket.defaultMessage')}
          value={message}
          onChange={(event) => setMessage(event.target.value)}
          error={messageError}
          data-testid="red-message"
        />
        <TextField
          label={t('wallet.redPacket.recipients')}
          hint={t('wallet.redPacket.recipientsHint')}
          value={recipientsText}
          onChange={(event) => setRecipientsText(event.target.value)}
          autoCapitalize="none"
          autoCorrect="off"
          spellCheck={false}
          data-testid="red-recipients"
        />
        <p className="red-form__total" data-testid="red-total">
          {totalText || money(0, chosen)}
        </p>
        <Button type="submit" block busy={action.busy} disabled={!summary} className="button--red" data-testid="red-submit">
          {t('wallet.redPacket.submit')}
        </Button>
      </form>
      <PinSheet {...action.sheet} summary={t('wallet.redPacket.pinSummary', { amount: totalText })} />
    </Screen>
  );
}

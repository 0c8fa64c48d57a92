import type { MerchantCode, Payment } from '@souk/contracts';
import { useState } from 'react';
import { useT } from '../../i18n/I18nProvider.js';
import { SegmentedControl } from '../../ui/SegmentedControl.js';
import { ChargeForm, DynamicCodeForm } from './TillForms.js';

type Mode = 'code' | 'charge';

/** The two ways to take a payment at the till: show a code for the sale, or charge the payer's pay code. */
export function TillForms({ currencies, paid, onCharged }: { currencies: readonly string[]; paid: (code: MerchantCode) => boolean; onCharged: (payment: Payment) => void }) {
  const t = useT();
  const [mode, setMode] = useState<Mode>('code');
  return (
    <div className="till-forms">
      <SegmentedControl
        label={t('wallet.till.take')}
        options={[
          { value: 'code', label: t('wallet.till.modeCode') },
          { value: 'charge', label: t('wallet.till.modeCharge') },
        ]}
        value={mode}
        onChange={setMode}
        testIdPrefix="till-mode"
      />
      {mode === 'code' ? <DynamicCodeForm currencies={currencies} paid={paid} /> : <ChargeForm currencies={currencies} onCharged={onCharged} />}
    </div>
  );
}

import type { ShopVerification } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';

/** A brand's verification state as a coloured pill. */
export function VerificationPill({ status }: { status: ShopVerification }) {
  const t = useT();
  return (
    <span className={`pill status-pill status-pill--${status}`} data-testid="verification-status" data-status={status}>
      {t(`seller.verification.status.${status}`)}
    </span>
  );
}

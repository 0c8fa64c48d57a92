import type { QrParseResult } from '@souk/contracts';
import { useT } from '../../i18n/I18nProvider.js';
import { currencyFromNumeric, parseAmount } from './money.js';
import { useMoney } from './use-wallet.js';

/** A scanned code's amount in minor units and its currency as ISO letters, when both can be read. */
export function codeAmount(code: QrParseResult): { currency: string | undefined; minor: number | undefined } {
  const currency = code.currency ? currencyFromNumeric(code.currency) : undefined;
  const parsed = currency && code.amount ? parseAmount(code.amount, currency) : undefined;
  return { currency, minor: parsed?.ok ? parsed.minor : undefined };
}

/** What a scanned code says: network, merchant, amount, references, and where it departs from EMVCo. */
export function ParsedCode({ code }: { code: QrParseResult }) {
  const t = useT();
  const money = useMoney();
  const { currency, minor } = codeAmount(code);
  const amountText = minor !== undefined && currency ? money(minor, currency) : code.amount ? `${code.amount} (${code.currency ?? '?'})` : undefined;
  const alternate = code.alternateLanguage;
  const reference = code.additionalData.referenceLabel ?? code.additionalData.billNumber;
  const rows: [string, string | null | undefined, string][] = [
    [t('wallet.scan.city'), [code.merchantCity, code.country].filter(Boolean).join(', ') || null, 'code-city'],
    [t('wallet.scan.kind'), code.pointOfInitiation ? t(code.pointOfInitiation === 'static' ? 'wallet.scan.static' : 'wallet.scan.dynamic') : null, 'code-kind'],
    [t('wallet.scan.currency'), currency ?? code.currency, 'code-currency'],
    [t('wallet.scan.reference'), reference, 'code-reference'],
    [t('wallet.scan.terminal'), code.additionalData.terminalLabel, 'code-terminal'],
    [t('wallet.scan.purpose'), code.additionalData.purpose, 'code-purpose'],
  ];

  return (
    <section className="card parsed-code" data-testid="parsed-code" data-payable={code.network?.payable ? 'true' : 'false'}>
      <div className="parsed-code__head">
        <span className={code.network?.payable ? 'pill' : 'pill pill--muted'} data-testid="code-network">
          {code.network?.name ?? t('wallet.scan.unknownNetwork')}
        </span>
        {amountText && (
          <span className="parsed-code__amount" data-testid="code-amount">
            {amountText}
          </span>
        )}
      </div>
      {/* Field 59 is Latin letters only; field 64 carries the name people know the merchant by (李伟, not liwei). */}
      <h2 className="parsed-code__merchant" data-testid="code-merchant">
        {alternate?.merchantName ?? code.merchantName ?? t('wallet.scan.noName')}
      </h2>
      {alternate?.merchantName && code.merchantName && code.merchantName !== alternate.merchantName && (
        <p className="parsed-code__alternate">{code.merchantName}</p>
      )}
      <dl className="parsed-code__rows">
        {rows
          .filter((row): row is [string, string, string] => Boolean(row[1]))
          .map(([label, value, testId]) => (
            <div key={testId} className="parsed-code__row">
              <dt>{label}</dt>
              <dd data-testid={testId}>{value}</dd>
            </div>
          ))}
      </dl>
      {code.warnings.length > 0 && (
        <details className="parsed-code__warnings" data-testid="code-warnings">
          <summary>{t('wallet.scan.warnings', { count: code.warnings.length })}</summary>
          <ul>
            {code.warnings.map((warning) => (
              <li key={warning}>{warning}</li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}

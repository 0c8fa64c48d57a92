import type { Balance, WalletSummary } from '@souk/contracts';
import { useCallback, useEffect, useState } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { useI18n } from '../../i18n/I18nProvider.js';
import { formatMoney } from './money.js';
import { fetchWallet } from './wallet.api.js';

export interface WalletState {
  /** Undefined until loaded. */
  summary: WalletSummary | undefined;
  error: unknown;
  reload: () => void;
}

/**
 * The signed-in user's wallet, kept current: balances follow the
 * `wallet.balance` pushes, and the whole summary is fetched again on every
 * (re)connection, since pushes sent while the socket was down are not replayed.
 */
export function useWallet(): WalletState {
  const [summary, setSummary] = useState<WalletSummary>();
  const [error, setError] = useState<unknown>();
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    fetchWallet(controller.signal).then(
      (loaded) => {
        setSummary(loaded);
        setError(undefined);
      },
      (caught: unknown) => controller.signal.aborted || setError(caught),
    );
    return () => controller.abort();
  }, [generation]);

  const reload = useCallback(() => setGeneration((n) => n + 1), []);

  useRealtimeMessage((message) => {
    if (message.type === 'ready') reload();
    if (message.type === 'event' && message.event.type === 'wallet.balance') {
      const { balances } = message.event;
      setSummary((current) => current && { ...current, balances });
    }
  });

  return { summary, error, reload };
}

/** Every enabled currency with its balance, zero where nothing has moved yet, in the server's order. */
export function balancesOf(summary: WalletSummary): Balance[] {
  const known = new Map(summary.balances.map((balance) => [balance.currency, balance]));
  const currencies = [...new Set([...summary.currencies, ...known.keys()])];
  return currencies.map((currency) => known.get(currency) ?? { currency, available: 0, held: 0 });
}

/** Formats integer minor units in the UI's language. */
export function useMoney(): (minor: number, currency: string, options?: { signed?: boolean }) => string {
  const { locale } = useI18n();
  return useCallback((minor, currency, options) => formatMoney(minor, currency, locale, options), [locale]);
}

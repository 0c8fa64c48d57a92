import type { Me } from '@souk/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { logOut as logOutRequest } from '../features/auth/auth.api.js';
import { fetchMe } from '../features/me/me.api.js';
import { useI18n } from '../i18n/I18nProvider.js';
import { ApiError, setUnauthenticatedHandler } from '../lib/api.js';

export type SessionStatus = 'loading' | 'authenticated' | 'anonymous' | 'unreachable';

interface SessionValue {
  status: SessionStatus;
  me: Me | null;
  /** Call with the user from signup, login or any endpoint that returns Me. */
  setMe: (me: Me) => void;
  logOut: () => Promise<void>;
  /** Reloads the user after first reaching the server failed; shows the splash meanwhile. */
  retry: () => void;
  /** Re-checks the session in the background; a 401 signs the UI out. */
  refresh: () => void;
}

const SessionContext = createContext<SessionValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [me, setMeState] = useState<Me | null>(null);
  const [status, setStatus] = useState<SessionStatus>('loading');
  const [attempt, setAttempt] = useState(0);

  const setMe = useCallback((next: Me) => {
    setMeState(next);
    setStatus('authenticated');
  }, []);

  const clear = useCallback(() => {
    setMeState(null);
    setStatus('anonymous');
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchMe(controller.signal).then(setMe, (error: unknown) => {
      if (controller.signal.aborted) return;
      // Only a definite 401 means signed out; otherwise the server is just out of reach.
      setStatus(error instanceof ApiError && error.status === 401 ? 'anonymous' : 'unreachable');
    });
    return () => controller.abort();
  }, [attempt, setMe]);

  useEffect(() => {
    setUnauthenticatedHandler(clear);
    return () => setUnauthenticatedHandler(undefined);
  }, [clear]);

  // The profile's language wins over the device's: it follows the user everywhere.
  const profileLocale = me?.locale;
  useEffect(() => {
    if (profileLocale) setLocale(profileLocale);
  }, [profileLocale, setLocale]);

  const logOut = useCallback(async () => {
    await logOutRequest();
    clear();
  }, [clear]);

  const retry = useCallback(() => {
    setStatus('loading');
    setAttempt((n) => n + 1);
  }, []);

  const refresh = useCallback(() => {
    fetchMe().then(setMe, () => {}); // a 401 reaches `clear` through the unauthenticated handler
  }, [setMe]);

  const value = useMemo(
    () => ({ status, me, setMe, logOut, retry, refresh }),
    [status, me, setMe, logOut, retry, refresh],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For screens behind the auth guard, where a signed-in user is certain. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe used on a screen that is not behind the auth guard');
  return me;
}

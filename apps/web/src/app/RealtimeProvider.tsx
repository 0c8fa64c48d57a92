import type { ServerMessage } from '@souk/contracts';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { connectRealtime, type RealtimeStatus } from '../lib/realtime.js';
import { useSession } from './SessionProvider.js';

type Listener = (message: ServerMessage) => void;

interface RealtimeValue {
  status: RealtimeStatus;
  subscribe: (listener: Listener) => () => void;
}

const RealtimeContext = createContext<RealtimeValue | null>(null);

/** One WebSocket per signed-in user, opened on sign-in and closed on sign-out. */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  const { me, refresh } = useSession();
  const userId = me?.id;
  const [status, setStatus] = useState<RealtimeStatus>('closed');
  const listeners = useRef(new Set<Listener>());
  // Bumped when the server ends the session: if another tab signed back in meanwhile, a new socket is opened.
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!userId) return;
    const connection = connectRealtime({
      onStatus: setStatus,
      // Re-asking the server turns the UI signed-out (a 401) or, after a race, keeps it signed in.
      onSessionEnded: () => {
        refresh();
        setGeneration((n) => n + 1);
      },
      onMessage: (message) => listeners.current.forEach((listener) => listener(message)),
    });
    return () => connection.close();
  }, [userId, generation, refresh]);

  const subscribe = useCallback((listener: Listener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const value = useMemo(() => ({ status, subscribe }), [status, subscribe]);
  return <RealtimeContext.Provider value={value}>{children}</RealtimeContext.Provider>;
}

function useRealtime(): RealtimeValue {
  const value = useContext(RealtimeContext);
  if (!value) throw new Error('useRealtime must be used inside <RealtimeProvider>');
  return value;
}

export function useRealtimeStatus(): RealtimeStatus {
  return useRealtime().status;
}

/** Calls the latest `listener` for every server message, without resubscribing on each render. */
export function useRealtimeMessage(listener: Listener): void {
  const { subscribe } = useRealtime();
  const latest = useRef(listener);
  useEffect(() => {
    latest.current = listener;
  });
  useEffect(() => subscribe((message) => latest.current(message)), [subscribe]);
}

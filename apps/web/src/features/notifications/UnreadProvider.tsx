import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { useRealtimeMessage } from '../../app/RealtimeProvider.js';
import { useSession } from '../../app/SessionProvider.js';
import { fetchUnreadCount } from './notifications.api.js';

interface UnreadValue {
  unread: number;
  setUnread: (unread: number) => void;
}

const UnreadContext = createContext<UnreadValue | null>(null);

/**
 * The unread-notification count, kept live by the WebSocket. It is fetched
 * again on every (re)connection, since events sent while the socket was
 * down are not replayed.
 */
export function UnreadProvider({ children }: { children: ReactNode }) {
  const { me } = useSession();
  const userId = me?.id;
  const [unread, setUnread] = useState(0);

  const refresh = useCallback(() => {
    fetchUnreadCount().then(
      (count) => setUnread(count.unread),
      () => {}, // keep the last known count; the next reconnection retries
    );
  }, []);

  useEffect(() => {
    setUnread(0);
    if (userId) refresh();
  }, [userId, refresh]);

  useRealtimeMessage((message) => {
    if (message.type === 'ready') refresh();
    // Other events (wallet movements) share the channel and carry no count.
    if (message.type === 'event' && 'unread' in message.event) setUnread(message.event.unread);
  });

  const value = useMemo(() => ({ unread, setUnread }), [unread]);
  return <UnreadContext.Provider value={value}>{children}</UnreadContext.Provider>;
}

export function useUnread(): UnreadValue {
  const value = useContext(UnreadContext);
  if (!value) throw new Error('useUnread must be used inside <UnreadProvider>');
  return value;
}

import { UnreadProvider } from '../features/notifications/UnreadProvider.js';
import { I18nProvider } from '../i18n/I18nProvider.js';
import { RealtimeProvider, useRealtimeStatus } from './RealtimeProvider.js';
import { Redirect, RouterProvider, safeNext, useRouter } from './router.js';
import type { Params } from './paths.js';
import { matchRoute, type Route } from './routes.js';
import { SessionProvider, useSession } from './SessionProvider.js';
import { Splash } from './Splash.js';
import { TabBar } from './TabBar.js';
import { ToastProvider } from './ToastProvider.js';
import { UnreachableScreen } from './UnreachableScreen.js';

export function App() {
  return (
    <I18nProvider>
      <RouterProvider>
        <SessionProvider>
          <RealtimeProvider>
            <UnreadProvider>
              <ToastProvider>
                <Shell />
              </ToastProvider>
            </UnreadProvider>
          </RealtimeProvider>
        </SessionProvider>
      </RouterProvider>
    </I18nProvider>
  );
}

function Shell() {
  const realtime = useRealtimeStatus();
  const { route, params } = matchRoute(useRouter().path);
  return (
    <div className={route.tabs ? 'app app--tabs' : 'app'} data-realtime={realtime}>
      <GuardedScreen route={route} params={params} />
      {route.tabs && <TabBar />}
    </div>
  );
}

/** Renders the route's screen, or the splash / redirect its access rule calls for. */
function GuardedScreen({ route, params }: { route: Route; params: Params }) {
  const { path, search } = useRouter();
  const { status } = useSession();
  const Screen = route.screen;
  // Keyed by path: another profile or post is a fresh screen, with no state left from the last one.
  const screen = <Screen key={path} params={params} />;

  if (route.access === 'public') return screen;
  if (status === 'loading') return <Splash />;
  if (route.access === 'guest') {
    return status === 'authenticated' ? <Redirect to={safeNext(search.get('next'), '/me')} /> : screen;
  }
  if (status === 'unreachable') return <UnreachableScreen />;
  if (status === 'anonymous') {
    const next = path + (search.size ? `?${search}` : '');
    return <Redirect to={`/login?next=${encodeURIComponent(next)}`} />;
  }
  return screen;
}

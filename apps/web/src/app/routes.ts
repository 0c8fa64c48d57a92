import type { ComponentType } from 'react';
import { LogInScreen } from '../features/auth/LogInScreen.js';
import { SignUpScreen } from '../features/auth/SignUpScreen.js';
import { CreateScreen } from '../features/create/CreateScreen.js';
import { DiscoverScreen } from '../features/discover/DiscoverScreen.js';
import { FeedSettingsScreen } from '../features/feed/FeedSettingsScreen.js';
import { HowForYouScreen } from '../features/feed/HowForYouScreen.js';
import { FollowingScreen } from '../features/following/FollowingScreen.js';
import { EditProfileScreen } from '../features/me/EditProfileScreen.js';
import { MeScreen } from '../features/me/MeScreen.js';
import { SecurityScreen } from '../features/me/SecurityScreen.js';
import { MessagesScreen } from '../features/messages/MessagesScreen.js';
import { NotificationsScreen } from '../features/notifications/NotificationsScreen.js';
import { HotSearchScreen } from '../features/search/HotSearchScreen.js';
import { SearchScreen } from '../features/search/SearchScreen.js';
import { BookmarksScreen } from '../features/social/BookmarksScreen.js';
import { EditPostScreen } from '../features/social/EditPostScreen.js';
import { HashtagScreen } from '../features/social/HashtagScreen.js';
import { PostDetailScreen } from '../features/social/PostDetailScreen.js';
import { ProfileScreen } from '../features/social/ProfileScreen.js';
import { FollowersScreen, FollowingListScreen, FriendsScreen } from '../features/social/UserListScreens.js';
import { TopUpScreen, WithdrawScreen } from '../features/wallet/FundingScreen.js';
import { HistoryScreen } from '../features/wallet/HistoryScreen.js';
import { PayCodeScreen } from '../features/wallet/PayCodeScreen.js';
import { PinScreen } from '../features/wallet/PinScreen.js';
import { ReceiveScreen } from '../features/wallet/ReceiveScreen.js';
import { RedPacketNewScreen } from '../features/wallet/RedPacketNewScreen.js';
import { RedPacketScreen } from '../features/wallet/RedPacketScreen.js';
import { RedPacketsScreen } from '../features/wallet/RedPacketsScreen.js';
import { ScanScreen } from '../features/wallet/ScanScreen.js';
import { SendScreen } from '../features/wallet/SendScreen.js';
import { TillScreen } from '../features/wallet/TillScreen.js';
import { WalletScreen } from '../features/wallet/WalletScreen.js';
import { SELLER_ROUTES } from '../features/seller/routes.js';
import { SHOP_ROUTES } from '../features/shop/routes.js';
import { NotFoundScreen } from './NotFoundScreen.js';
import { matchPath, type Params } from './paths.js';

export interface ScreenProps {
  params: Params;
}

export interface Route {
  screen: ComponentType<ScreenProps>;
  /** public: anyone; member: signed-in only (others go to /login); guest: signed-out only. */
  access: 'public' | 'member' | 'guest';
  /** Tab roots show the bottom tab bar; pushed screens and auth screens do not. */
  tabs: boolean;
}

/** First match wins: literal paths come before the patterns they would also match. */
const ROUTES: [pattern: string, route: Route][] = [
  ['/', { screen: DiscoverScreen, access: 'public', tabs: true }],
  ...SHOP_ROUTES,
  ...SELLER_ROUTES,
  ['/following', { screen: FollowingScreen, access: 'public', tabs: true }],
  ['/create', { screen: CreateScreen, access: 'member', tabs: true }],
  ['/messages', { screen: MessagesScreen, access: 'member', tabs: true }],
  ['/me', { screen: MeScreen, access: 'member', tabs: true }],
  ['/me/edit', { screen: EditProfileScreen, access: 'member', tabs: false }],
  ['/me/security', { screen: SecurityScreen, access: 'member', tabs: false }],
  ['/me/bookmarks', { screen: BookmarksScreen, access: 'member', tabs: false }],
  ['/me/friends', { screen: FriendsScreen, access: 'member', tabs: false }],
  ['/me/feed', { screen: FeedSettingsScreen, access: 'member', tabs: false }],
  ['/feed/how', { screen: HowForYouScreen, access: 'public', tabs: false }],
  ['/notifications', { screen: NotificationsScreen, access: 'member', tabs: false }],
  ['/search', { screen: SearchScreen, access: 'public', tabs: false }],
  ['/hot', { screen: HotSearchScreen, access: 'public', tabs: false }],
  ['/p/:id', { screen: PostDetailScreen, access: 'public', tabs: false }],
  ['/p/:id/edit', { screen: EditPostScreen, access: 'member', tabs: false }],
  ['/u/:handle', { screen: ProfileScreen, access: 'public', tabs: false }],
  ['/u/:handle/followers', { screen: FollowersScreen, access: 'public', tabs: false }],
  ['/u/:handle/following', { screen: FollowingListScreen, access: 'public', tabs: false }],
  ['/t/:key', { screen: HashtagScreen, access: 'public', tabs: false }],
  ['/wallet', { screen: WalletScreen, access: 'member', tabs: false }],
  ['/wallet/topup', { screen: TopUpScreen, access: 'member', tabs: false }],
  ['/wallet/withdraw', { screen: WithdrawScreen, access: 'member', tabs: false }],
  ['/wallet/send', { screen: SendScreen, access: 'member', tabs: false }],
  ['/wallet/pin', { screen: PinScreen, access: 'member', tabs: false }],
  ['/wallet/receive', { screen: ReceiveScreen, access: 'member', tabs: false }],
  ['/wallet/scan', { screen: ScanScreen, access: 'member', tabs: false }],
  ['/wallet/paycode', { screen: PayCodeScreen, access: 'member', tabs: false }],
  ['/wallet/history', { screen: HistoryScreen, access: 'member', tabs: false }],
  ['/wallet/till', { screen: TillScreen, access: 'member', tabs: false }],
  ['/wallet/red-packets', { screen: RedPacketsScreen, access: 'member', tabs: false }],
  ['/wallet/red-packets/new', { screen: RedPacketNewScreen, access: 'member', tabs: false }],
  ['/red/:id', { screen: RedPacketScreen, access: 'member', tabs: false }],
  ['/login', { screen: LogInScreen, access: 'guest', tabs: false }],
  ['/signup', { screen: SignUpScreen, access: 'guest', tabs: false }],
];

const NOT_FOUND: Route = { screen: NotFoundScreen, access: 'public', tabs: false };

export function matchRoute(path: string): { route: Route; params: Params } {
  for (const [pattern, route] of ROUTES) {
    const params = matchPath(pattern, path);
    if (params) return { route, params };
  }
  return { route: NOT_FOUND, params: {} };
}

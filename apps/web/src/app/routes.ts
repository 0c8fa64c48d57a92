import type { ComponentType } from 'react';
import { LogInScreen } from '../features/auth/LogInScreen.js';
import { SignUpScreen } from '../features/auth/SignUpScreen.js';
import { CreateScreen } from '../features/create/CreateScreen.js';
import { DiscoverScreen } from '../features/discover/DiscoverScreen.js';
import { FollowingScreen } from '../features/following/FollowingScreen.js';
import { EditProfileScreen } from '../features/me/EditProfileScreen.js';
import { MeScreen } from '../features/me/MeScreen.js';
import { SecurityScreen } from '../features/me/SecurityScreen.js';
import { MessagesScreen } from '../features/messages/MessagesScreen.js';
import { NotificationsScreen } from '../features/notifications/NotificationsScreen.js';
import { NotFoundScreen } from './NotFoundScreen.js';

export interface Route {
  screen: ComponentType;
  /** public: anyone; member: signed-in only (others go to /login); guest: signed-out only. */
  access: 'public' | 'member' | 'guest';
  /** Tab roots show the bottom tab bar; pushed screens and auth screens do not. */
  tabs: boolean;
}

const ROUTES: Record<string, Route> = {
  '/': { screen: DiscoverScreen, access: 'public', tabs: true },
  '/following': { screen: FollowingScreen, access: 'public', tabs: true },
  '/create': { screen: CreateScreen, access: 'member', tabs: true },
  '/messages': { screen: MessagesScreen, access: 'member', tabs: true },
  '/me': { screen: MeScreen, access: 'member', tabs: true },
  '/me/edit': { screen: EditProfileScreen, access: 'member', tabs: false },
  '/me/security': { screen: SecurityScreen, access: 'member', tabs: false },
  '/notifications': { screen: NotificationsScreen, access: 'member', tabs: false },
  '/login': { screen: LogInScreen, access: 'guest', tabs: false },
  '/signup': { screen: SignUpScreen, access: 'guest', tabs: false },
};

const NOT_FOUND: Route = { screen: NotFoundScreen, access: 'public', tabs: false };

export function matchRoute(path: string): Route {
  const normalized = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return ROUTES[normalized] ?? NOT_FOUND;
}

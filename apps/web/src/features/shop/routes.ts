import type { Route } from '../../app/routes.js';
import { CartScreen } from './CartScreen.js';
import { CheckoutScreen } from './CheckoutScreen.js';
import { LinkScreen } from './LinkScreen.js';
import { OrderDetailScreen } from './OrderDetailScreen.js';
import { OrdersScreen } from './OrdersScreen.js';
import { ProductListScreen } from './ProductListScreen.js';
import { ProductScreen } from './ProductScreen.js';
import { ShopHomeScreen } from './ShopHomeScreen.js';
import { ShopScreen } from './ShopScreen.js';
import { StorefrontScreen } from './StorefrontScreen.js';

/** The shop screens' routes, placed before the app's catch-all patterns (first match wins). */
export const SHOP_ROUTES: [pattern: string, route: Route][] = [
  ['/shop', { screen: ShopHomeScreen, access: 'public', tabs: true }],
  ['/shop/search', { screen: ProductListScreen, access: 'public', tabs: false }],
  ['/shop/c/:slug', { screen: ProductListScreen, access: 'public', tabs: false }],
  ['/product/:id', { screen: ProductScreen, access: 'public', tabs: false }],
  ['/store/:id', { screen: ShopScreen, access: 'public', tabs: false }],
  ['/s/:handle', { screen: StorefrontScreen, access: 'public', tabs: false }],
  ['/l/:code', { screen: LinkScreen, access: 'public', tabs: false }],
  ['/cart', { screen: CartScreen, access: 'member', tabs: false }],
  ['/checkout', { screen: CheckoutScreen, access: 'member', tabs: false }],
  ['/orders', { screen: OrdersScreen, access: 'member', tabs: false }],
  ['/orders/:id', { screen: OrderDetailScreen, access: 'member', tabs: false }],
];

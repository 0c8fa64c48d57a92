import type { Route } from '../../app/routes.js';
import { BrandAffiliateScreen, EarningsScreen, MarketplaceScreen } from './AffiliateScreens.js';
import { DisputesScreen } from './DisputesScreen.js';
import { OrdersScreen } from './OrdersScreen.js';
import { ProductEditorScreen } from './ProductEditorScreen.js';
import { ProductsScreen } from './ProductsScreen.js';
import { SellerHomeScreen } from './SellerHomeScreen.js';
import { ShopSettingsScreen } from './ShopSettingsScreen.js';
import { VerifyQueueScreen } from './StaffScreens.js';
import { VerificationScreen } from './VerificationScreen.js';

const member = (screen: Route['screen']): Route => ({ screen, access: 'member', tabs: false });

/** The seller screens' routes, placed before the app's catch-all patterns (first match wins). */
export const SELLER_ROUTES: [pattern: string, route: Route][] = [
  ['/seller', member(SellerHomeScreen)],
  ['/seller/settings', member(ShopSettingsScreen)],
  ['/seller/verification', member(VerificationScreen)],
  ['/seller/products', member(ProductsScreen)],
  ['/seller/products/new', member(ProductEditorScreen)],
  ['/seller/products/:id', member(ProductEditorScreen)],
  ['/seller/orders', member(OrdersScreen)],
  ['/seller/affiliate', member(BrandAffiliateScreen)],
  ['/seller/marketplace', member(MarketplaceScreen)],
  ['/seller/earnings', member(EarningsScreen)],
  ['/seller/admin/shops', member(VerifyQueueScreen)],
  ['/seller/moderation/disputes', member(DisputesScreen)],
];

const segment = encodeURIComponent;

/** Every seller-centre link is built here, so screens agree on the URL scheme. */
export const sellerHref = {
  home: '/seller',
  settings: '/seller/settings',
  verification: '/seller/verification',
  products: '/seller/products',
  newProduct: '/seller/products/new',
  product: (id: string) => `/seller/products/${segment(id)}`,
  orders: '/seller/orders',
  affiliate: '/seller/affiliate',
  marketplace: '/seller/marketplace',
  earnings: '/seller/earnings',
  verifyQueue: '/seller/admin/shops',
  disputes: '/seller/moderation/disputes',
};

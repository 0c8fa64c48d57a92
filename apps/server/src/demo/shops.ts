import type { AttributionVia, CategoryTree, Product, ShopKind } from '@souk/contracts';
import type { Souk } from '../app.js';
import type { Actor } from '../platform/http/auth.js';
import { renderPicture } from './images.js';
import { Random } from './random.js';
import type { Topic } from './topics.js';

interface DemoProduct {
  key: string;
  category: string;
  title: string;
  description: string;
  topic: Topic;
  options: Array<{ name: string; values: string[] }>;
  /** One per combination of option values, in order; the same price for all when only one is given. */
  prices: number[];
  /** Basis points offered to creators; none: not open to affiliates. */
  commissionBp?: number;
}

interface DemoShop {
  owner: string;
  kind: ShopKind;
  name: string;
  description: string;
  currency: 'CNY' | 'EUR';
  products: DemoProduct[];
}

/** Three verified brands and a creator's own shop, in the demo's three languages. Prices in minor units. */
const SHOPS: DemoShop[] = [
  {
    owner: 'maison_lumiere',
    kind: 'brand',
    name: 'Maison Lumière',
    description: 'Parfums et soins formulés à Grasse depuis 1921.',
    currency: 'EUR',
    products: [
      {
        key: 'serum',
        category: 'beauty-skincare',
        title: 'Sérum Éclat de Grasse',
        description: 'Un sérum léger à la fleur d’oranger, pour un teint lumineux. Peaux sensibles.',
        topic: 'beauty',
        options: [{ name: 'Contenance', values: ['30 ml', '50 ml'] }],
        prices: [4_900, 6_900],
        commissionBp: 1500,
      },
      {
        key: 'neroli',
        category: 'beauty-fragrance',
        title: 'Eau de parfum Néroli Blanc',
        description: 'Néroli, petit grain et musc blanc. Flacon de 50 ml.',
        topic: 'beauty',
        options: [],
        prices: [8_900],
        commissionBp: 1200,
      },
    ],
  },
  {
    owner: 'chayu_tea',
    kind: 'brand',
    name: '茶语 Chayu Tea',
    description: '云南高山茶园直供，每一片茶叶都可溯源。',
    currency: 'CNY',
    products: [
      {
        key: 'puer',
        category: 'food-coffee-tea',
        title: '云南古树普洱茶饼 357g',
        description: '勐海古树春茶，石磨压制，越陈越香。',
        topic: 'food',
        options: [],
        prices: [18_800],
        commissionBp: 1000,
      },
      {
        key: 'white-tea',
        category: 'food-coffee-tea',
        title: '高山白茶礼盒',
        description: '福鼎白毫银针，清甜花香，送礼自饮两相宜。',
        topic: 'food',
        options: [{ name: '规格', values: ['100g', '250g'] }],
        prices: [6_800, 15_800],
        commissionBp: 2000,
      },
    ],
  },
  {
    owner: 'urbanrun',
    kind: 'brand',
    name: 'UrbanRun',
    description: 'Running shoes designed for city streets.',
    currency: 'EUR',
    products: [
      {
        key: 'cityglide',
        category: 'clothing-shoes',
        title: 'CityGlide running shoes',
        description: 'Light, cushioned and reflective for evening runs.',
        topic: 'fashion',
        options: [{ name: 'Size', values: ['40', '41', '42', '43'] }],
        prices: [11_900],
        commissionBp: 800,
      },
    ],
  },
  {
    owner: 'chef_marcel',
    kind: 'creator',
    name: 'La boutique de Chef Marcel',
    description: 'Mon livre et les produits que j’utilise vraiment.',
    currency: 'EUR',
    products: [
      {
        key: 'cookbook',
        category: 'books-nonfiction',
        title: 'Bistrot en 15 minutes (livre)',
        description: '60 recettes de bistrot, rapides et de saison.',
        topic: 'food',
        options: [],
        prices: [2_400],
      },
    ],
  },
];

/** Creators' storefront picks and which of their notes carry which products. */
const CREATORS: Array<{ handle: string; picks: string[]; taggedNotes: number }> = [
  { handle: 'lina_beauty', picks: ['serum', 'neroli'], taggedNotes: 2 },
  { handle: 'chef_marcel', picks: ['white-tea'], taggedNotes: 2 },
  { handle: 'ava_moves', picks: ['cityglide'], taggedNotes: 1 },
];

type Source = { post: string } | { storefront: string } | { link: string } | null;

/** Orders bought through a creator's note, storefront or link (or directly), completed and reviewed in the buyer's language. */
const ORDERS: Array<{ buyer: string; product: string; option: number; quantity: number; source: Source; review: { rating: number; text: string } | null }> = [
  { buyer: 'manon_leroy', product: 'serum', option: 1, quantity: 1, source: { post: 'lina_beauty' }, review: { rating: 5, text: 'Texture légère, parfum délicat, ma peau est plus lumineuse.' } },
  { buyer: 'ines_petit', product: 'neroli', option: 0, quantity: 1, source: { storefront: 'lina_beauty' }, review: { rating: 4, text: 'Très joli sillage, tient bien la journée.' } },
  { buyer: 'huang_min', product: 'puer', option: 0, quantity: 1, source: null, review: { rating: 4, text: '茶汤醇厚，回甘明显，包装也很用心。' } },
  { buyer: 'emma_j', product: 'white-tea', option: 0, quantity: 2, source: { post: 'chef_marcel' }, review: { rating: 5, text: 'Delicate and floral, lovely with breakfast.' } },
  { buyer: 'olivia_b', product: 'cityglide', option: 2, quantity: 1, source: { link: 'ava_moves' }, review: { rating: 5, text: 'Light and bouncy, true to size.' } },
  // Paid, not yet delivered: a pending commission on Ava's dashboard.
  { buyer: 'hugo_b', product: 'cityglide', option: 1, quantity: 1, source: { storefront: 'ava_moves' }, review: null },
];

const BUYER_FUNDS: Record<'CNY' | 'EUR', number> = { CNY: 100_000, EUR: 50_000 };

export interface ShopsSummary {
  shops: number;
  products: number;
  /** Product photos (media assets, like the notes' images). */
  images: number;
  taggedNotes: number;
  orders: number;
  reviews: number;
}

/**
 * Seeds the shop side of the demo through the commerce services: verified
 * brands with products, SKUs and drawn photos, offers open to creators,
 * creators' storefronts and tagged notes (existing notes of theirs become
 * shoppable), and orders bought through them, completed and reviewed, so the
 * creator and brand dashboards have figures from the start. Buyers get their
 * own top-up first; the demo account's wallet is left as the wallet demo made it.
 */
export async function seedShops(souk: Souk, userIdOf: (handle: string) => string): Promise<ShopsSummary> {
  const { catalogue, orders, affiliate } = souk.commerce;
  const random = new Random('souk-demo-shops');
  const actor = (handle: string): Actor => ({ userId: userIdOf(handle), sessionId: 'seed', role: 'user' });
  const categories = categoryIds(await catalogue.service.categoryTree());

  const products = new Map<string, Product>();
  let images = 0;
  const currencyOf = new Map<string, 'CNY' | 'EUR'>();
  for (const shop of SHOPS) {
    const ownerId = userIdOf(shop.owner);
    const opened = await catalogue.service.openShop(ownerId, { kind: shop.kind, name: shop.name, description: shop.description, currency: shop.currency });
    if (shop.kind === 'brand') {
      await catalogue.service.submitTraderDetails(ownerId, {
        legalName: `${shop.name} Ltd`,
        address: shop.currency === 'CNY' ? '云南省昆明市五华区茶城路 8 号' : '12 avenue Thiers, 06130 Grasse',
        registrationNumber: shop.currency === 'CNY' ? '91530100MA6N2X8Q1K' : '552 100 554',
        email: `shop@${shop.owner.replace(/_/g, '')}.example`,
        phone: shop.currency === 'CNY' ? '+86 871 6300 0000' : '+33 4 93 00 00 00',
      });
      await catalogue.service.decideVerification(opened.id, { decision: 'verified', note: 'Demo brand' });
    }
    for (const item of shop.products) {
      const mediaIds: string[] = [];
      for (let i = 0; i < 2; i++) mediaIds.push((await souk.media.storeImage(ownerId, await renderPicture(item.topic, random.fork(`${item.key}:${i}`)))).id);
      images += mediaIds.length;
      const product = await catalogue.service.createProduct(ownerId, {
        categoryId: categories.get(item.category)!,
        title: item.title,
        description: item.description,
        options: item.options,
        skus: combinations(item.options).map((options, index) => ({ options, price: item.prices[index] ?? item.prices[0]!, stock: 200 })),
        mediaIds,
        status: 'active',
      });
      products.set(item.key, product);
      currencyOf.set(item.key, shop.currency);
      if (item.commissionBp) await affiliate.offers.setOffer({ ...actor(shop.owner), role: 'merchant' }, product.id, item.commissionBp);
    }
  }

  // Creators pick offers, tag them on their own recent notes, and share a link.
  const taggedPosts = new Map<string, string>();
  const links = new Map<string, string>();
  let taggedNotes = 0;
  for (const creator of CREATORS) {
    const by: Actor = { ...actor(creator.handle), role: 'creator' };
    for (const key of creator.picks) await affiliate.offers.addPick(by, products.get(key)!.id);
    const notes = (await souk.social.posts.profilePosts(by.userId, by.userId, undefined, 20)).items.filter((post) => post.kind === 'note' && post.visibility === 'public');
    for (const note of notes.slice(0, creator.taggedNotes)) {
      await affiliate.shoppable.setTags(by, note.id, creator.picks.map((key) => products.get(key)!.id));
      taggedPosts.set(creator.handle, taggedPosts.get(creator.handle) ?? note.id);
      taggedNotes += 1;
    }
    links.set(creator.handle, (await affiliate.offers.createLink(by, products.get(creator.picks[0]!)!.id)).code);
  }

  // Buyers top up, then buy through the creators; the sellers ship, the buyers confirm and review.
  const buyers = new Map(ORDERS.map((order) => [order.buyer, currencyOf.get(order.product)!]));
  for (const [buyer, currency] of buyers) {
    await souk.wallet.funding.topup(userIdOf(buyer), { amount: BUYER_FUNDS[currency], currency }, `demo-topup-shop-${buyer}-${currency}`);
  }
  await souk.wallet.settleSandbox();
  let reviews = 0;
  for (const [index, order] of ORDERS.entries()) {
    const buyerId = userIdOf(order.buyer);
    const product = products.get(order.product)!;
    const address = await orders.service.addAddress(buyerId, addressOf(order.buyer, currencyOf.get(order.product)!));
    const via = viaOf(order.source, taggedPosts, links, userIdOf);
    const line = { skuId: product.skus[order.option]!.id, quantity: order.quantity, ...(via ? { via } : {}) };
    const result = await orders.service.checkout(buyerId, { addressId: address.id, lines: [line] }, `demo-order-${index}`);
    const placed = result.body.orders[0]!;
    if (!order.review) continue;
    const sellerId = product.shop.ownerId;
    await orders.service.ship(sellerId, placed.id, { carrier: currencyOf.get(order.product) === 'CNY' ? '顺丰速运' : 'Colissimo', trackingNumber: `DEMO${1000 + index}` });
    await orders.service.deliver(sellerId, placed.id);
    await orders.service.confirm(buyerId, placed.id);
    // Reviews read the order items the affiliate part learnt from the order events.
    await souk.events.settle();
    await affiliate.reviews.review(actor(order.buyer), placed.id, placed.items[0]!.id, order.review);
    reviews += 1;
  }
  await souk.events.settle();
  return { shops: SHOPS.length, products: products.size, images, taggedNotes, orders: ORDERS.length, reviews };
}

function viaOf(source: Source, posts: Map<string, string>, links: Map<string, string>, userIdOf: (handle: string) => string): AttributionVia | null {
  if (source === null) return null;
  if ('post' in source) return { postId: posts.get(source.post)! };
  if ('storefront' in source) return { storefrontOf: userIdOf(source.storefront) };
  return { link: links.get(source.link)! };
}

function addressOf(handle: string, currency: 'CNY' | 'EUR') {
  return currency === 'CNY'
    ? { recipient: handle, phone: '+86 138 0000 0000', line1: '南京西路 1266 号', city: '上海', country: 'CN' }
    : { recipient: handle, phone: '+33 6 00 00 00 00', line1: '5 rue de la République', city: 'Lyon', postalCode: '69002', country: 'FR' };
}

function categoryIds(tree: CategoryTree): Map<string, string> {
  return new Map(tree.categories.flatMap((category) => [[category.slug, category.id] as const, ...category.children.map((child) => [child.slug, child.id] as const)]));
}

/** Every combination of option values, the first option varying slowest ({} for a product without options). */
function combinations(options: Array<{ name: string; values: string[] }>): Array<Record<string, string>> {
  return options.reduce<Array<Record<string, string>>>((rows, option) => rows.flatMap((row) => option.values.map((value) => ({ ...row, [option.name]: value }))), [{}]);
}

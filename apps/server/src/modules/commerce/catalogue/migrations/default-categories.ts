import type { CategoryNames } from '@souk/contracts';

interface DefaultCategory {
  slug: string;
  names: CategoryNames;
}

/**
 * The category tree a new Souk starts with, two levels deep. A category's id
 * is its slug, so demo data, links and filters can name one on any install.
 */
export const DEFAULT_CATEGORIES: ReadonlyArray<DefaultCategory & { children: DefaultCategory[] }> = [
  {
    slug: 'clothing',
    names: { en: 'Clothing', fr: 'Vêtements', 'zh-CN': '服装' },
    children: [
      { slug: 'clothing-women', names: { en: 'Women', fr: 'Femme', 'zh-CN': '女装' } },
      { slug: 'clothing-men', names: { en: 'Men', fr: 'Homme', 'zh-CN': '男装' } },
      { slug: 'clothing-kids', names: { en: 'Kids', fr: 'Enfant', 'zh-CN': '童装' } },
      { slug: 'clothing-shoes', names: { en: 'Shoes', fr: 'Chaussures', 'zh-CN': '鞋靴' } },
      { slug: 'clothing-bags', names: { en: 'Bags & accessories', fr: 'Sacs & accessoires', 'zh-CN': '箱包配饰' } },
    ],
  },
  {
    slug: 'beauty',
    names: { en: 'Beauty', fr: 'Beauté', 'zh-CN': '美妆' },
    children: [
      { slug: 'beauty-skincare', names: { en: 'Skincare', fr: 'Soins de la peau', 'zh-CN': '护肤' } },
      { slug: 'beauty-makeup', names: { en: 'Make-up', fr: 'Maquillage', 'zh-CN': '彩妆' } },
      { slug: 'beauty-fragrance', names: { en: 'Fragrance', fr: 'Parfums', 'zh-CN': '香水' } },
      { slug: 'beauty-hair', names: { en: 'Hair care', fr: 'Soins des cheveux', 'zh-CN': '美发护发' } },
    ],
  },
  {
    slug: 'food-drink',
    names: { en: 'Food & drink', fr: 'Épicerie & boissons', 'zh-CN': '食品饮料' },
    children: [
      { slug: 'food-coffee-tea', names: { en: 'Coffee & tea', fr: 'Café & thé', 'zh-CN': '咖啡茶饮' } },
      { slug: 'food-snacks', names: { en: 'Snacks & sweets', fr: 'Snacks & confiseries', 'zh-CN': '零食糖果' } },
      { slug: 'food-wine', names: { en: 'Wine & spirits', fr: 'Vins & spiritueux', 'zh-CN': '酒水' } },
      { slug: 'food-fresh', names: { en: 'Fresh produce', fr: 'Produits frais', 'zh-CN': '生鲜' } },
      { slug: 'food-pantry', names: { en: 'Pantry', fr: 'Épicerie salée', 'zh-CN': '粮油调味' } },
    ],
  },
  {
    slug: 'home',
    names: { en: 'Home', fr: 'Maison', 'zh-CN': '家居' },
    children: [
      { slug: 'home-furniture', names: { en: 'Furniture', fr: 'Meubles', 'zh-CN': '家具' } },
      { slug: 'home-kitchen', names: { en: 'Kitchen & dining', fr: 'Cuisine & table', 'zh-CN': '厨具餐具' } },
      { slug: 'home-decor', names: { en: 'Decor', fr: 'Décoration', 'zh-CN': '家居饰品' } },
      { slug: 'home-bedding', names: { en: 'Bedding & bath', fr: 'Linge de maison', 'zh-CN': '床品家纺' } },
    ],
  },
  {
    slug: 'electronics',
    names: { en: 'Electronics', fr: 'Électronique', 'zh-CN': '数码电子' },
    children: [
      { slug: 'electronics-phones', names: { en: 'Phones', fr: 'Téléphones', 'zh-CN': '手机' } },
      { slug: 'electronics-computers', names: { en: 'Computers', fr: 'Ordinateurs', 'zh-CN': '电脑' } },
      { slug: 'electronics-audio', names: { en: 'Audio', fr: 'Audio', 'zh-CN': '影音' } },
      { slug: 'electronics-cameras', names: { en: 'Cameras', fr: 'Photo', 'zh-CN': '摄影摄像' } },
    ],
  },
  {
    slug: 'books',
    names: { en: 'Books', fr: 'Livres', 'zh-CN': '图书' },
    children: [
      { slug: 'books-fiction', names: { en: 'Fiction', fr: 'Romans', 'zh-CN': '小说' } },
      { slug: 'books-nonfiction', names: { en: 'Non-fiction', fr: 'Essais & documents', 'zh-CN': '社科人文' } },
      { slug: 'books-children', names: { en: "Children's books", fr: 'Jeunesse', 'zh-CN': '童书' } },
      { slug: 'books-comics', names: { en: 'Comics & manga', fr: 'BD & mangas', 'zh-CN': '漫画' } },
    ],
  },
  {
    slug: 'sports',
    names: { en: 'Sports & outdoors', fr: 'Sports & plein air', 'zh-CN': '运动户外' },
    children: [
      { slug: 'sports-fitness', names: { en: 'Fitness', fr: 'Fitness', 'zh-CN': '健身' } },
      { slug: 'sports-outdoor', names: { en: 'Camping & hiking', fr: 'Camping & randonnée', 'zh-CN': '户外露营' } },
      { slug: 'sports-cycling', names: { en: 'Cycling', fr: 'Vélo', 'zh-CN': '骑行' } },
      { slug: 'sports-wear', names: { en: 'Sportswear', fr: 'Vêtements de sport', 'zh-CN': '运动服饰' } },
    ],
  },
  {
    slug: 'baby',
    names: { en: 'Baby & toys', fr: 'Bébé & jouets', 'zh-CN': '母婴玩具' },
    children: [
      { slug: 'baby-care', names: { en: 'Baby care', fr: 'Puériculture', 'zh-CN': '婴儿用品' } },
      { slug: 'baby-toys', names: { en: 'Toys', fr: 'Jouets', 'zh-CN': '玩具' } },
    ],
  },
  {
    slug: 'crafts',
    names: { en: 'Handmade & art', fr: 'Artisanat & art', 'zh-CN': '手工艺品' },
    children: [
      { slug: 'crafts-handmade', names: { en: 'Handmade', fr: 'Fait main', 'zh-CN': '手作' } },
      { slug: 'crafts-art', names: { en: 'Art & prints', fr: 'Art & affiches', 'zh-CN': '艺术画作' } },
    ],
  },
  { slug: 'pets', names: { en: 'Pets', fr: 'Animaux', 'zh-CN': '宠物' }, children: [] },
  { slug: 'other', names: { en: 'Other', fr: 'Autres', 'zh-CN': '其他' }, children: [] },
];

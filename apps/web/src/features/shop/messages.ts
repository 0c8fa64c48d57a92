// The shop screens' texts, spread into the locale dictionaries (en is the source; fr and zh-CN have every key).
export const shopEn = {
  'shop.tab': 'Shop',
} satisfies Record<string, string>;

type ShopMessages = Record<keyof typeof shopEn, string>;

export const shopFr = {
  'shop.tab': 'Boutique',
} satisfies ShopMessages;

export const shopZh = {
  'shop.tab': '商城',
} satisfies ShopMessages;

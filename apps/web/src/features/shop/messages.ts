// The shop screens' texts, spread into the locale dictionaries (en is the source; fr and zh-CN have every key).
export const shopEn = {} satisfies Record<string, string>;

type ShopMessages = Record<keyof typeof shopEn, string>;

export const shopFr = {} satisfies ShopMessages;

export const shopZh = {} satisfies ShopMessages;

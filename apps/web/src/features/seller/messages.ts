// The seller screens' texts, spread into the locale dictionaries (en is the source; fr and zh-CN have every key).
export const sellerEn = {} satisfies Record<string, string>;

type SellerMessages = Record<keyof typeof sellerEn, string>;

export const sellerFr = {} satisfies SellerMessages;

export const sellerZh = {} satisfies SellerMessages;

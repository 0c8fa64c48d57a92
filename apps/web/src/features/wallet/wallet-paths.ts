const segment = encodeURIComponent;

/** Every link into the wallet, so its screens agree on the URL scheme. */
export const walletHref = {
  home: '/wallet',
  topUp: '/wallet/topup',
  withdraw: '/wallet/withdraw',
  send: '/wallet/send',
  pin: '/wallet/pin',
  receive: '/wallet/receive',
  scan: '/wallet/scan',
  payCode: '/wallet/paycode',
  history: '/wallet/history',
  till: '/wallet/till',
  redPackets: '/wallet/red-packets',
  newRedPacket: '/wallet/red-packets/new',
  redPacket: (id: string) => `/red/${segment(id)}`,
};

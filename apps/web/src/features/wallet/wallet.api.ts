import type {
  Balances,
  ChargeBody,
  Funding,
  FundingBody,
  MerchantCode,
  MerchantCodeBody,
  MerchantSummary,
  PayCodeBody,
  PayCodeDevice,
  Payment,
  PaymentPage,
  PayoutBody,
  QrParseResult,
  RedPacket,
  RedPacketBody,
  RedPacketPage,
  Refund,
  RefundBody,
  SetPinBody,
  TransactionPage,
  Transfer,
  TransferBody,
  WalletSummary,
} from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

export const HISTORY_PAGE_SIZE = 20;

/** The header every money-moving POST carries; the same key on a retry means "the same request". */
const idempotent = (key: string) => ({ 'Idempotency-Key': key });
const id = encodeURIComponent;

export const fetchWallet = (signal?: AbortSignal) => api.get<WalletSummary>('/api/wallet', signal);
export const fetchBalances = (signal?: AbortSignal) => api.get<Balances>('/api/wallet/balance', signal);
export const setPin = (body: SetPinBody) => api.post<void>('/api/wallet/pin', body);

export const topUp = (body: FundingBody, key: string) => api.post<Funding>('/api/wallet/topups', body, idempotent(key));
export const withdraw = (body: FundingBody, key: string) => api.post<Funding>('/api/wallet/withdrawals', body, idempotent(key));
export const fetchFunding = (fundingId: string, signal?: AbortSignal) => api.get<Funding>(`/api/wallet/fundings/${id(fundingId)}`, signal);

export const transfer = (body: TransferBody, key: string) => api.post<Transfer>('/api/wallet/transfers', body, idempotent(key));

export const fetchTransactions = (cursor?: string, signal?: AbortSignal, limit = HISTORY_PAGE_SIZE) =>
  api.get<TransactionPage>(withQuery('/api/wallet/transactions', { cursor, limit }), signal);
export const TRANSACTIONS_CSV_URL = '/api/wallet/transactions.csv';

export const parseQr = (payload: string) => api.post<QrParseResult>('/api/wallet/qr/parse', { payload });
export const payCode = (body: PayCodeBody, key: string) => api.post<Payment>('/api/wallet/payments', body, idempotent(key));

export const fetchMerchant = (signal?: AbortSignal) => api.get<MerchantSummary>('/api/wallet/merchant', signal);
export const createMerchantCode = (body: MerchantCodeBody) => api.post<MerchantCode>('/api/wallet/merchant/codes', body);
export const fetchMerchantPayments = (cursor?: string, signal?: AbortSignal) =>
  api.get<PaymentPage>(withQuery('/api/wallet/merchant/payments', { cursor }), signal);
export const charge = (body: ChargeBody, key: string) => api.post<Payment>('/api/wallet/merchant/charges', body, idempotent(key));
export const payout = (body: PayoutBody, key: string) => api.post<unknown>('/api/wallet/merchant/payouts', body, idempotent(key));
export const refund = (paymentId: string, body: RefundBody, key: string) =>
  api.post<Refund>(`/api/wallet/payments/${id(paymentId)}/refunds`, body, idempotent(key));

/** The printable forms of a merchant code, served by the API (links, not fetches). */
export const codeFiles = (codeId: string) => ({
  png: `/api/wallet/merchant/codes/${id(codeId)}/qr.png`,
  svg: `/api/wallet/merchant/codes/${id(codeId)}/qr.svg`,
  poster: `/api/wallet/merchant/codes/${id(codeId)}/poster.pdf`,
});

export const registerPayCodeDevice = (pin: string) => api.post<PayCodeDevice>('/api/wallet/paycode/devices', { pin });
/** Its codes stop working at once, wherever they were shown. */
export const removePayCodeDevice = (deviceId: string) => api.delete<void>(`/api/wallet/paycode/devices/${id(deviceId)}`);

export const sendRedPacket = (body: RedPacketBody, key: string) => api.post<RedPacket>('/api/wallet/red-packets', body, idempotent(key));
export const fetchRedPacket = (packetId: string, signal?: AbortSignal) => api.get<RedPacket>(`/api/wallet/red-packets/${id(packetId)}`, signal);
export const openRedPacket = (packetId: string) => api.post<RedPacket>(`/api/wallet/red-packets/${id(packetId)}/open`);
export const fetchRedPackets = (cursor?: string, signal?: AbortSignal) =>
  api.get<RedPacketPage>(withQuery('/api/wallet/red-packets', { cursor }), signal);

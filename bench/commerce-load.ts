/**
 * The commerce bench's load generator, in its own process so it does not
 * share the server's event loop. Two kinds of load:
 *
 * - `steady`: autocannon keeps `connections` requests in flight for
 *   `seconds`: checkouts of one unit (a random buyer, a random SKU, a fresh
 *   Idempotency-Key each), or the baseline (a wallet transfer of one minor
 *   unit, or GET /api/health).
 * - `flash`: every buyer sends one checkout of the same SKU at the same
 *   moment; each answer's status and latency come back.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

export interface Buyer {
  token: string;
  addressId: string;
  /** A user to send the baseline transfer to. */
  to: string;
}

export type CommerceLoadRequest =
  | { kind: 'steady'; mode: 'checkout' | 'transfer' | 'health'; origin: string; buyers: Buyer[]; skuIds: string[]; seconds: number; connections: number }
  | { kind: 'flash'; origin: string; buyers: Buyer[]; skuId: string };

export interface SteadyResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export interface FlashResult {
  statuses: Record<string, number>;
  codes: Record<string, number>;
  latenciesMs: number[];
  wallMs: number;
}

const pick = <T>(values: readonly T[]): T => values[Math.floor(Math.random() * values.length)]!;

async function steady(request: Extract<CommerceLoadRequest, { kind: 'steady' }>): Promise<SteadyResult> {
  const { mode, buyers, skuIds } = request;
  const path = mode === 'checkout' ? '/api/checkout' : mode === 'transfer' ? '/api/wallet/transfers' : '/api/health';
  const result = await autocannon({
    url: `${request.origin}${path}`,
    connections: request.connections,
    duration: request.seconds,
    ...(mode === 'health'
      ? {}
      : {
          method: 'POST' as const,
          requests: [
            {
              setupRequest: (req: Record<string, any>) => {
                const buyer = pick(buyers);
                const body =
                  mode === 'checkout'
                    ? { addressId: buyer.addressId, lines: [{ skuId: pick(skuIds), quantity: 1 }] }
                    : { to: buyer.to, amount: 1, currency: 'CNY' };
                return {
                  ...req,
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}`, 'idempotency-key': randomUUID() },
                  body: JSON.stringify(body),
                };
              },
            },
          ],
        }),
  });
  return { reqPerSec: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, non2xx: result.non2xx, errors: result.errors + result.timeouts };
}

async function flash(request: Extract<CommerceLoadRequest, { kind: 'flash' }>): Promise<FlashResult> {
  const statuses: Record<string, number> = {};
  const codes: Record<string, number> = {};
  const latenciesMs: number[] = [];
  const started = performance.now();
  await Promise.all(
    request.buyers.map(async (buyer) => {
      const sent = performance.now();
      const response = await fetch(`${request.origin}/api/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${buyer.token}`, 'idempotency-key': randomUUID() },
        body: JSON.stringify({ addressId: buyer.addressId, lines: [{ skuId: request.skuId, quantity: 1 }] }),
      });
      const body = (await response.json()) as { code?: string; status?: string };
      latenciesMs.push(performance.now() - sent);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      const code = response.status === 201 ? `201 ${body.status}` : (body.code ?? 'unknown');
      codes[code] = (codes[code] ?? 0) + 1;
    }),
  );
  return { statuses, codes, latenciesMs, wallMs: performance.now() - started };
}

process.on('message', async (request: CommerceLoadRequest) => {
  const reply = request.kind === 'steady' ? await steady(request) : await flash(request);
  process.send!(reply, () => process.exit(0));
});

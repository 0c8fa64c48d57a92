/**
 * The wallet bench's load generator, in its own process so it does not share
 * the server's event loop: autocannon POSTs transfers, each with a fresh
 * Idempotency-Key, a random sender's token and a random recipient.
 */
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';

export interface LoadRequest {
  url: string;
  /** Empty for a plain GET (the bare ceiling). */
  senders: Array<{ token: string; to: string }>;
  seconds: number;
  connections: number;
}

export interface LoadResult {
  reqPerSec: number;
  /** Responses received in the whole run (for CPU per request). */
  requests: number;
  non2xx: number;
  errors: number;
}

process.on('message', async (request: LoadRequest) => {
  const { senders } = request;
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    ...(senders.length === 0
      ? {}
      : {
          method: 'POST' as const,
          requests: [
            {
              setupRequest: (req: Record<string, any>) => {
                const sender = senders[Math.floor(Math.random() * senders.length)]!;
                return {
                  ...req,
                  headers: { 'content-type': 'application/json', authorization: `Bearer ${sender.token}`, 'idempotency-key': randomUUID() },
                  body: JSON.stringify({ to: sender.to, amount: 1, currency: 'CNY' }),
                };
              },
            },
          ],
        }),
  });
  const reply: LoadResult = { reqPerSec: result.requests.average, requests: result.requests.total, non2xx: result.non2xx, errors: result.errors + result.timeouts };
  process.send!(reply, () => process.exit(0));
});

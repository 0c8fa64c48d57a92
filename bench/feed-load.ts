/**
 * The feed bench's HTTP load generator, in its own process so it does not
 * share the server's event loop: autocannon POSTs batches of signals to
 * /api/feed/signals, each batch from a random reader about random posts, every
 * signal with a fresh client id (as a client makes them).
 */
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';

export interface SignalLoadRequest {
  url: string;
  tokens: string[];
  postIds: string[];
  batchSize: number;
  seconds: number;
  connections: number;
}

export interface SignalLoadResult {
  requests: number;
  seconds: number;
  non2xx: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
}

const KINDS = ['impression', 'impression', 'impression', 'dwell', 'like', 'skip'] as const;

function batch(postIds: string[], size: number): string {
  const prefix = randomBytes(6).toString('hex');
  const signals = Array.from({ length: size }, (_, i) => {
    const kind = KINDS[i % KINDS.length]!;
    const postId = postIds[Math.floor(Math.random() * postIds.length)]!;
    return kind === 'dwell' ? { id: `b${prefix}${i}`, postId, kind, dwellMs: 12_000 } : { id: `b${prefix}${i}`, postId, kind };
  });
  return JSON.stringify({ signals });
}

process.on('message', async (request: SignalLoadRequest) => {
  const result = await autocannon({
    url: request.url,
    connections: request.connections,
    duration: request.seconds,
    method: 'POST',
    requests: [
      {
        setupRequest: (req: Record<string, any>) => ({
          ...req,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${request.tokens[Math.floor(Math.random() * request.tokens.length)]}` },
          body: batch(request.postIds, request.batchSize),
        }),
      },
    ],
  });
  const reply: SignalLoadResult = {
    requests: result.requests.total,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
  };
  process.send!(reply, () => process.exit(0));
});

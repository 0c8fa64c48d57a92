import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet from '@fastify/helmet';
import { ForbiddenError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ownOrigin(request: FastifyRequest, publicOrigin: string | null): string {
  return publicOrigin ?? `${request.protocol}://${request.host}`;
}

/**
 * Security headers on every response, and the same-origin rule: a write that
 * a browser sends with the session cookie must come from the app's own
 * origin (Origin header, or Sec-Fetch-Site when Origin is absent). API
 * clients using a Bearer token carry no ambient credential and are exempt.
 * No CORS headers are ever sent, so other origins cannot read responses.
 */
export async function registerSecurity(app: FastifyInstance, publicOrigin: string | null): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        // The API docs page (swagger-ui) uses inline styles.
        styleSrc: ["'self'", "'unsafe-inline'"],
        scriptSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    hsts: publicOrigin?.startsWith('https:') ? undefined : false,
  });

  app.addHook('preHandler', async (request) => {
    if (SAFE_METHODS.has(request.method) && request.routeOptions.url !== '/api/ws') return;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      if (origin !== ownOrigin(request, publicOrigin)) throw new ForbiddenError('Cross-site request refused.', 'CROSS_SITE_REQUEST');
      return;
    }
    if (request.authVia !== 'cookie') return;
    const site = request.headers['sec-fetch-site'];
    if (site !== 'same-origin' && site !== 'none') {
      throw new ForbiddenError('A request authenticated by cookie must come from the app.', 'CROSS_SITE_REQUEST');
    }
  });
}

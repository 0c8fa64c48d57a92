import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import { addRouteHook } from './route-hooks.js';
import { ForbiddenError } from './errors.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function ownOrigin(request: FastifyRequest, publicOrigin: string | null): string {
  return publicOrigin ?? `${request.protocol}://${request.host}`;
}

function helmetOptions(publicOrigin: string | null): HelmetOptions {
  return {
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
    strictTransportSecurity: publicOrigin?.startsWith('https:') ? undefined : false,
  };
}

/**
 * Helmet's headers, computed once: none of them depends on the request, and
 * building them per request (as @fastify/helmet does) cost a fifth of an
 * authenticated read.
 */
export function securityHeaders(publicOrigin: string | null): Record<string, string> {
  const headers: Record<string, string> = {};
  const collector = {
    setHeader: (name: string, value: string | number) => void (headers[name.toLowerCase()] = String(value)),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
  };
  helmet(helmetOptions(publicOrigin))({} as IncomingMessage, collector as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/**
 * Security headers on every response, and the same-origin rule: a write that
 * a browser sends with the session cookie must come from the app's own
 * origin (Origin header, or Sec-Fetch-Site when Origin is absent). API
 * clients using a Bearer token carry no ambient credential and are exempt.
 * No CORS headers are ever sent, so other origins cannot read responses.
 */
export function registerSecurity(app: FastifyInstance, publicOrigin: string | null): void {
  const headers = securityHeaders(publicOrigin);
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(headers);
    reply.header('x-request-id', request.id);
    done();
  });

  const mayChangeState = (route: RouteOptions) =>
    route.url === '/api/ws' || [route.method].flat().some((method) => !SAFE_METHODS.has(method));
  addRouteHook(app, mayChangeState, async (request) => {
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

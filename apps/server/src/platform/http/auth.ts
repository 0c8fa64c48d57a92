import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { Role } from '@souk/contracts';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import { addRouteHook } from './route-hooks.js';

export const SESSION_COOKIE = 'souk_session';

/** Who is making a request, as the accounts module resolves it from a session token. */
export interface Actor {
  userId: string;
  sessionId: string;
  role: Role;
}

export type SessionResolver = (token: string) => Promise<Actor | null>;

/** What a route declares about its caller; the hook below enforces it before the handler runs. */
export interface RouteAuth {
  auth?: 'required' | 'optional' | 'none';
  roles?: readonly Role[];
}

declare module 'fastify' {
  interface FastifyContextConfig extends RouteAuth {}
  interface FastifyRequest {
    actor: Actor | null;
    /** How the token arrived: a cookie-borne session must pass the same-origin check on writes. */
    authVia: 'cookie' | 'bearer' | 'query' | null;
  }
}

export function readToken(request: FastifyRequest, allowQuery = false): { token: string; via: 'cookie' | 'bearer' | 'query' } | null {
  const header = request.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) {
    const token = header.slice(7).trim();
    if (token) return { token, via: 'bearer' };
  }
  const cookie = request.cookies?.[SESSION_COOKIE];
  if (cookie) return { token: cookie, via: 'cookie' };
  if (allowQuery) {
    const query = (request.query as Record<string, unknown> | undefined)?.token;
    if (typeof query === 'string' && query) return { token: query, via: 'query' };
  }
  return null;
}

/** Resolves the actor on the routes that declare `auth`, and checks their declared roles. */
export function registerAuth(app: FastifyInstance, resolve: SessionResolver): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('authVia', null);
  const declaresAuth = (route: RouteOptions) => route.config?.auth !== undefined && route.config.auth !== 'none';
  addRouteHook(app, declaresAuth, async (request) => {
    const { auth, roles } = request.routeOptions.config;
    const found = readToken(request, request.routeOptions.url === '/api/ws');
    const actor = found ? await resolve(found.token) : null;
    if (!actor) {
      if (auth === 'required') throw new UnauthenticatedError(found ? 'Your session has expired; sign in again.' : undefined);
      return;
    }
    request.actor = actor;
    request.authVia = found!.via;
    if (roles && !roles.includes(actor.role)) throw new ForbiddenError('Your role does not allow this.');
  });
}

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthenticatedError();
  return request.actor;
}

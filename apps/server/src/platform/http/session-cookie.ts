import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from './auth.js';

/**
 * The web app's session: HttpOnly (no script can read it), SameSite=Lax (not
 * sent on cross-site sub-requests; writes also pass the same-origin check),
 * Secure whenever the app is served over HTTPS.
 */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: string, publicOrigin: string | null): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: (publicOrigin ?? `${request.protocol}:`).startsWith('https:'),
    expires: new Date(expiresAt),
  });
}

export function clearSessionCookie(reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

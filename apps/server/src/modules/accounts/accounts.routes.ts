import { Type } from 'typebox';
import {
  AdminUpdateUserBody,
  AuthResult,
  ChangePasswordBody,
  Handle,
  LoginBody,
  Me,
  PublicUser,
  SessionList,
  SignupBody,
  UpdateMeBody,
} from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { multipartFileBody, NoContent, problemResponses } from '../../platform/http/schemas.js';
import { clearSessionCookie, setSessionCookie } from '../../platform/http/session-cookie.js';
import type { SoukApp } from '../../platform/http/types.js';
import { readUploadedFile, UnsupportedMediaError, uploadRoutes } from '../media/index.js';
import type { AccountsService, ClientInfo } from './accounts.service.js';

export interface AccountsRoutesOptions {
  accounts: AccountsService;
  publicOrigin: string | null;
  avatarMaxBytes: number;
}

const IdParam = Type.Object({ id: Type.String({ pattern: '^[a-z]{3}_[0-9A-Z]{26}$' }) });

function clientOf(request: { ip: string; headers: Record<string, unknown> }): ClientInfo {
  const agent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

export async function accountsRoutes(app: SoukApp, { accounts, publicOrigin, avatarMaxBytes }: AccountsRoutesOptions): Promise<void> {
  app.post(
    '/api/auth/signup',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Create an account and sign in',
        body: SignupBody,
        response: { 201: AuthResult, ...problemResponses(400, 403, 409, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const outcome = await accounts.signup(request.body, clientOf(request));
      setSessionCookie(request, reply, outcome.token, outcome.expiresAt, publicOrigin);
      return reply.code(201).send({ user: outcome.user, token: outcome.token });
    },
  );

  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['accounts'],
        summary: 'Sign in with handle and password',
        body: LoginBody,
        response: { 200: AuthResult, ...problemResponses(400, 401, 403, 413, 415, 429) },
      },
    },
    async (request, reply) => {
      const outcome = await accounts.login(request.body, clientOf(request));
      setSessionCookie(request, reply, outcome.token, outcome.expiresAt, publicOrigin);
      return { user: outcome.user, token: outcome.token };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      config: { auth: 'required' },
      schema: { tags: ['accounts'], summary: 'End the current session', response: { 204: NoContent, ...problemResponses(401, 403) } },
    },
    async (request, reply) => {
      await accounts.logout(requireActor(request));
      clearSessionCookie(reply);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/me',
    {
      config: { auth: 'required' },
      schema: { tags: ['accounts'], summary: 'The signed-in user', response: { 200: Me, ...problemResponses(401) } },
    },
    async (request) => accounts.getMe(requireActor(request).userId),
  );

  app.patch(
    '/api/me',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['accounts'],
        summary: 'Edit the profile: display name, bio, locale',
        body: UpdateMeBody,
        response: { 200: Me, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request) => accounts.updateProfile(requireActor(request), request.body),
  );

  app.post(
    '/api/me/password',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['accounts'],
        summary: 'Change the password; signs out every other session',
        body: ChangePasswordBody,
        response: { 204: NoContent, ...problemResponses(400, 401, 403, 413, 415) },
      },
    },
    async (request, reply) => {
      await accounts.changePassword(requireActor(request), request.body.currentPassword, request.body.newPassword);
      return reply.code(204).send(null);
    },
  );

  await uploadRoutes(app, avatarMaxBytes, (scope) => {
    scope.put(
      '/api/me/avatar',
      {
        config: { auth: 'required' },
        schema: {
          tags: ['accounts'],
          summary: 'Upload an avatar (multipart/form-data, one image field named "file")',
          body: multipartFileBody('A JPEG, PNG, WebP, GIF or AVIF image, at most 10 MB'),
          response: { 200: Me, ...problemResponses(400, 401, 403, 413, 415) },
        },
      },
      async (request) => {
        if (!request.isMultipart()) throw new UnsupportedMediaError('Send multipart/form-data with a field named "file".');
        const bytes = await readUploadedFile(request, avatarMaxBytes);
        return accounts.setAvatar(requireActor(request), bytes);
      },
    );
  });

  app.delete(
    '/api/me/avatar',
    {
      config: { auth: 'required' },
      schema: { tags: ['accounts'], summary: 'Remove the avatar', response: { 200: Me, ...problemResponses(401, 403) } },
    },
    async (request) => accounts.removeAvatar(requireActor(request)),
  );

  app.get(
    '/api/me/sessions',
    {
      config: { auth: 'required' },
      schema: { tags: ['accounts'], summary: 'The devices signed in to this account', response: { 200: SessionList, ...problemResponses(401) } },
    },
    async (request) => ({ items: await accounts.listSessions(requireActor(request)) }),
  );

  app.delete(
    '/api/me/sessions/:id',
    {
      config: { auth: 'required' },
      schema: {
        tags: ['accounts'],
        summary: 'Sign out one device',
        params: IdParam,
        response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      await accounts.revokeSession(requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users/:handle',
    {
      schema: {
        tags: ['accounts'],
        summary: 'A public profile',
        params: Type.Object({ handle: Handle }),
        response: { 200: PublicUser, ...problemResponses(400, 404) },
      },
    },
    async (request) => accounts.getByHandle(request.params.handle),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      config: { auth: 'required', roles: ['admin'] },
      schema: {
        tags: ['admin'],
        summary: "Change a user's role or verified badge",
        params: IdParam,
        body: AdminUpdateUserBody,
        response: { 200: PublicUser, ...problemResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => accounts.adminUpdateUser(requireActor(request), request.params.id, request.body),
  );
}

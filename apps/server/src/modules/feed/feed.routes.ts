import { Type } from 'typebox';
import {
  FeedPage,
  FeedQuery,
  FeedSettings,
  FeedSignalBatch,
  FeedSignalResult,
  NotInterested,
  NotInterestedBody,
  NotInterestedPage,
  PageQuery,
  RankingParameters,
} from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { NoContent, problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { FeedService } from './feed.service.js';
import type { NotInterestedService } from './not-interested.service.js';
import type { SignalIntake } from './signals.service.js';

export interface FeedRoutesOptions {
  service: FeedService;
  intake: SignalIntake;
  notInterested: NotInterestedService;
}

const tags = ['feed'];

export async function feedRoutes(app: SoukApp, { service, intake, notInterested }: FeedRoutesOptions): Promise<void> {
  app.get(
    '/api/feed',
    {
      config: { auth: 'optional' },
      schema: {
        tags,
        summary: 'A page of the feed: For You (ranked for me, with reasons), latest or popular',
        querystring: FeedQuery,
        response: { 200: FeedPage, ...problemResponses(400) },
      },
    },
    async (request) => service.page(request.actor?.userId ?? null, request.query),
  );

  app.post(
    '/api/feed/signals',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Report what I saw, watched and did (a resent signal counts once)',
        body: FeedSignalBatch,
        response: { 200: FeedSignalResult, ...problemResponses(400, 401, 429) },
      },
    },
    async (request) => intake.ingest(requireActor(request).userId, request.body),
  );

  app.get(
    '/api/feed/settings',
    { config: { auth: 'required' }, schema: { tags, summary: 'My feed mode', response: { 200: FeedSettings, ...problemResponses(401) } } },
    async (request) => service.settings(requireActor(request).userId),
  );

  app.put(
    '/api/feed/settings',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'Choose my feed mode (latest and popular use no profile)', body: FeedSettings, response: { 200: FeedSettings, ...problemResponses(400, 401) } },
    },
    async (request) => service.updateSettings(requireActor(request).userId, request.body),
  );

  app.post(
    '/api/feed/not-interested',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Not interested in a post, an author or a topic (201 when new, 200 when already chosen)',
        body: NotInterestedBody,
        response: { 200: NotInterested, 201: NotInterested, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const { choice, created } = await notInterested.add(requireActor(request).userId, request.body);
      return reply.code(created ? 201 : 200).send(choice);
    },
  );

  app.get(
    '/api/feed/not-interested',
    {
      config: { auth: 'required' },
      schema: { tags, summary: 'What I said I am not interested in, newest first', querystring: PageQuery, response: { 200: NotInterestedPage, ...problemResponses(400, 401) } },
    },
    async (request) => notInterested.list(requireActor(request).userId, request.query.cursor, request.query.limit ?? 20),
  );

  app.delete(
    '/api/feed/not-interested/:id',
    {
      config: { auth: 'required' },
      schema: {
        tags,
        summary: 'Undo a "not interested"',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 204: NoContent, ...problemResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      await notInterested.remove(requireActor(request).userId, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/feed/parameters',
    { schema: { tags, summary: 'The main parameters of the For You ranking, as configured here (EU DSA art. 27)', response: { 200: RankingParameters } } },
    async () => service.parameters(),
  );
}

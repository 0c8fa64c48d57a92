import { Type } from 'typebox';
import {
  BookmarkBody,
  BookmarkQuery,
  Collection,
  CollectionList,
  Comment,
  CommentPage,
  CreateCollectionBody,
  CreateCommentBody,
  CreatePostBody,
  Handle,
  Hashtag,
  PageQuery,
  Post,
  PostPage,
  Profile,
  Relationship,
  UpdatePostBody,
  UserPage,
  type Relationship as RelationshipValue,
} from '@souk/contracts';
import { requireActor } from '../../platform/http/auth.js';
import { NoContent, problemResponses } from '../../platform/http/schemas.js';
import type { SoukApp } from '../../platform/http/types.js';
import type { GraphService } from './graph.service.js';
import type { InteractionsService } from './interactions.service.js';
import type { PostsService } from './posts.service.js';

export interface SocialRoutesOptions {
  graph: GraphService;
  posts: PostsService;
  interactions: InteractionsService;
}

const Id = Type.String({ minLength: 1, maxLength: 64 });
const IdParams = Type.Object({ id: Id });
const TagParams = Type.Object({ key: Type.String({ minLength: 1, maxLength: 200 }) });
const read = (tags: string[], summary: string) => ({ tags, summary });

export async function socialRoutes(app: SoukApp, { graph, posts, interactions }: SocialRoutesOptions): Promise<void> {
  const viewer = (request: { actor: { userId: string } | null }) => request.actor?.userId ?? null;
  const page = (query: { cursor?: string; limit?: number }) => [query.cursor, query.limit ?? 20] as const;

  // ---- Graph ---------------------------------------------------------------

  app.get(
    '/api/profiles/:handle',
    {
      config: { auth: 'optional' },
      schema: { ...read(['social'], 'A profile with counts and my relationship to it'), params: Type.Object({ handle: Handle }), response: { 200: Profile, ...problemResponses(400, 404) } },
    },
    async (request) => graph.profile(viewer(request), request.params.handle),
  );

  for (const [path, summary, list] of [
    ['/api/users/:id/followers', 'Who follows a user, newest first', graph.followers.bind(graph)],
    ['/api/users/:id/following', 'Whom a user follows, newest first', graph.following.bind(graph)],
  ] as const) {
    app.get(
      path,
      {
        config: { auth: 'optional' },
        schema: { ...read(['social'], summary), params: IdParams, querystring: PageQuery, response: { 200: UserPage, ...problemResponses(400, 404) } },
      },
      async (request) => list(viewer(request), request.params.id, ...page(request.query)),
    );
  }

  app.get(
    '/api/me/friends',
    {
      config: { auth: 'required' },
      schema: { ...read(['social'], 'My friends (mutual follows)'), querystring: PageQuery, response: { 200: UserPage, ...problemResponses(400, 401) } },
    },
    async (request) => graph.friends(requireActor(request).userId, ...page(request.query)),
  );

  const relationRoute = (path: string, summary: string, put: (a: string, t: string) => Promise<RelationshipValue>, remove: (a: string, t: string) => Promise<RelationshipValue>) => {
    const schema = { params: IdParams, response: { 200: Relationship, ...problemResponses(400, 401, 403, 404) } };
    app.put(path, { config: { auth: 'required' }, schema: { ...read(['social'], summary), ...schema } }, async (request) =>
      put(requireActor(request).userId, request.params.id),
    );
    app.delete(path, { config: { auth: 'required' }, schema: { ...read(['social'], `Undo: ${summary.toLowerCase()}`), ...schema } }, async (request) =>
      remove(requireActor(request).userId, request.params.id),
    );
  };
  relationRoute('/api/users/:id/follow', 'Follow a user', graph.follow.bind(graph), graph.unfollow.bind(graph));
  relationRoute('/api/users/:id/block', 'Block a user (removes follows both ways, hides both ways)', graph.block.bind(graph), graph.unblock.bind(graph));
  relationRoute('/api/users/:id/mute', "Mute a user (hides their posts from my timelines)", graph.mute.bind(graph), graph.unmute.bind(graph));

  // ---- Posts and timelines ------------------------------------------------

  app.post(
    '/api/posts',
    {
      config: { auth: 'required' },
      schema: { ...read(['posts'], 'Publish a note, a video or a repost'), body: CreatePostBody, response: { 201: Post, ...problemResponses(400, 401, 403, 404, 413, 415) } },
    },
    async (request, reply) => reply.code(201).send(await posts.create(requireActor(request), request.body)),
  );

  app.get(
    '/api/posts/:id',
    { config: { auth: 'optional' }, schema: { ...read(['posts'], 'A post'), params: IdParams, response: { 200: Post, ...problemResponses(400, 404) } } },
    async (request) => posts.get(viewer(request), request.params.id),
  );

  app.patch(
    '/api/posts/:id',
    {
      config: { auth: 'required' },
      schema: { ...read(['posts'], 'Edit my post (text, title, visibility)'), params: IdParams, body: UpdatePostBody, response: { 200: Post, ...problemResponses(400, 401, 403, 404, 413, 415) } },
    },
    async (request) => posts.update(requireActor(request), request.params.id, request.body),
  );

  app.delete(
    '/api/posts/:id',
    {
      config: { auth: 'required' },
      schema: { ...read(['posts'], 'Delete my post everywhere'), params: IdParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await posts.delete(requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/users/:id/posts',
    {
      config: { auth: 'optional' },
      schema: { ...read(['posts'], "A user's posts that I may see, newest first"), params: IdParams, querystring: PageQuery, response: { 200: PostPage, ...problemResponses(400, 404) } },
    },
    async (request) => posts.profilePosts(viewer(request), request.params.id, ...page(request.query)),
  );

  app.get(
    '/api/timelines/following',
    {
      config: { auth: 'required' },
      schema: { ...read(['timelines'], 'Posts of the people I follow, newest first'), querystring: PageQuery, response: { 200: PostPage, ...problemResponses(400, 401) } },
    },
    async (request) => posts.followingTimeline(requireActor(request).userId, ...page(request.query)),
  );

  app.get(
    '/api/timelines/friends',
    {
      config: { auth: 'required' },
      schema: { ...read(['timelines'], 'Moments: posts of my friends, newest first'), querystring: PageQuery, response: { 200: PostPage, ...problemResponses(400, 401) } },
    },
    async (request) => posts.friendsTimeline(requireActor(request).userId, ...page(request.query)),
  );

  app.get(
    '/api/hashtags/:key',
    { config: { auth: 'optional' }, schema: { ...read(['timelines'], 'A hashtag'), params: TagParams, response: { 200: Hashtag, ...problemResponses(400, 404) } } },
    async (request) => posts.hashtag(request.params.key),
  );

  app.get(
    '/api/hashtags/:key/posts',
    {
      config: { auth: 'optional' },
      schema: { ...read(['timelines'], 'Public posts with a hashtag, newest first'), params: TagParams, querystring: PageQuery, response: { 200: PostPage, ...problemResponses(400) } },
    },
    async (request) => posts.hashtagPosts(viewer(request), request.params.key, ...page(request.query)),
  );

  // ---- Likes, comments, bookmarks -----------------------------------------

  const postAction = { params: IdParams, response: { 200: Post, ...problemResponses(400, 401, 403, 404) } };
  app.put('/api/posts/:id/like', { config: { auth: 'required' }, schema: { ...read(['interactions'], 'Like a post'), ...postAction } }, async (request) =>
    interactions.like(requireActor(request), request.params.id),
  );
  app.delete('/api/posts/:id/like', { config: { auth: 'required' }, schema: { ...read(['interactions'], 'Unlike a post'), ...postAction } }, async (request) =>
    interactions.unlike(requireActor(request), request.params.id),
  );

  app.get(
    '/api/posts/:id/likes',
    {
      config: { auth: 'optional' },
      schema: { ...read(['interactions'], 'Who liked a post (on Moments, only my friends)'), params: IdParams, querystring: PageQuery, response: { 200: UserPage, ...problemResponses(400, 404) } },
    },
    async (request) => interactions.likers(viewer(request), request.params.id, ...page(request.query)),
  );

  app.put(
    '/api/posts/:id/bookmark',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'Bookmark a post, optionally into a collection'), params: IdParams, body: BookmarkBody, response: { 200: Post, ...problemResponses(400, 401, 403, 404, 413, 415) } },
    },
    async (request) => interactions.bookmark(requireActor(request), request.params.id, request.body?.collectionId ?? null),
  );
  app.delete('/api/posts/:id/bookmark', { config: { auth: 'required' }, schema: { ...read(['interactions'], 'Remove a bookmark'), ...postAction } }, async (request) =>
    interactions.unbookmark(requireActor(request), request.params.id),
  );

  app.get(
    '/api/me/bookmarks',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'My bookmarks, newest first'), querystring: BookmarkQuery, response: { 200: PostPage, ...problemResponses(400, 401, 404) } },
    },
    async (request) => interactions.bookmarks(requireActor(request), request.query.collectionId, ...page(request.query)),
  );

  app.get(
    '/api/me/collections',
    { config: { auth: 'required' }, schema: { ...read(['interactions'], 'My bookmark collections'), response: { 200: CollectionList, ...problemResponses(401) } } },
    async (request) => ({ items: await interactions.collections(requireActor(request)) }),
  );

  app.post(
    '/api/me/collections',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'Create a collection'), body: CreateCollectionBody, response: { 201: Collection, ...problemResponses(400, 401, 403, 409, 413, 415) } },
    },
    async (request, reply) => reply.code(201).send(await interactions.createCollection(requireActor(request), request.body.name)),
  );

  app.delete(
    '/api/me/collections/:id',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'Delete a collection (its bookmarks stay)'), params: IdParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await interactions.deleteCollection(requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/posts/:id/comments',
    {
      config: { auth: 'optional' },
      schema: { ...read(['interactions'], 'Comments, newest first, with their first replies'), params: IdParams, querystring: PageQuery, response: { 200: CommentPage, ...problemResponses(400, 404) } },
    },
    async (request) => interactions.comments(viewer(request), request.params.id, ...page(request.query)),
  );

  app.post(
    '/api/posts/:id/comments',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'Comment on a post, or reply to a comment'), params: IdParams, body: CreateCommentBody, response: { 201: Comment, ...problemResponses(400, 401, 403, 404, 413, 415) } },
    },
    async (request, reply) => reply.code(201).send(await interactions.comment(requireActor(request), request.params.id, request.body)),
  );

  app.get(
    '/api/comments/:id/replies',
    {
      config: { auth: 'optional' },
      schema: { ...read(['interactions'], 'Replies to a comment, oldest first'), params: IdParams, querystring: PageQuery, response: { 200: CommentPage, ...problemResponses(400, 404) } },
    },
    async (request) => interactions.replies(viewer(request), request.params.id, ...page(request.query)),
  );

  app.delete(
    '/api/comments/:id',
    {
      config: { auth: 'required' },
      schema: { ...read(['interactions'], 'Delete a comment (mine, or on my post)'), params: IdParams, response: { 204: NoContent, ...problemResponses(400, 401, 403, 404) } },
    },
    async (request, reply) => {
      await interactions.deleteComment(requireActor(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
}

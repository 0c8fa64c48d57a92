import type {
  BookmarkBody,
  Collection,
  CollectionList,
  Comment,
  CommentPage,
  CreateCommentBody,
  CreatePostBody,
  Hashtag,
  Post,
  PostPage,
  Profile,
  Relationship,
  UpdatePostBody,
  UserPage,
} from '@souk/contracts';
import { api, withQuery } from '../../lib/api.js';

export const PAGE_SIZE = 20;
const id = encodeURIComponent;
const page = (path: string, cursor?: string, extra: Record<string, string | undefined> = {}) =>
  withQuery(path, { ...extra, cursor, limit: PAGE_SIZE });

export const fetchProfile = (handle: string, signal?: AbortSignal) => api.get<Profile>(`/api/profiles/${id(handle)}`, signal);
export const fetchFollowers = (userId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<UserPage>(page(`/api/users/${id(userId)}/followers`, cursor), signal);
export const fetchFollowing = (userId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<UserPage>(page(`/api/users/${id(userId)}/following`, cursor), signal);
export const fetchFriends = (cursor?: string, signal?: AbortSignal) => api.get<UserPage>(page('/api/me/friends', cursor), signal);

export type RelationshipAction = 'follow' | 'block' | 'mute';
export const setRelationship = (userId: string, action: RelationshipAction, on: boolean) =>
  on ? api.put<Relationship>(`/api/users/${id(userId)}/${action}`, undefined) : api.delete<Relationship>(`/api/users/${id(userId)}/${action}`);

export const fetchUserPosts = (userId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(page(`/api/users/${id(userId)}/posts`, cursor), signal);
export const fetchFollowingTimeline = (cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(page('/api/timelines/following', cursor), signal);
export const fetchFriendsTimeline = (cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(page('/api/timelines/friends', cursor), signal);

export const createPost = (body: CreatePostBody) => api.post<Post>('/api/posts', body);
export const fetchPost = (postId: string, signal?: AbortSignal) => api.get<Post>(`/api/posts/${id(postId)}`, signal);
export const updatePost = (postId: string, body: UpdatePostBody) => api.patch<Post>(`/api/posts/${id(postId)}`, body);
export const deletePost = (postId: string) => api.delete<void>(`/api/posts/${id(postId)}`);

export const setLiked = (postId: string, liked: boolean) =>
  liked ? api.put<Post>(`/api/posts/${id(postId)}/like`, undefined) : api.delete<Post>(`/api/posts/${id(postId)}/like`);
export const fetchLikes = (postId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<UserPage>(page(`/api/posts/${id(postId)}/likes`, cursor), signal);

export const bookmark = (postId: string, body: BookmarkBody) => api.put<Post>(`/api/posts/${id(postId)}/bookmark`, body);
export const unbookmark = (postId: string) => api.delete<Post>(`/api/posts/${id(postId)}/bookmark`);
export const fetchBookmarks = (collectionId: string | undefined, cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(page('/api/me/bookmarks', cursor, { collectionId }), signal);
export const fetchCollections = (signal?: AbortSignal) => api.get<CollectionList>('/api/me/collections', signal);
export const createCollection = (name: string) => api.post<Collection>('/api/me/collections', { name });
export const deleteCollection = (collectionId: string) => api.delete<void>(`/api/me/collections/${id(collectionId)}`);

export const fetchComments = (postId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<CommentPage>(page(`/api/posts/${id(postId)}/comments`, cursor), signal);
export const fetchReplies = (commentId: string, cursor?: string, signal?: AbortSignal) =>
  api.get<CommentPage>(page(`/api/comments/${id(commentId)}/replies`, cursor), signal);
export const createComment = (postId: string, body: CreateCommentBody) => api.post<Comment>(`/api/posts/${id(postId)}/comments`, body);
export const deleteComment = (commentId: string) => api.delete<void>(`/api/comments/${id(commentId)}`);

export const fetchHashtag = (key: string, signal?: AbortSignal) => api.get<Hashtag>(`/api/hashtags/${id(key)}`, signal);
export const fetchHashtagPosts = (key: string, cursor?: string, signal?: AbortSignal) =>
  api.get<PostPage>(page(`/api/hashtags/${id(key)}/posts`, cursor), signal);

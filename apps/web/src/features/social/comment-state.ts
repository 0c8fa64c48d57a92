import type { Comment, CommentReply } from '@souk/contracts';

/**
 * Puts a comment the viewer just wrote where it belongs: a top-level one
 * first (the list is newest first), a reply at the end of its thread.
 */
export function insertComment(comments: Comment[], added: Comment): Comment[] {
  if (!added.parentId) return [added, ...comments.filter((comment) => comment.id !== added.id)];
  return comments.map((comment) =>
    comment.id === added.parentId
      ? { ...comment, replyCount: comment.replyCount + 1, replies: [...comment.replies.filter((reply) => reply.id !== added.id), added] }
      : comment,
  );
}

/** Removes a comment or a reply; returns how many comments disappeared (a thread takes its replies along). */
export function removeComment(comments: Comment[], id: string): { comments: Comment[]; removed: number } {
  const top = comments.find((comment) => comment.id === id);
  if (top) return { comments: comments.filter((comment) => comment.id !== id), removed: 1 + top.replyCount };
  let removed = 0;
  const next = comments.map((comment) => {
    if (!comment.replies.some((reply: CommentReply) => reply.id === id)) return comment;
    removed = 1;
    return { ...comment, replyCount: Math.max(0, comment.replyCount - 1), replies: comment.replies.filter((reply) => reply.id !== id) };
  });
  return { comments: next, removed };
}

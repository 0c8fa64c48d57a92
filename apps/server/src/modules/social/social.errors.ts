import { AppError } from '../../platform/http/errors.js';

/** Also what a post the viewer may not see looks like: its existence is not revealed. */
export class PostNotFoundError extends AppError {
  constructor() {
    super('not_found', 'POST_NOT_FOUND', 'No such post.');
  }
}

export class CommentNotFoundError extends AppError {
  constructor() {
    super('not_found', 'COMMENT_NOT_FOUND', 'No such comment.');
  }
}

export class CollectionNotFoundError extends AppError {
  constructor() {
    super('not_found', 'COLLECTION_NOT_FOUND', 'No such collection.');
  }
}

export class HashtagNotFoundError extends AppError {
  constructor() {
    super('not_found', 'HASHTAG_NOT_FOUND', 'No such hashtag.');
  }
}

export class BlockedError extends AppError {
  constructor() {
    super('forbidden', 'BLOCKED', 'You cannot interact with this account.');
  }
}

export class SelfRelationError extends AppError {
  constructor() {
    super('invalid', 'CANNOT_TARGET_SELF', 'You cannot do that to yourself.');
  }
}

export class NotPostAuthorError extends AppError {
  constructor() {
    super('forbidden', 'NOT_POST_AUTHOR', 'Only the author can change this post.');
  }
}

export class NotCommentAuthorError extends AppError {
  constructor() {
    super('forbidden', 'NOT_COMMENT_AUTHOR', 'Only the comment author or the post author can delete a comment.');
  }
}

export class EmptyPostError extends AppError {
  constructor() {
    super('invalid', 'EMPTY_POST', 'A post needs text or media.');
  }
}

export class InvalidTextError extends AppError {
  constructor() {
    super('invalid', 'INVALID_TEXT', 'The text contains control or direction-override characters.');
  }
}

export class InvalidPostMediaError extends AppError {
  constructor(detail: string) {
    super('invalid', 'INVALID_POST_MEDIA', detail);
  }
}

export class NotRepostableError extends AppError {
  constructor() {
    super('invalid', 'NOT_REPOSTABLE', 'Only public posts can be reposted.');
  }
}

export class RepostNotEditableError extends AppError {
  constructor() {
    super('invalid', 'REPOST_FIELDS', 'A repost has no title.');
  }
}

export class TooManyCollectionsError extends AppError {
  constructor(max: number) {
    super('conflict', 'TOO_MANY_COLLECTIONS', `You can have at most ${max} collections.`);
  }
}

import { AppError } from '../../platform/http/errors.js';

export class NotInterestedNotFoundError extends AppError {
  constructor() {
    super('not_found', 'NOT_INTERESTED_NOT_FOUND', 'No such "not interested" choice.');
  }
}

export class InvalidTopicError extends AppError {
  constructor() {
    super('invalid', 'INVALID_TOPIC', 'A topic needs a letter or a digit.');
  }
}

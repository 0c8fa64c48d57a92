import { AppError } from '../../platform/http/errors.js';

export class HandleTakenError extends AppError {
  constructor() {
    super('conflict', 'HANDLE_TAKEN', 'That handle is taken.');
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super('unauthenticated', 'INVALID_CREDENTIALS', 'Wrong handle or password.');
  }
}

export class WrongPasswordError extends AppError {
  constructor() {
    super('forbidden', 'WRONG_PASSWORD', 'The current password is wrong.');
  }
}

export class InvalidDisplayNameError extends AppError {
  constructor() {
    super('invalid', 'INVALID_DISPLAY_NAME', 'A display name needs visible characters and no control characters.');
  }
}

export class UserNotFoundError extends AppError {
  constructor() {
    super('not_found', 'USER_NOT_FOUND', 'No such user.');
  }
}

export class SessionNotFoundError extends AppError {
  constructor() {
    super('not_found', 'SESSION_NOT_FOUND', 'No such session.');
  }
}

export class OwnRoleChangeError extends AppError {
  constructor() {
    super('forbidden', 'CANNOT_CHANGE_OWN_ROLE', 'An admin cannot change their own role.');
  }
}

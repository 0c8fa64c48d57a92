import { AppError } from '../../platform/http/errors.js';

export class RedPacketNotFoundError extends AppError {
  constructor() {
    super('not_found', 'RED_PACKET_NOT_FOUND', 'No such red packet.');
  }
}

export class RedPacketEmptyError extends AppError {
  constructor() {
    super('conflict', 'RED_PACKET_EMPTY', 'Every share of this red packet has been taken.');
  }
}

export class RedPacketExpiredError extends AppError {
  constructor() {
    super('gone', 'RED_PACKET_EXPIRED', 'This red packet has expired; what was left went back to the sender.');
  }
}

export class RedPacketNotForYouError extends AppError {
  constructor() {
    super('forbidden', 'RED_PACKET_NOT_FOR_YOU', 'This red packet is for someone else.');
  }
}

export class RedPacketUnevenError extends AppError {
  constructor(amount: number, count: number) {
    super('unprocessable', 'RED_PACKET_UNEVEN', `${amount} minor units do not split into ${count} equal shares; choose a lucky split or another amount.`);
  }
}

export class RedPacketTooSmallError extends AppError {
  constructor(count: number) {
    super('unprocessable', 'RED_PACKET_TOO_SMALL', `Every share is at least one minor unit: ${count} shares need at least ${count}.`);
  }
}

export class RedPacketTooManySharesError extends AppError {
  constructor(count: number, recipients: number) {
    super('unprocessable', 'RED_PACKET_TOO_MANY_SHARES', `${count} shares for ${recipients} ${recipients === 1 ? 'recipient' : 'recipients'}: some could never be opened.`);
  }
}

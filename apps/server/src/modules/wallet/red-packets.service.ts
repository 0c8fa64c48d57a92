import { randomInt } from 'node:crypto';
import type { PublicUser, RedPacket, RedPacketBody, RedPacketPage, WalletParty } from '@souk/contracts';
import type { FastifyBaseLogger } from 'fastify';
import type { Events } from '../../platform/events/events.js';
import type { NotificationsService } from '../notifications/index.js';
import type { Clock } from '../../platform/clock.js';
import type { Database, TxContext } from '../../platform/db/database.js';
import type { IdempotentResponse } from '../../platform/http/idempotency.js';
import { newId } from '../../platform/ids.js';
import type { AccountsService } from '../accounts/index.js';
import type { Ledger } from './ledger.js';
import {
  RedPacketEmptyError,
  RedPacketExpiredError,
  RedPacketNotForYouError,
  RedPacketNotFoundError,
  RedPacketTooManySharesError,
  RedPacketTooSmallError,
  RedPacketUnevenError,
} from './red-packets.errors.js';
import type { ClaimedShare, RedPacketRecord, RedPacketSplit, RedPacketStore } from './red-packets.store.js';
import { RecipientNotFoundError, SelfTransferError } from './wallet.errors.js';
import { toParty, type WalletService } from './wallet.service.js';

export const RED_PACKET_TTL_MS = 24 * 3600_000;
const SWEEP_EVERY_MS = 60_000;
const EXPIRE_BATCH = 100;
const USER_ID = /^usr_[0-9A-Z]{26}$/;

/** A uniform random integer in [min, maxExclusive); crypto's by default, replaceable in tests. */
export type PickInt = (min: number, maxExclusive: number) => number;

/**
 * The shares of a packet, in the order they will be handed out; each at
 * least one minor unit, summing exactly to `amount`. Fixed: equal shares,
 * refused when the total does not divide. Lucky: WeChat's "double the mean" —
 * each share is uniform between one unit and twice the mean of what is left,
 * capped so every later share keeps its unit; the last takes the rest. Its
 * expected value is the mean at every position but later shares vary more,
 * so the order is shuffled.
 */
export function splitShares(amount: number, count: number, split: RedPacketSplit, pick: PickInt = randomInt): number[] {
  if (amount < count) throw new RedPacketTooSmallError(count);
  if (split === 'fixed') {
    if (amount % count !== 0) throw new RedPacketUnevenError(amount, count);
    return Array.from({ length: count }, () => amount / count);
  }
  const shares: number[] = [];
  let left = amount;
  for (let remaining = count; remaining > 1; remaining--) {
    const max = Math.min(Math.floor((2 * left) / remaining), left - (remaining - 1));
    const share = pick(1, max + 1);
    shares.push(share);
    left -= share;
  }
  shares.push(left);
  for (let i = shares.length - 1; i > 0; i--) {
    const j = pick(0, i + 1);
    [shares[i], shares[j]] = [shares[j]!, shares[i]!];
  }
  return shares;
}

/** Thrown inside a grab to undo its turn: the same user's other grab took a share first. */
class GrabbedMeanwhile extends Error {}

export interface RedPacketDeps {
  database: Database;
  store: RedPacketStore;
  ledger: Ledger;
  wallet: WalletService;
  accounts: AccountsService;
  clock: Clock;
  logger: FastifyBaseLogger;
  events: Events;
  notifications: NotificationsService;
}

/**
 * Red packets (红包). Sending moves the total from the sender's wallet to an
 * escrow account of the packet's own (owner key: the packet id), and splits
 * it into shares there and then, one row each. Grabs are first come, first
 * served: each takes the next turn on the packet's row (a conditional update)
 * and with it the share of that turn, and the share moves from the escrow to
 * the grabber's wallet in the same movement. After 24 hours the sweep marks
 * the packet expired (the same row, so never both) and returns what is left
 * to the sender in one entry. The escrow of a packet ends at zero: finished,
 * or expired and returned.
 *
 * Who may open: with a recipient list, only those listed (the sender may not
 * list themselves, as in WeChat's one-to-one packets); without one, anyone
 * with the link, the sender included (WeChat's group packets).
 */
export class RedPacketService {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(private readonly deps: RedPacketDeps) {}

  /** Named recipients hear of their packet by notification (the event is in the outbox, so none is lost). */
  subscribe(): void {
    const { events, notifications, accounts } = this.deps;
    events.handle('wallet.red_packet.sent', async ({ id, payload }) => {
      const actor = await accounts.getPublicUser(payload.senderId);
      for (const userId of payload.recipientIds) {
        await notifications.notify(userId, { kind: 'wallet.red_packet', data: { actor, packetId: payload.packetId, message: payload.message } }, `${id}:${userId}`);
      }
    });
  }

  start(): void {
    this.timer ??= setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = this.expireDue()
        .catch((error) => this.deps.logger.warn({ err: error }, 'red packet expiry sweep failed'))
        .finally(() => (this.sweeping = null));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  async send(senderId: string, body: RedPacketBody, idempotencyKey: string): Promise<IdempotentResponse<RedPacket>> {
    const { wallet, ledger, store, accounts, clock } = this.deps;
    wallet.assertCurrency(body.currency);
    const shares = splitShares(body.amount, body.count, body.split);
    const recipients = body.recipients ? await this.resolveRecipients(senderId, body.recipients) : null;
    if (recipients && body.count > recipients.length) throw new RedPacketTooManySharesError(body.count, recipients.length);
    const message = body.message?.normalize('NFC').trim() || null;
    const recipientIds = recipients?.map((user) => user.id).sort() ?? [];
    // The PIN is not part of what makes two requests the same; the shares are drawn anew by the one that runs.
    const request = { route: 'red_packet', amount: body.amount, currency: body.currency, count: body.count, split: body.split, message, recipients: recipientIds };
    const scope = { ownerId: senderId, key: idempotencyKey, request };
    const done = await wallet.checkPinUnlessDone<RedPacket>(scope, body.pin, body.amount > wallet.config.pinRequiredAbove);
    if (done) return done;
    const sender = toParty(await accounts.getPublicUser(senderId));
    return wallet.move(scope, async (tx) => {
      const now = clock.now();
      const packet: RedPacketRecord = {
        id: newId('rpk'),
        senderId,
        currency: body.currency,
        amount: body.amount,
        count: body.count,
        split: body.split,
        message,
        recipientCount: recipientIds.length,
        status: 'open',
        claimedCount: 0,
        claimedAmount: 0,
        expiresAt: new Date(now.getTime() + RED_PACKET_TTL_MS).toISOString(),
        createdAt: now.toISOString(),
        resolvedAt: null,
      };
      await wallet.spend(tx, senderId, packet.currency, packet.amount);
      const from = await ledger.account(tx, senderId, 'user_wallet', packet.currency);
      const escrow = await ledger.account(tx, packet.id, 'escrow', packet.currency);
      await ledger.post(tx, {
        kind: 'red_packet',
        memo: message,
        reference: packet.id,
        fromUser: senderId,
        postings: [
          { account: from, amount: -packet.amount },
          { account: escrow, amount: packet.amount },
        ],
      });
      await store.insert(tx.db, packet, shares, recipientIds);
      if (recipientIds.length > 0) await this.deps.events.emit(tx, 'wallet.red_packet.sent', { packetId: packet.id, senderId, recipientIds, message });
      wallet.balancesChanged(tx, [senderId]);
      return { status: 201, body: present(packet, { viewerId: senderId, sender, shares: [], users: new Map(), listed: false, now: packet.createdAt }) };
    });
  }

  /**
   * Grabs a share. Opening is idempotent per user: one grab each (a unique
   * index), so opening again (a retry after a lost answer, a second tap, a
   * replay by key) gets that user's grab back as the first answer gave it —
   * the same share, the packet as their grab left it — and moves nothing.
   * That is why the Idempotency-Key is optional here: a keyless retry is as
   * safe as a keyed one. Given, it still works as everywhere else: the same
   * key for another packet is refused.
   */
  async open(userId: string, packetId: string, idempotencyKey: string | null): Promise<IdempotentResponse<RedPacket>> {
    const { wallet, ledger, store, accounts, clock, database } = this.deps;
    const packet = await store.find(database.db, packetId);
    if (!packet) throw new RedPacketNotFoundError();
    if (packet.recipientCount > 0 && !(await store.listing(database.db, [packet.id], userId)).has(packet.id)) throw new RedPacketNotForYouError();
    const sender = toParty(await accounts.getPublicUser(packet.senderId));
    const scope = idempotencyKey ? { ownerId: userId, key: idempotencyKey, request: { route: 'red_packet_open', packetId } } : null;
    let outcome: IdempotentResponse<{ share: number } | null>;
    try {
      outcome = await wallet.move(scope, async (tx) => {
        const now = clock.now().toISOString();
        if ((await store.shareOf(tx.db, packetId, userId)) !== null) return { status: 200, body: null };
        const turn = await store.takeTurn(tx.db, packetId, now);
        if (turn === null) {
          const current = (await store.find(tx.db, packetId))!;
          throw current.status === 'expired' || current.expiresAt <= now ? new RedPacketExpiredError() : new RedPacketEmptyError();
        }
        // The same user opening twice at once: both passed the first check, the packet's row lock has ordered them since; this one's turn is undone.
        if ((await store.shareOf(tx.db, packetId, userId)) !== null) throw new GrabbedMeanwhile();
        const amount = await store.claimShare(tx.db, packetId, turn - 1, userId, now);
        if (amount === null) throw new Error(`red packet ${packetId}: share ${turn - 1} was handed out twice`);
        await store.addClaimed(tx.db, packetId, amount);
        const escrow = await ledger.account(tx, packetId, 'escrow', packet.currency);
        const to = await ledger.account(tx, userId, 'user_wallet', packet.currency);
        const entry = await ledger.post(tx, {
          kind: 'red_packet_share',
          memo: packet.message,
          reference: packetId,
          fromUser: packet.senderId,
          toUser: userId,
          postings: [
            { account: escrow, amount: -amount },
            { account: to, amount },
          ],
        });
        wallet.balancesChanged(tx, [userId]);
        wallet.received(tx, userId, {
          id: entry.id,
          kind: 'red_packet',
          amount,
          currency: packet.currency,
          counterparty: packet.senderId === userId ? null : sender,
          note: packet.message,
          reference: packetId,
          createdAt: entry.createdAt,
        });
        return { status: 200, body: { share: amount } };
      });
    } catch (error) {
      if (!(error instanceof GrabbedMeanwhile)) throw error;
      outcome = { status: 200, body: null, replayed: true };
    }
    // Null: the user had grabbed already, so this answers as that grab did.
    return { status: 200, replayed: outcome.replayed || outcome.body === null, body: await this.asGrabbed(userId, packet) };
  }

  /**
   * The packet as a user's grab left it: the shares taken up to theirs, in
   * turn order (the packet's row lock orders the turns), so a later open by
   * the same user gets exactly the answer their grab got.
   */
  private async asGrabbed(userId: string, packet: RedPacketRecord): Promise<RedPacket> {
    const { store, accounts, database } = this.deps;
    const claimed = await store.claimedShares(database.db, [packet.id]);
    const mine = claimed.find((share) => share.userId === userId)!;
    const shares = claimed.filter((share) => share.seq <= mine.seq);
    const users = await accounts.getPublicUsers([packet.senderId, ...shares.map((share) => share.userId)]);
    const last = shares.length === packet.count;
    const then: RedPacketRecord = {
      ...packet,
      status: last ? 'finished' : 'open',
      claimedCount: shares.length,
      claimedAmount: shares.reduce((sum, share) => sum + share.amount, 0),
      resolvedAt: last ? mine.claimedAt : null,
    };
    // Listed or not, they were let in: they hold a share.
    return present(then, { viewerId: userId, sender: partyOf(users, packet.senderId), shares, users, listed: true, now: mine.claimedAt });
  }

  async get(viewerId: string, packetId: string): Promise<RedPacket> {
    const packet = await this.deps.store.find(this.deps.database.db, packetId);
    if (!packet) throw new RedPacketNotFoundError();
    return (await this.presentAll(viewerId, [packet]))[0]!;
  }

  /** Packets the viewer sent or opened, newest first. */
  async list(viewerId: string, query: { cursor?: string; limit?: number }): Promise<RedPacketPage> {
    const page = await this.deps.store.pageFor(this.deps.database.db, viewerId, { cursor: query.cursor, limit: query.limit ?? 20 });
    return { items: await this.presentAll(viewerId, page.items), nextCursor: page.nextCursor };
  }

  /** Returns what is left of packets past their expiry; run every minute and by the wallet's sweep. */
  async expireDue(): Promise<number> {
    const { store, database, clock } = this.deps;
    let expired = 0;
    for (;;) {
      const ids = await store.dueIds(database.db, clock.now().toISOString(), EXPIRE_BATCH);
      for (const id of ids) if (await this.expire(id)) expired++;
      if (ids.length < EXPIRE_BATCH) return expired;
    }
  }

  /**
   * Expires one packet if it is open and past its expiry, returning the
   * remainder to the sender in one entry. False when there was nothing to do:
   * a concurrent sweep (in this process or another) got there first, or the
   * last share went meanwhile.
   */
  async expire(packetId: string): Promise<boolean> {
    const { wallet, store, clock } = this.deps;
    const outcome = await wallet.move(null, async (tx) => {
      const now = clock.now().toISOString();
      const packet = await store.expire(tx.db, packetId, now);
      if (!packet) return { status: 200, body: false };
      const remainder = packet.amount - packet.claimedAmount;
      if (remainder > 0) await this.giveBack(tx, packet, remainder);
      return { status: 200, body: true };
    });
    return outcome.body;
  }

  private async giveBack(tx: TxContext, packet: RedPacketRecord, remainder: number): Promise<void> {
    const { wallet, ledger } = this.deps;
    const escrow = await ledger.account(tx, packet.id, 'escrow', packet.currency);
    const to = await ledger.account(tx, packet.senderId, 'user_wallet', packet.currency);
    const entry = await ledger.post(tx, {
      kind: 'red_packet_return',
      memo: packet.message,
      reference: packet.id,
      toUser: packet.senderId,
      postings: [
        { account: escrow, amount: -remainder },
        { account: to, amount: remainder },
      ],
    });
    // Money that never left counts no more against the day it was sent (a past day's count is harmless).
    await wallet.unspend(tx, packet.senderId, packet.currency, remainder, packet.createdAt.slice(0, 10));
    wallet.balancesChanged(tx, [packet.senderId]);
    wallet.received(tx, packet.senderId, {
      id: entry.id,
      kind: 'red_packet',
      amount: remainder,
      currency: packet.currency,
      counterparty: null,
      note: packet.message,
      reference: packet.id,
      createdAt: entry.createdAt,
    });
  }

  /** Handles (with or without @, any case) and ids to users, once each; any unknown one refuses the packet. */
  private async resolveRecipients(senderId: string, refs: readonly string[]): Promise<PublicUser[]> {
    const { accounts } = this.deps;
    const trimmed = refs.map((ref) => ref.trim());
    const ids = trimmed.filter((ref) => USER_ID.test(ref));
    const handles = trimmed.filter((ref) => !USER_ID.test(ref)).map((ref) => ref.replace(/^@/, ''));
    const byId = await accounts.getPublicUsers(ids);
    const byHandle = new Map((handles.length > 0 ? await accounts.findByHandles(handles) : []).map((user) => [user.handle.toLowerCase(), user]));
    if (ids.some((id) => !byId.has(id)) || handles.some((handle) => !byHandle.has(handle.toLowerCase()))) throw new RecipientNotFoundError();
    const users = new Map([...byId.values(), ...byHandle.values()].map((user) => [user.id, user]));
    if (users.has(senderId)) throw new SelfTransferError();
    return [...users.values()];
  }

  private async presentAll(viewerId: string, packets: RedPacketRecord[]): Promise<RedPacket[]> {
    const { store, accounts, database, clock } = this.deps;
    const ids = packets.map((packet) => packet.id);
    const [shares, listed] = [await store.claimedShares(database.db, ids), await store.listing(database.db, ids, viewerId)];
    const users = await accounts.getPublicUsers([...packets.map((packet) => packet.senderId), ...shares.map((share) => share.userId)]);
    const now = clock.now().toISOString();
    return packets.map((packet) =>
      present(packet, {
        viewerId,
        sender: partyOf(users, packet.senderId),
        shares: shares.filter((share) => share.packetId === packet.id),
        users,
        listed: listed.has(packet.id),
        now,
      }),
    );
  }
}

function partyOf(users: Map<string, PublicUser>, id: string): WalletParty {
  const user = users.get(id);
  return user ? toParty(user) : { id, handle: '', displayName: '', avatarUrl: null };
}

function present(
  packet: RedPacketRecord,
  context: { viewerId: string; sender: WalletParty; shares: ClaimedShare[]; users: Map<string, PublicUser>; listed: boolean; now: string },
): RedPacket {
  const { viewerId, sender, shares, users, listed, now } = context;
  // An open packet past its expiry is expired already, swept or not: the grab refuses it the same way.
  const status = packet.status === 'open' && packet.expiresAt <= now ? 'expired' : packet.status;
  const mine = shares.find((share) => share.userId === viewerId);
  const allowed = packet.recipientCount === 0 || listed;
  return {
    id: packet.id,
    sender,
    amount: packet.amount,
    currency: packet.currency,
    count: packet.count,
    split: packet.split,
    message: packet.message,
    status,
    claimedCount: shares.length,
    claimedAmount: shares.reduce((sum, share) => sum + share.amount, 0),
    myShare: mine?.amount ?? null,
    canOpen: status === 'open' && mine === undefined && allowed,
    shares: [...shares]
      .sort((a, b) => a.seq - b.seq)
      .map((share) => ({ user: partyOf(users, share.userId), amount: share.amount, claimedAt: share.claimedAt })),
    expiresAt: packet.expiresAt,
    createdAt: packet.createdAt,
  };
}

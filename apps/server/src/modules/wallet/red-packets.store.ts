import { sql, type Kysely } from 'kysely';
import { toIso, toIsoOrNull } from '../../platform/db/columns.js';
import { keysetPage, type Page } from '../../platform/db/pagination.js';
import { tables } from '../../platform/db/tables.js';

type Timestamp = string | Date;

interface RedPacketTables {
  red_packets: {
    id: string;
    sender_id: string;
    currency: string;
    amount: number | string;
    share_count: number;
    split: string;
    message: string | null;
    recipient_count: number;
    status: string;
    claimed_count: number;
    claimed_amount: number | string;
    expires_at: Timestamp;
    created_at: Timestamp;
    resolved_at: Timestamp | null;
  };
  red_packet_shares: { packet_id: string; seq: number; amount: number | string; claimed_by: string | null; claimed_at: Timestamp | null };
  red_packet_recipients: { packet_id: string; user_id: string };
}

const db$ = (db: Kysely<any>) => tables<RedPacketTables>(db);

export type RedPacketSplit = 'fixed' | 'lucky';
export type RedPacketStatus = 'open' | 'finished' | 'expired';

export interface RedPacketRecord {
  id: string;
  senderId: string;
  currency: string;
  amount: number;
  count: number;
  split: RedPacketSplit;
  message: string | null;
  /** 0: anyone with the link may open it. */
  recipientCount: number;
  status: RedPacketStatus;
  claimedCount: number;
  claimedAmount: number;
  expiresAt: string;
  createdAt: string;
  resolvedAt: string | null;
}

export interface ClaimedShare {
  packetId: string;
  seq: number;
  amount: number;
  userId: string;
  claimedAt: string;
}

const INSERT_CHUNK = 200;

const toPacket = (row: RedPacketTables['red_packets']): RedPacketRecord => ({
  id: row.id,
  senderId: row.sender_id,
  currency: row.currency,
  amount: Number(row.amount),
  count: row.share_count,
  split: row.split as RedPacketSplit,
  message: row.message,
  recipientCount: row.recipient_count,
  status: row.status as RedPacketStatus,
  claimedCount: row.claimed_count,
  claimedAmount: Number(row.claimed_amount),
  expiresAt: toIso(row.expires_at),
  createdAt: toIso(row.created_at),
  resolvedAt: toIsoOrNull(row.resolved_at),
});

export class RedPacketStore {
  /** The packet, its shares in the order they will be handed out, and who may open it. */
  async insert(db: Kysely<any>, packet: RedPacketRecord, shares: readonly number[], recipientIds: readonly string[]): Promise<void> {
    await db$(db)
      .insertInto('red_packets')
      .values({
        id: packet.id,
        sender_id: packet.senderId,
        currency: packet.currency,
        amount: packet.amount,
        share_count: packet.count,
        split: packet.split,
        message: packet.message,
        recipient_count: packet.recipientCount,
        status: packet.status,
        claimed_count: 0,
        claimed_amount: 0,
        expires_at: packet.expiresAt,
        created_at: packet.createdAt,
        resolved_at: null,
      })
      .execute();
    // In chunks: a thousand shares in one statement would pass SQLite's older limit on bound parameters.
    for (let start = 0; start < shares.length; start += INSERT_CHUNK) {
      const rows = shares.slice(start, start + INSERT_CHUNK).map((amount, index) => ({ packet_id: packet.id, seq: start + index, amount, claimed_by: null, claimed_at: null }));
      await db$(db).insertInto('red_packet_shares').values(rows).execute();
    }
    for (let start = 0; start < recipientIds.length; start += INSERT_CHUNK) {
      const rows = recipientIds.slice(start, start + INSERT_CHUNK).map((userId) => ({ packet_id: packet.id, user_id: userId }));
      await db$(db).insertInto('red_packet_recipients').values(rows).execute();
    }
  }

  async find(db: Kysely<any>, id: string): Promise<RedPacketRecord | null> {
    const row = await db$(db).selectFrom('red_packets').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPacket(row) : null;
  }

  async findMany(db: Kysely<any>, ids: readonly string[]): Promise<RedPacketRecord[]> {
    if (ids.length === 0) return [];
    return (await db$(db).selectFrom('red_packets').selectAll().where('id', 'in', [...ids]).execute()).map(toPacket);
  }

  /** Of these packets, the ones that list the user as a recipient. */
  async listing(db: Kysely<any>, packetIds: readonly string[], userId: string): Promise<Set<string>> {
    if (packetIds.length === 0) return new Set();
    const rows = await db$(db)
      .selectFrom('red_packet_recipients')
      .select('packet_id')
      .where('packet_id', 'in', [...packetIds])
      .where('user_id', '=', userId)
      .execute();
    return new Set(rows.map((row) => row.packet_id));
  }

  /** What the user got from this packet, or null when they have not opened it. */
  async shareOf(db: Kysely<any>, packetId: string, userId: string): Promise<number | null> {
    const row = await db$(db).selectFrom('red_packet_shares').select('amount').where('packet_id', '=', packetId).where('claimed_by', '=', userId).executeTakeFirst();
    return row ? Number(row.amount) : null;
  }

  /**
   * Takes the next turn at an open, unexpired packet that still has a share:
   * returns the turn's number (1 for the first grab), or null when there is
   * none to take. The check and the increment are one statement on the
   * packet's row, so concurrent grabbers queue on its lock and each gets a
   * different turn; PostgreSQL re-checks the conditions on the row as the
   * previous holder left it. The last turn finishes the packet.
   */
  async takeTurn(db: Kysely<any>, packetId: string, now: string): Promise<number | null> {
    const row = await db$(db)
      .updateTable('red_packets')
      .set({
        claimed_count: sql`claimed_count + 1`,
        status: sql`CASE WHEN claimed_count + 1 >= share_count THEN 'finished' ELSE status END`,
        resolved_at: sql`CASE WHEN claimed_count + 1 >= share_count THEN ${now} ELSE resolved_at END`,
      })
      .where('id', '=', packetId)
      .where('status', '=', 'open')
      .where('claimed_count', '<', sql<number>`share_count`)
      .where('expires_at', '>', now)
      .returning('claimed_count')
      .executeTakeFirst();
    return row ? row.claimed_count : null;
  }

  /** Hands share `seq` to the user; null if it was already taken (never, for a turn from takeTurn). */
  async claimShare(db: Kysely<any>, packetId: string, seq: number, userId: string, now: string): Promise<number | null> {
    const row = await db$(db)
      .updateTable('red_packet_shares')
      .set({ claimed_by: userId, claimed_at: now })
      .where('packet_id', '=', packetId)
      .where('seq', '=', seq)
      .where('claimed_by', 'is', null)
      .returning('amount')
      .executeTakeFirst();
    return row ? Number(row.amount) : null;
  }

  async addClaimed(db: Kysely<any>, packetId: string, amount: number): Promise<void> {
    await db$(db)
      .updateTable('red_packets')
      .set({ claimed_amount: sql`claimed_amount + ${amount}` })
      .where('id', '=', packetId)
      .execute();
  }

  /**
   * Marks an open packet past its expiry as expired and returns it as it
   * stands (what was claimed, hence what is left), or null when it was not
   * open any more: finished, or expired by another sweep that got there first.
   * It takes the same row lock as a grab, so the two never overlap.
   */
  async expire(db: Kysely<any>, packetId: string, now: string): Promise<RedPacketRecord | null> {
    const row = await db$(db)
      .updateTable('red_packets')
      .set({ status: 'expired', resolved_at: now })
      .where('id', '=', packetId)
      .where('status', '=', 'open')
      .where('expires_at', '<=', now)
      .returningAll()
      .executeTakeFirst();
    return row ? toPacket(row) : null;
  }

  async dueIds(db: Kysely<any>, now: string, limit: number): Promise<string[]> {
    const rows = await db$(db)
      .selectFrom('red_packets')
      .select('id')
      .where('status', '=', 'open')
      .where('expires_at', '<=', now)
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => row.id);
  }

  /** The claimed shares of these packets, in the order they were taken. */
  async claimedShares(db: Kysely<any>, packetIds: readonly string[]): Promise<ClaimedShare[]> {
    if (packetIds.length === 0) return [];
    const rows = await db$(db)
      .selectFrom('red_packet_shares')
      .select(['packet_id', 'seq', 'amount', 'claimed_by', 'claimed_at'])
      .where('packet_id', 'in', [...packetIds])
      .where('claimed_by', 'is not', null)
      .orderBy('packet_id')
      .orderBy('seq')
      .execute();
    return rows.map((row) => ({ packetId: row.packet_id, seq: row.seq, amount: Number(row.amount), userId: row.claimed_by!, claimedAt: toIso(row.claimed_at!) }));
  }

  /** Every share of a packet, claimed or not, in handing-out order (for checks and tests). */
  async shares(db: Kysely<any>, packetId: string): Promise<Array<{ seq: number; amount: number; userId: string | null }>> {
    const rows = await db$(db).selectFrom('red_packet_shares').select(['seq', 'amount', 'claimed_by']).where('packet_id', '=', packetId).orderBy('seq').execute();
    return rows.map((row) => ({ seq: row.seq, amount: Number(row.amount), userId: row.claimed_by }));
  }

  /** Packets the user sent or opened, newest first (ids are time-ordered). */
  async pageFor(db: Kysely<any>, userId: string, options: { cursor?: string; limit: number }): Promise<Page<RedPacketRecord>> {
    const query = db$(db)
      .selectFrom('red_packets')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb('sender_id', '=', userId),
          eb('id', 'in', eb.selectFrom('red_packet_shares').select('packet_id').where('claimed_by', '=', userId)),
        ]),
      );
    const page = await keysetPage(query, { idColumn: 'id', direction: 'desc', cursor: options.cursor, limit: options.limit, idOf: (row) => row.id });
    return { items: page.items.map(toPacket), nextCursor: page.nextCursor };
  }
}

import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { columnType } from '../../../platform/db/columns.js';

/** Red packets: the packet, its shares (computed at creation, one row each) and who may open it. */
export const createRedPackets: ModuleMigration = {
  name: '20261124_043_red_packets',
  async up(db, dialect) {
    const timestamp = columnType.timestamp(dialect);
    await db.schema
      .createTable('red_packets')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sender_id', 'text', (c) => c.notNull())
      .addColumn('currency', 'text', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('share_count', 'integer', (c) => c.notNull())
      .addColumn('split', 'text', (c) => c.notNull())
      .addColumn('message', 'text')
      // 0: anyone with the link may open it; otherwise only the users in red_packet_recipients.
      .addColumn('recipient_count', 'integer', (c) => c.notNull())
      // open → finished (every share claimed) | expired (the remainder went back). Every grab and the
      // expiry change this row first, so they queue on its lock and never both win.
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('claimed_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('claimed_amount', 'bigint', (c) => c.notNull().defaultTo(0))
      .addColumn('expires_at', timestamp, (c) => c.notNull())
      .addColumn('created_at', timestamp, (c) => c.notNull())
      .addColumn('resolved_at', timestamp)
      .execute();
    await db.schema.createIndex('red_packets_sender').on('red_packets').columns(['sender_id', 'id']).execute();
    await db.schema.createIndex('red_packets_open').on('red_packets').columns(['status', 'expires_at']).execute();

    await db.schema
      .createTable('red_packet_shares')
      .addColumn('packet_id', 'text', (c) => c.notNull())
      // Shares are handed out in seq order: the n-th grab takes seq n-1.
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('amount', 'bigint', (c) => c.notNull())
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_at', timestamp)
      .addPrimaryKeyConstraint('red_packet_shares_pk', ['packet_id', 'seq'])
      // One grab per user per packet (NULLs, the unclaimed shares, never collide).
      .addUniqueConstraint('red_packet_shares_one_per_user', ['packet_id', 'claimed_by'])
      .execute();
    await db.schema.createIndex('red_packet_shares_user').on('red_packet_shares').columns(['claimed_by', 'packet_id']).execute();

    await db.schema
      .createTable('red_packet_recipients')
      .addColumn('packet_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('red_packet_recipients_pk', ['packet_id', 'user_id'])
      .execute();
  },
};

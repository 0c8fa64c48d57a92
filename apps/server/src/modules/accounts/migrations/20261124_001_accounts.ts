import type { ModuleMigration } from '../../../platform/db/migrations.js';
import { booleanDefault, columnType } from '../../../platform/db/columns.js';

export const createAccounts: ModuleMigration = {
  name: '20261124_001_accounts',
  async up(db, dialect) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('handle', 'text', (c) => c.notNull())
      // Lower-cased handle: unique and looked up case-insensitively on both dialects.
      .addColumn('handle_key', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('avatar_key', 'text')
      .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
      .addColumn('verified', columnType.boolean(dialect), (c) => c.notNull().defaultTo(booleanDefault(dialect, false)))
      .addColumn('locale', 'text')
      .addColumn('password_hash', 'text', (c) => c.notNull())
      .addColumn('created_at', columnType.timestamp(dialect), (c) => c.notNull())
      .addColumn('updated_at', columnType.timestamp(dialect), (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
      // SHA-256 of the token: a leaked database does not leak usable sessions.
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('user_agent', 'text')
      .addColumn('ip', 'text')
      .addColumn('created_at', columnType.timestamp(dialect), (c) => c.notNull())
      .addColumn('last_seen_at', columnType.timestamp(dialect), (c) => c.notNull())
      .addColumn('expires_at', columnType.timestamp(dialect), (c) => c.notNull())
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').columns(['user_id', 'id']).execute();
  },
};

import type { ModuleMigration } from '../../../platform/db/migrations.js';

/** What a notification is about (a post, a comment…), so deleting that thing deletes its notifications. */
export const createNotificationSubjects: ModuleMigration = {
  name: '20261124_021_notification_subjects',
  async up(db) {
    await db.schema
      .createTable('notification_subjects')
      .addColumn('notification_id', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('notification_subjects_pk', ['subject_id', 'notification_id'])
      .execute();
    await db.schema.createIndex('notification_subjects_notification').on('notification_subjects').columns(['notification_id']).execute();
  },
};

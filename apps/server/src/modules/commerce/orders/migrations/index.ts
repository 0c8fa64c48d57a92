import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { createOrders } from './20261124_062_orders.js';

export const ordersMigrations: ModuleMigration[] = [createOrders];

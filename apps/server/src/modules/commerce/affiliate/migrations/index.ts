import type { ModuleMigration } from '../../../../platform/db/migrations.js';
import { createAffiliate } from './20261124_064_affiliate.js';
import { createAffiliateViews } from './20261124_065_affiliate_views.js';
import { addReviewEdits } from './20261124_066_affiliate_review_edits.js';

export const affiliateMigrations: ModuleMigration[] = [createAffiliate, createAffiliateViews, addReviewEdits];

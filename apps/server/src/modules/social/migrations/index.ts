import { createSocial } from './20261124_020_social.js';
import { indexPullAuthors } from './20261124_032_social_pull_authors.js';

export const socialMigrations = [createSocial, indexPullAuthors];

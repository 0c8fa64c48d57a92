import { createSocial } from './20261124_020_social.js';

export const socialMigrations = [createSocial];

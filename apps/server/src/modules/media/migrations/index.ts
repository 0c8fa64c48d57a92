import { createMediaAssets } from './20261124_010_media.js';

export const mediaMigrations = [createMediaAssets];

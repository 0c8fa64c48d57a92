export { exposureReport, type ExposureReport } from './bias.js';
export { defaultEngineConfig } from './config.js';
export { createFeedEngine } from './engine.js';
export type * from './types.js';

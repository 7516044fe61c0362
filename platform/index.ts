/** platform: logger, metrics registry, config loading, errors, ids, typed events, async tools. */
export * from './errors.js';
export * from './events.js';
export * from './async.js';
export * from './ids.js';
export * from './clock.js';
export * from './logger.js';
export * from './metrics.js';
export * from './config.js';
export * from './signedToken.js';
export * from './blobs/index.js';

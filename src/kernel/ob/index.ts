export * from './object-types.js';
export * from './directory.js';
export * from './namespace.js';

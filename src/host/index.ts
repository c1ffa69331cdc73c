export * from './file-source.js';
export * from './walk.js';

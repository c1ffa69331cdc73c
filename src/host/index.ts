export * from './file-source.js';
export * from './walk.js';
export * from './host-folder.js';

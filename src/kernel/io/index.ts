export * from './file-system.js';
export * from './names.js';
export * from './memory-file-system.js';
export * from './volume.js';
export * from './io-manager.js';
export * from './overlay-file-system.js';
export * from './file-constants.js';
export * from './file-object.js';

export * from './constants.js';
export * from './cid-table.js';
export * from './notify.js';
export * from './objects.js';
export * from './ps-system.js';
export * from './create-process.js';
export * from './system-process.js';

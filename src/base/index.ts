export * from './ntstatus.js';
export * from './errors.js';
export * from './hex.js';
export * from './bytes.js';
export * from './trace/index.js';
export * from './layout/index.js';
export * from './winerror.js';

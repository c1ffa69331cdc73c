export * from './types.js';
export * from './service-table.js';
export * from './dispatch.js';
export * from './gate.js';

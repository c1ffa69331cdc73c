export * from './rtl/index.js';
export * from './nt/index.js';

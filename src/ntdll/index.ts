export * from './rtl/index.js';
export * from './nt/index.js';
export * from './ldr/index.js';
export * from './csr/index.js';
export * from './dbg/index.js';

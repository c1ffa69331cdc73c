// The Windows subsystem: CSRSS (csrss/) and win32k's process and thread callouts (win32k/).
export * from './csrss/index.js';
export * from './win32k/index.js';

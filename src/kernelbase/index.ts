// KernelBase: the Win32 API over ntdll; NTSTATUS becomes the last error here.
export * from './loader.js';
export * from './process-handles.js';
export * from './process/index.js';
export * from './debug.js';
export * from './job.js';
export * from './registry.js';
export * from './memory.js';

// Kernel drivers the machine can load: a Sysmon-like monitor (notify routines and object callbacks).
export * from './sysmon.js';

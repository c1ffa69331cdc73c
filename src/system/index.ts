export * from './machine.js';
export { getSystemImage, SYSTEM_IMAGE_NAMES, type SystemImage } from './images/index.js';
export { bootMachine, type BootedMachine, type BootMode, type BootOptions } from './boot.js';

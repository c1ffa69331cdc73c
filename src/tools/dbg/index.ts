export { DbgEngine, COMMANDS, PROMPT, parseCommand, splitCommands } from './engine.js';
export { DbgTarget } from './target.js';
export { completeLine } from './complete.js';

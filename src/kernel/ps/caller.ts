import type { KPROCESSOR_MODE } from '../se/index.js';
import type { EPROCESS, ETHREAD } from './objects.js';

/** The caller of a system service: its process and thread, and PreviousMode. */
export interface PsCaller {
  process: EPROCESS;
  thread: ETHREAD | null;
  previousMode: KPROCESSOR_MODE;
}

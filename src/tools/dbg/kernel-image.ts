import { LAYOUT_19045_X64 as T, structLayout, writeField } from '../../base/index.js';
import type { EJOB, EPROCESS, ETHREAD } from '../../kernel/ps/index.js';

/**
 * Kernel objects are typed objects in the model (ARCHITECTURE.md, "User-mode structures are
 * bytes… Kernel objects are typed objects, with a layout table"). The console shows them as bytes:
 * each field the model holds is written at its offset in the build's layout table (the same table
 * the model writes the PEB and TEB with), everything else stays zero like a fresh pool allocation.
 * `!process`, `dt` and `db` all read these getters, so they agree by construction.
 */

/** What an object's image needs from the rest of the machine: other objects' addresses. */
export interface KernelAddressBook {
  processAddress(p: EPROCESS | null): bigint;
  threadAddress(t: ETHREAD | null): bigint;
  /** EPROCESS.Token's object (0 when the token has no object). */
  token(p: EPROCESS): bigint;
  job(p: EPROCESS): bigint;
  section(p: EPROCESS): bigint;
  /** Display addresses of win32k's W32PROCESS and dxgkrnl's DXGPROCESS (0 when absent). */
  win32Process(p: EPROCESS): bigint;
  dxgProcess(p: EPROCESS): bigint;
  /** The neighbours on PsActiveProcessHead (null at either end: the head is not modelled). */
  activeNeighbours(p: EPROCESS): [EPROCESS | null, EPROCESS | null];
}

type Getter<O> = (o: O, k: KernelAddressBook) => bigint | number;

/** _EX_FAST_REF.RefCnt as ObInitializeFastReference leaves it: MAX_FAST_REFS, 15 on x64 (WRK ob/fastref.c). */
const MAX_FAST_REFS = 15n;

/** KTHREAD_STATE (WRK ke.h / ReactOS ketypes.h): Initialized 0, Ready 1, Running 2, Standby 3, Terminated 4, Waiting 5. */
const KTHREAD_STATE: Readonly<Record<ETHREAD['State'], number>> = {
  Initialized: 0,
  Ready: 1,
  Running: 2,
  Terminated: 4,
  Waiting: 5,
};

const EPROCESS_THREAD_LIST = 0x4e8; // ETHREAD.ThreadListEntry
const KPROCESS_THREAD_LIST = 0x2f8; // KTHREAD.ThreadListEntry
const ACTIVE_LINKS = 0x448; // EPROCESS.ActiveProcessLinks

const link = (base: bigint, offset: number): bigint => (base === 0n ? 0n : base + BigInt(offset));

/** [first, last] thread entries of a process's thread list, as addresses of the link in each. */
function threadEnds(p: EPROCESS, k: KernelAddressBook, offset: number): [bigint, bigint] {
  const first = p.threads[0];
  const last = p.threads[p.threads.length - 1];
  return [first ? link(k.threadAddress(first), offset) : 0n, last ? link(k.threadAddress(last), offset) : 0n];
}

/** The EPROCESS fields the model holds, by `dt` path (internals.md §1.1–1.3). */
export const EPROCESS_FIELDS: readonly (readonly [string, Getter<EPROCESS>])[] = [
  ['Pcb.Header.Type', () => 3], // ProcessObject (internals.md §1.1: _DISPATCHER_HEADER.Type)
  ['Pcb.ThreadListHead.Flink', (p, k) => threadEnds(p, k, KPROCESS_THREAD_LIST)[0]],
  ['Pcb.ThreadListHead.Blink', (p, k) => threadEnds(p, k, KPROCESS_THREAD_LIST)[1]],
  ['Pcb.BasePriority', (p) => p.BasePriority],
  // KPROCESS.SecureState.SecureHandle: a trustlet's handle in the secure kernel (bit 0 SecureProcess).
  ['Pcb.SecureState.SecureHandle', (p) => p.SecureState],
  ['UniqueProcessId', (p) => p.UniqueProcessId],
  ['ActiveProcessLinks.Flink', (p, k) => link(k.processAddress(k.activeNeighbours(p)[1]), ACTIVE_LINKS)],
  ['ActiveProcessLinks.Blink', (p, k) => link(k.processAddress(k.activeNeighbours(p)[0]), ACTIVE_LINKS)],
  ['Flags2', (p) => p.Flags2 >>> 0],
  ['Flags', (p) => p.Flags >>> 0],
  ['CreateTime.QuadPart', (p) => BigInt.asIntN(64, p.CreateTime)],
  ['Token.Value', (p, k) => (k.token(p) === 0n ? 0n : k.token(p) | MAX_FAST_REFS)],
  ['Win32Process', (p, k) => k.win32Process(p)],
  ['Job', (p, k) => k.job(p)],
  // EPROCESS.ServerSilo (@0x870): the server silo's EJOB, 0 for a host process (kernel/ps silo.ts).
  ['ServerSilo', (p) => p.ServerSilo?.header?.bodyAddress ?? 0n],
  // EPROCESS.DebugPort: the DEBUG_OBJECT's body (DEBUG_PROCESS, DebugActiveProcess).
  ['DebugPort', (p) => p.DebugPort?.header?.bodyAddress ?? 0n],
  ['SectionObject', (p, k) => k.section(p)],
  ['SectionBaseAddress', (p) => p.SectionBaseAddress],
  ['InheritedFromUniqueProcessId', (p) => p.InheritedFromUniqueProcessId],
  ['Peb', (p) => p.Peb],
  ['ObjectTable', (p) => p.ObjectTable?.address ?? 0n],
  ['ThreadListHead.Flink', (p, k) => threadEnds(p, k, EPROCESS_THREAD_LIST)[0]],
  ['ThreadListHead.Blink', (p, k) => threadEnds(p, k, EPROCESS_THREAD_LIST)[1]],
  ['ActiveThreads', (p) => p.activeThreads],
  ['ExitStatus', (p) => p.ExitStatus | 0],
  ['ExitTime.QuadPart', (p) => BigInt.asIntN(64, p.ExitTime)],
  ['SignatureLevel', (p) => p.SignatureLevel & 0xff],
  ['SectionSignatureLevel', (p) => p.SectionSignatureLevel & 0xff],
  ['Protection.Level', (p) => p.Protection & 0xff],
  ['Flags3', (p) => p.Flags3 >>> 0],
  ['DxgProcess', (p, k) => k.dxgProcess(p)],
  ['MitigationFlags', (p) => p.MitigationFlags >>> 0],
  ['MitigationFlags2', (p) => p.MitigationFlags2 >>> 0],
];

/** The ETHREAD fields the model holds (internals.md §1.4–1.5). */
export const ETHREAD_FIELDS: readonly (readonly [string, Getter<ETHREAD>])[] = [
  ['Tcb.Header.Type', () => 6], // ThreadObject
  ['Tcb.Teb', (t) => t.Teb],
  ['Tcb.State', (t) => KTHREAD_STATE[t.State]],
  ['Tcb.ApcState.Process', (t, k) => k.processAddress(t.process)],
  ['Tcb.Process', (t, k) => k.processAddress(t.process)],
  ['Tcb.SuspendCount', (t) => t.SuspendCount],
  ['Tcb.SecureThreadCookie', (t) => t.SecureThreadCookie],
  ['Tcb.ThreadListEntry.Flink', (t, k) => siblingLink(t, k, 1, KPROCESS_THREAD_LIST, 0x30)],
  ['Tcb.ThreadListEntry.Blink', (t, k) => siblingLink(t, k, -1, KPROCESS_THREAD_LIST, 0x30)],
  ['CreateTime.QuadPart', (t) => BigInt.asIntN(64, t.CreateTime)],
  ['StartAddress', (t) => t.StartAddress],
  ['Cid.UniqueProcess', (t) => t.Cid.UniqueProcess],
  ['Cid.UniqueThread', (t) => t.Cid.UniqueThread],
  ['Win32StartAddress', (t) => t.Win32StartAddress],
  ['ThreadListEntry.Flink', (t, k) => siblingLink(t, k, 1, EPROCESS_THREAD_LIST, 0x5e0)],
  ['ThreadListEntry.Blink', (t, k) => siblingLink(t, k, -1, EPROCESS_THREAD_LIST, 0x5e0)],
  ['ExitStatus', (t) => t.ExitStatus | 0],
];

/** The EJOB fields the layout table has (the silo ones, internals.md §9) that the model holds. */
export const EJOB_FIELDS: readonly (readonly [string, Getter<EJOB>])[] = [
  ['JobId', (j) => j.JobId],
  ['ServerSiloGlobals', (j) => j.ServerSiloGlobals?.address ?? 0n],
  ['JobFlags', (j) => j.JobFlags >>> 0],
];

/** The next/previous thread's link, or the process's list head at either end (a circular list). */
function siblingLink(t: ETHREAD, k: KernelAddressBook, step: 1 | -1, linkOffset: number, headOffset: number) {
  const list = t.process.threads;
  const other = list[list.indexOf(t) + step];
  return other ? link(k.threadAddress(other), linkOffset) : link(k.processAddress(t.process), headOffset);
}

/** One field's value as the image holds it (the getter's, or 0 for a field the model lacks). */
export function eprocessField(p: EPROCESS, k: KernelAddressBook, path: string): bigint {
  const g = EPROCESS_GETTERS.get(path);
  return g ? BigInt(g(p, k)) : 0n;
}
const EPROCESS_GETTERS = new Map(EPROCESS_FIELDS);

function encode<O>(
  struct: string,
  o: O,
  k: KernelAddressBook,
  fields: readonly (readonly [string, Getter<O>])[],
): Uint8Array {
  const bytes = new Uint8Array(structLayout(T, struct).size);
  const view = new DataView(bytes.buffer);
  for (const [path, get] of fields) {
    const v = get(o, k);
    writeField(view, 0, T, struct, path, typeof v === 'bigint' ? BigInt.asUintN(64, v) : v);
  }
  return bytes;
}

/** The EPROCESS as 0xa40 bytes at the 19045 offsets. */
export function eprocessImage(p: EPROCESS, k: KernelAddressBook): Uint8Array {
  const bytes = encode('_EPROCESS', p, k, EPROCESS_FIELDS);
  // ImageFileName: UCHAR[15], the first 15 bytes of the image's base name (PspAllocateProcess).
  const name = p.ImageFileName.slice(0, 15);
  for (let i = 0; i < name.length; i++) bytes[0x5a8 + i] = name.charCodeAt(i) & 0xff;
  return bytes;
}

/** The EJOB as 0x640 bytes (its silo fields at their §9 offsets). */
export function ejobImage(j: EJOB, k: KernelAddressBook): Uint8Array {
  return encode('_EJOB', j, k, EJOB_FIELDS);
}

/** The ETHREAD as 0x898 bytes at the 19045 offsets. */
export function ethreadImage(t: ETHREAD, k: KernelAddressBook): Uint8Array {
  return encode('_ETHREAD', t, k, ETHREAD_FIELDS);
}

import { resolveField, STATUS, structLayout, type NTSTATUS } from '../../base/index.js';
import type { AddressSpace } from './address-space.js';
import { MEM, MM_ALLOCATION_GRANULARITY, PAGE, PAGE_SIZE, pageAlignUp } from './constants.js';
import type { ImageControlArea } from './image-section.js';
import { structBytes } from './struct-bytes.js';
import type { MmSystem } from './system.js';
import { Vad } from './vad.js';

export interface ClientId {
  uniqueProcess: number;
  uniqueThread: number;
}

/** INITIAL_TEB as RtlCreateUserStack fills it. */
export interface UserStack {
  /** The top of the stack (NT_TIB.StackBase). */
  stackBase: number;
  /** The lowest committed byte above the guard page (NT_TIB.StackLimit). */
  stackLimit: number;
  /** The reservation's base (TEB.DeallocationStack). */
  deallocationStack: number;
}

const ONE_MB = 0x100000;

/**
 * The thread's user stack as RtlpCreateUserStack makes it (ReactOS sdk/lib/rtl/thread.c): sizes
 * default to the image's SizeOfStackReserve/SizeOfStackCommit; a commit at least the reserve makes
 * the reserve the commit rounded to 1 MB; the commit is rounded to a page and the reserve to 64 KB.
 * One reservation (a private VAD): the top `commit` bytes committed PAGE_READWRITE, and below them
 * one PAGE_READWRITE | PAGE_GUARD page when the reservation has room, so the stack grows on demand.
 */
export function createUserStack(
  as: AddressSpace,
  reserve: number,
  commit: number,
): { status: NTSTATUS; value?: UserStack } {
  let r = reserve;
  let c = commit;
  if (c >= r) r = Math.ceil(c / ONE_MB) * ONE_MB;
  c = pageAlignUp(c);
  r = Math.ceil(r / MM_ALLOCATION_GRANULARITY) * MM_ALLOCATION_GRANULARITY;
  const res = as.allocateVirtualMemory(0, r, MEM.RESERVE, PAGE.READWRITE);
  if (res.status !== STATUS.SUCCESS) return { status: res.status };
  const base = res.baseAddress;
  const top = base + res.regionSize;
  let bottom = top - c;
  const guard = r > c;
  if (guard) bottom -= PAGE_SIZE;
  const com = as.allocateVirtualMemory(bottom, top - bottom, MEM.COMMIT, PAGE.READWRITE);
  if (com.status !== STATUS.SUCCESS) {
    as.freeVirtualMemory(base, 0, MEM.RELEASE);
    return { status: com.status };
  }
  if (guard) as.protectVirtualMemory(bottom, PAGE_SIZE, PAGE.READWRITE | PAGE.GUARD);
  return {
    status: STATUS.SUCCESS,
    value: { stackBase: top, stackLimit: guard ? bottom + PAGE_SIZE : bottom, deallocationStack: base },
  };
}

export interface TebInputs {
  peb: number;
  clientId: ClientId;
  /** Stack sizes; the image's SizeOfStackReserve/Commit when absent. */
  stack?: { reserve?: number; commit?: number };
  /** The image whose header gives the default stack sizes. */
  image?: ImageControlArea | null;
  /** The process's first thread (SameTebFlags.InitialThread). */
  initialThread?: boolean;
  /** TEB.CurrentLocale (PsDefaultThreadLocaleId): 0x409, en-US, by default. */
  currentLocale?: number;
}

export interface CreatedTeb extends UserStack {
  teb: number;
}

/** 261 WCHARs: TEB.StaticUnicodeBuffer, which StaticUnicodeString describes. */
const STATIC_UNICODE_BUFFER_BYTES = 261 * 2;

/**
 * MmCreateTeb with the thread's user stack: the TEB (0x1838 bytes: two pages on x64) goes at the
 * lowest free pages above the PEB — the first thread's right after it, as `!teb` shows on x64
 * (PEB at …b000, TEB at …c000) — and is written as ReactOS MmCreateTeb writes it: NT_TIB
 * (StackBase, StackLimit, Self), ClientId and RealClientId, ProcessEnvironmentBlock, CurrentLocale,
 * StaticUnicodeString over StaticUnicodeBuffer, DeallocationStack.
 */
export function MmCreateTeb(
  system: MmSystem,
  as: AddressSpace,
  inputs: TebInputs,
): { status: NTSTATUS; value?: CreatedTeb } {
  const layout = system.layout;
  const size = pageAlignUp(structLayout(layout, '_TEB').size);
  const at = as.findFree(size, { alignment: PAGE_SIZE, from: inputs.peb + PAGE_SIZE });
  if (at === null) return { status: STATUS.NO_MEMORY };
  const oh = inputs.image?.image.optionalHeader;
  const reserve = inputs.stack?.reserve || Number(oh?.SizeOfStackReserve ?? ONE_MB) || ONE_MB;
  const commit = inputs.stack?.commit || Number(oh?.SizeOfStackCommit ?? PAGE_SIZE) || PAGE_SIZE;
  const vad = new Vad(at, at + size, 'private', PAGE.READWRITE, [
    { start: 0, end: size / PAGE_SIZE, state: MEM.COMMIT, protect: PAGE.READWRITE },
  ]);
  as.insertVad(vad);
  const stack = createUserStack(as, reserve, commit);
  if (!stack.value) {
    as.removeVad(vad);
    return { status: stack.status };
  }
  const tebBytes = structBytes(layout, '_TEB');
  const set = tebBytes.set;
  set('NtTib.StackBase', stack.value.stackBase);
  set('NtTib.StackLimit', stack.value.stackLimit);
  set('NtTib.Self', at);
  set('ClientId.UniqueProcess', inputs.clientId.uniqueProcess);
  set('ClientId.UniqueThread', inputs.clientId.uniqueThread);
  set('RealClientId.UniqueProcess', inputs.clientId.uniqueProcess);
  set('RealClientId.UniqueThread', inputs.clientId.uniqueThread);
  set('ProcessEnvironmentBlock', inputs.peb);
  set('CurrentLocale', inputs.currentLocale ?? 0x409);
  set('StaticUnicodeString.MaximumLength', STATIC_UNICODE_BUFFER_BYTES);
  set('StaticUnicodeString.Buffer', at + resolveField(layout, '_TEB', 'StaticUnicodeBuffer').offset);
  set('DeallocationStack', stack.value.deallocationStack);
  if (inputs.initialThread) set('SameTebFlags.InitialThread', 1);
  tebBytes.flush(as, at);
  return { status: STATUS.SUCCESS, value: { teb: at, ...stack.value } };
}

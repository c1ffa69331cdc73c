import { structLayout, writeField, type LayoutTable } from '../../base/index.js';
import { PAGE, PAGE_SIZE } from './constants.js';
import { MmCreateDataSection, type Section } from './section.js';

/** What the kernel records in KUSER_SHARED_DATA at boot (the fields the model fills). */
export interface SharedUserDataInputs {
  buildNumber: number;
  majorVersion: number;
  minorVersion: number;
  /** NtSystemRoot: `C:\Windows`. */
  systemRoot: string;
  numberOfPhysicalPages: number;
  numberOfProcessors: number;
  /** Random per boot (the pointer-encoding cookie). */
  cookie: number;
}

/** IMAGE_FILE_MACHINE_AMD64: ImageNumberLow/High, the machine images must be for. */
const IMAGE_FILE_MACHINE_AMD64 = 0x8664;
/** PROCESSOR_ARCHITECTURE_AMD64 (winnt.h). */
const PROCESSOR_ARCHITECTURE_AMD64 = 9;
/** NT_PRODUCT_TYPE NtProductWinNt: a workstation (client) system. */
const NT_PRODUCT_WIN_NT = 1;
/** NX_SUPPORT_POLICY_OPTIN: DEP's default on client Windows (Microsoft Learn, "Data Execution Prevention"). */
const NX_SUPPORT_POLICY_OPTIN = 2;

/**
 * KUSER_SHARED_DATA: one page the kernel writes and every process maps read-only at 0x7FFE0000
 * (Windows Internals 7 ch. 4 and 5; ntddk.h). Built once per boot as a section whose single page
 * all address spaces share; the fields are written through the build's layout table. Time fields
 * (InterruptTime, SystemTime, TickCount) are left to the clock.
 */
export function MiCreateSharedUserData(layout: LayoutTable, inputs: SharedUserDataInputs): Section {
  const { value: section } = MmCreateDataSection({ size: PAGE_SIZE, protect: PAGE.READONLY });
  const page = section!.controlArea.writablePage(0);
  const view = new DataView(page.buffer, page.byteOffset, PAGE_SIZE);
  const K = '_KUSER_SHARED_DATA';
  if (structLayout(layout, K).size > PAGE_SIZE) throw new RangeError('KUSER_SHARED_DATA exceeds a page');
  const set = (path: string, value: number | bigint): void => writeField(view, 0, layout, K, path, value);
  // The tick is 15.625 ms: 0x0FA00000 = 15.625 × 2^24 (the value public dumps show).
  set('TickCountMultiplier', 0x0fa00000);
  set('ImageNumberLow', IMAGE_FILE_MACHINE_AMD64);
  set('ImageNumberHigh', IMAGE_FILE_MACHINE_AMD64);
  const root = inputs.systemRoot.slice(0, 259);
  for (let i = 0; i < root.length; i++) set(`NtSystemRoot[${i}]`, root.charCodeAt(i));
  set('LargePageMinimum', 0x200000);
  set('NtBuildNumber', inputs.buildNumber);
  set('NtProductType', NT_PRODUCT_WIN_NT);
  set('ProductTypeIsValid', 1);
  set('NativeProcessorArchitecture', PROCESSOR_ARCHITECTURE_AMD64);
  set('NtMajorVersion', inputs.majorVersion);
  set('NtMinorVersion', inputs.minorVersion);
  set('NXSupportPolicy', NX_SUPPORT_POLICY_OPTIN);
  set('ActiveConsoleId', 1);
  set('NumberOfPhysicalPages', inputs.numberOfPhysicalPages);
  // `ret`: what TestRetInstruction holds on every x64 system.
  set('TestRetInstruction', 0xc3);
  set('QpcFrequency', 10_000_000);
  set('Cookie', inputs.cookie >>> 0);
  set('ActiveProcessorCount', inputs.numberOfProcessors);
  set('ActiveGroupCount', 1);
  return section!;
}

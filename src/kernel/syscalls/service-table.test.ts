import { describe, expect, it } from 'vitest';
import {
  KiServiceLimit,
  KiServiceTable,
  systemServiceByName,
  systemServiceByNumber,
} from './service-table.js';

// Windows 10 22H2 (19045) x64, j00ru/windows-syscalls x64/csv/nt.csv column "Windows 10 (22H2)".
const DOCUMENTED: [string, number][] = [
  ['NtWaitForSingleObject', 0x004],
  ['NtClose', 0x00f],
  ['NtOpenKey', 0x012],
  ['NtQueryValueKey', 0x017],
  ['NtAllocateVirtualMemory', 0x018],
  ['NtQueryInformationProcess', 0x019],
  ['NtSetInformationProcess', 0x01c],
  ['NtCreateKey', 0x01d],
  ['NtFreeVirtualMemory', 0x01e],
  ['NtOpenProcess', 0x026],
  ['NtMapViewOfSection', 0x028],
  ['NtUnmapViewOfSection', 0x02a],
  ['NtTerminateProcess', 0x02c],
  ['NtOpenProcessTokenEx', 0x030],
  ['NtOpenFile', 0x033],
  ['NtQuerySystemInformation', 0x036],
  ['NtOpenSection', 0x037],
  ['NtWriteVirtualMemory', 0x03a],
  ['NtDuplicateObject', 0x03c],
  ['NtQueryAttributesFile', 0x03d],
  ['NtReadVirtualMemory', 0x03f],
  ['NtDuplicateToken', 0x042],
  ['NtCreateEvent', 0x048],
  ['NtCreateSection', 0x04a],
  ['NtCreateProcessEx', 0x04d],
  ['NtProtectVirtualMemory', 0x050],
  ['NtResumeThread', 0x052],
  ['NtCreateFile', 0x055],
  ['NtOpenDirectoryObject', 0x058],
  ['NtSetValueKey', 0x060],
  ['NtAlpcSendWaitReceivePort', 0x08c],
  ['NtAssignProcessToJobObject', 0x08f],
  ['NtCopyFileChunk', 0x0a3],
  ['NtCreateJobObject', 0x0ae],
  ['NtCreateThreadEx', 0x0c2],
  ['NtCreateUserProcess', 0x0c9],
  ['NtOpenSymbolicLinkObject', 0x12e],
  ['NtOpenThread', 0x12f],
  ['NtOpenProcessToken', 0x129],
  ['NtQuerySymbolicLinkObject', 0x15f],
  ['NtQueueApcThreadEx2', 0x167],
  ['NtSetInformationJobObject', 0x199],
  ['NtSuspendThread', 0x1be],
  ['NtLoadKey3', 0x1d7],
  ['NtWaitLowEventPair', 0x1d8],
];

describe('KiServiceTable (Windows 10 22H2 x64)', () => {
  it.each(DOCUMENTED)('%s is service %i', (name, number) => {
    expect(systemServiceByName(name)).toEqual({ number, name });
    expect(systemServiceByNumber(number)?.name).toBe(name);
  });
  it('holds 473 services numbered 0 to 0x1D8 without gaps (KiServiceLimit 0x1D9)', () => {
    expect(KiServiceLimit).toBe(0x1d9);
    expect(KiServiceTable.length).toBe(473);
    KiServiceTable.forEach((s, i) => expect(s.number).toBe(i));
  });
  it('has no duplicate names, and every name is an Nt* service', () => {
    const names = KiServiceTable.map((s) => s.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^Nt[A-Z][A-Za-z0-9]+$/);
  });
  it('starts as it has since Windows 10 1507 (per j00ru)', () => {
    expect(KiServiceTable.slice(0, 4).map((s) => s.name)).toEqual([
      'NtAccessCheck',
      'NtWorkerFactoryWorkerReady',
      'NtAcceptConnectPort',
      'NtMapUserPhysicalPagesScatter',
    ]);
  });
  it('answers undefined past KiServiceLimit, for shadow-table numbers and for non-numbers', () => {
    expect(systemServiceByNumber(0x1d9)).toBeUndefined();
    expect(systemServiceByNumber(0x1000)).toBeUndefined();
    expect(systemServiceByNumber(-1)).toBeUndefined();
    expect(systemServiceByNumber(1.5)).toBeUndefined();
    expect(systemServiceByName('ntclose')).toBeUndefined();
    expect(systemServiceByName('ZwClose')).toBeUndefined();
  });
});

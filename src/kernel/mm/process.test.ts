import { describe, expect, it } from 'vitest';
import { readField, STATUS, structLayout } from '../../base/index.js';
import { buildApiSetSchema, parseApiSetSchema, writePe } from '../../pe/index.js';
import { AddressSpace } from './address-space.js';
import { MEM, MM_SHARED_USER_DATA_VA, PAGE } from './constants.js';
import { MmCreatePeb } from './peb.js';
import { MmInitializeProcessAddressSpace } from './process-address-space.js';
import { RTL_USER_PROC_PARAMS_NORMALIZED, writeProcessParameters } from './process-parameters.js';
import { MmCreateTeb } from './teb.js';
import type { MmSystem } from './system.js';
import { bootMm } from './test-support.js';

const EXE = writePe({ kind: 'exe', subsystem: 'windows', tlsCallbacks: 1 });
const SCHEMA = buildApiSetSchema([
  { name: 'api-ms-win-core-synch-l1-2-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
  { name: 'api-ms-win-core-file-l1-2-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
]);

/** A structure read out of the process, and its fields read through the layout table. */
function struct(
  sys: MmSystem,
  as: AddressSpace,
  name: string,
  va: number,
): (path: string) => number | bigint {
  const bytes = as.read(va, structLayout(sys.layout, name).size);
  const view = new DataView(bytes.buffer);
  return (path) => readField(view, 0, sys.layout, name, path);
}
const num = (v: number | bigint): number => Number(v);

function createProcess(seed = 1) {
  const sys = bootMm(seed);
  const section = sys.imageSection('\\Device\\HarddiskVolume3\\app.exe', () => EXE).value!;
  const as = new AddressSpace();
  const init = MmInitializeProcessAddressSpace(sys, as, { imageSection: section });
  const imageBase = init.imageView!.baseAddress;
  const peb = MmCreatePeb(sys, as, { imageBase, image: section, apiSetSchema: SCHEMA, sessionId: 1 }).value!;
  const params = writeProcessParameters(
    sys,
    as,
    {
      imagePathName: 'C:\\Program Files\\App\\app.exe',
      commandLine: '"C:\\Program Files\\App\\app.exe" /x',
      currentDirectory: 'C:\\Users\\me',
      dllPath: '',
      windowTitle: 'C:\\Program Files\\App\\app.exe',
      desktopInfo: 'WinSta0\\Default',
      environment: { Path: 'C:\\Windows\\system32', TEMP: 'C:\\Temp' },
      standardOutput: 0x44,
    },
    peb.peb,
  ).value!;
  const teb = MmCreateTeb(sys, as, {
    peb: peb.peb,
    clientId: { uniqueProcess: 0x1234, uniqueThread: 0x1238 },
    image: section.image,
    initialThread: true,
  }).value!;
  return { sys, as, section, imageBase, peb, params, teb, init };
}

describe('MmCreatePeb', () => {
  it('writes the PEB as real x64 bytes, read back through the layout table', () => {
    const { sys, as, imageBase, peb, params } = createProcess();
    const f = struct(sys, as, '_PEB', peb.peb);
    expect(num(f('ImageBaseAddress'))).toBe(imageBase);
    expect(num(f('ProcessParameters'))).toBe(params.address);
    expect(f('Ldr')).toBe(0n);
    expect(f('Mutant')).toBe(0xffffffffffffffffn);
    expect(f('BeingDebugged')).toBe(0);
    expect(f('IsImageDynamicallyRelocated')).toBe(1);
    expect(f('IsProtectedProcess')).toBe(0);
    expect([f('OSMajorVersion'), f('OSMinorVersion'), f('OSBuildNumber'), f('OSPlatformId')]).toEqual([
      10, 0, 19045, 2,
    ]);
    expect([f('ImageSubsystem'), f('ImageSubsystemMajorVersion'), f('ImageSubsystemMinorVersion')]).toEqual([
      2, 6, 0,
    ]);
    expect([f('NumberOfProcessors'), f('SessionId'), f('NtGlobalFlag')]).toEqual([4, 1, 0]);
    expect(f('ActiveProcessAffinityMask')).toBe(0xfn);
    expect(f('CriticalSectionTimeout.QuadPart')).toBe(-25_920_000_000_000n);
    expect([f('HeapSegmentReserve'), f('HeapSegmentCommit')]).toEqual([0x100000n, 0x2000n]);
    expect(as.queryVirtualMemory(peb.peb).info).toMatchObject({
      RegionSize: 0x1000,
      State: MEM.COMMIT,
      Protect: PAGE.READWRITE,
      Type: MEM.PRIVATE,
    });
  });

  it('maps the API set schema read-only and points ApiSetMap at it (schema version 6)', () => {
    const { sys, as, peb } = createProcess();
    const map = num(struct(sys, as, '_PEB', peb.peb)('ApiSetMap'));
    expect(map).toBe(peb.apiSetMap);
    expect(as.u32(map)).toBe(6);
    const parsed = parseApiSetSchema(as.read(map, as.u32(map + 4)));
    expect(parsed.contracts.map((c) => c.name)).toEqual([
      'api-ms-win-core-file-l1-2-0',
      'api-ms-win-core-synch-l1-2-0',
    ]);
    expect(as.queryVirtualMemory(map).info).toMatchObject({ Type: MEM.MAPPED, Protect: PAGE.READONLY });
    expect(() => as.writeU32(map, 7)).toThrow('access violation');
    // One schema section for the boot: another process maps the same pages.
    expect(sys.apiSetSection(SCHEMA)).toBe(sys.apiSetSection(SCHEMA));
  });

  it('is deterministic for a seed', () => {
    const a = createProcess(5);
    const b = createProcess(5);
    expect([a.peb.peb, a.teb.teb, a.imageBase]).toEqual([b.peb.peb, b.teb.teb, b.imageBase]);
    expect(a.peb.peb % 0x1000).toBe(0);
  });
});

describe('RTL_USER_PROCESS_PARAMETERS', () => {
  it('are normalized, with the strings right after the structure and the environment after them', () => {
    const { sys, as, params } = createProcess();
    const f = struct(sys, as, '_RTL_USER_PROCESS_PARAMETERS', params.address);
    const str = (path: string): string => as.readUtf16(num(f(`${path}.Buffer`)), num(f(`${path}.Length`)));
    expect(str('CommandLine')).toBe('"C:\\Program Files\\App\\app.exe" /x');
    expect(str('ImagePathName')).toBe('C:\\Program Files\\App\\app.exe');
    expect(str('CurrentDirectory.DosPath')).toBe('C:\\Users\\me\\');
    expect(str('DesktopInfo')).toBe('WinSta0\\Default');
    expect(num(f('Flags')) & RTL_USER_PROC_PARAMS_NORMALIZED).toBe(1);
    expect(f('StandardOutput')).toBe(0x44n);
    // CurrentDirectory first, with room for 260 characters; then DllPath, ImagePathName, CommandLine.
    expect(num(f('CurrentDirectory.DosPath.Buffer'))).toBe(params.address + 0x440);
    expect(f('CurrentDirectory.DosPath.MaximumLength')).toBe(520);
    expect(num(f('DllPath.Buffer'))).toBe(params.address + 0x440 + 520);
    expect(num(f('ImagePathName.Buffer'))).toBe(params.address + 0x440 + 524);
    expect([f('ImagePathName.Length'), f('ImagePathName.MaximumLength')]).toEqual([56, 58]);
    expect(as.u16(num(f('ImagePathName.Buffer')) + 56)).toBe(0);
    expect(f('MaximumLength')).toBe(params.length);
    expect(f('Length')).toBe(params.length);
    expect(num(f('Environment'))).toBe(params.environment);
    const env = as.readUtf16(params.environment, num(f('EnvironmentSize')));
    expect(env).toBe('Path=C:\\Windows\\system32\0TEMP=C:\\Temp\0\0');
  });
});

describe('MmCreateTeb', () => {
  it('writes NT_TIB, the client id and the PEB pointer, and reserves the stack', () => {
    const { sys, as, peb, teb } = createProcess();
    expect(teb.teb).toBe(peb.peb + 0x1000);
    const f = struct(sys, as, '_TEB', teb.teb);
    expect(num(f('NtTib.Self'))).toBe(teb.teb);
    expect(num(f('ProcessEnvironmentBlock'))).toBe(peb.peb);
    expect([f('ClientId.UniqueProcess'), f('ClientId.UniqueThread')]).toEqual([0x1234n, 0x1238n]);
    expect(f('RealClientId.UniqueThread')).toBe(0x1238n);
    expect(num(f('NtTib.StackBase'))).toBe(teb.stackBase);
    expect(num(f('NtTib.StackLimit'))).toBe(teb.stackLimit);
    expect(num(f('DeallocationStack'))).toBe(teb.deallocationStack);
    expect(num(f('StaticUnicodeString.Buffer'))).toBe(teb.teb + 0x1268);
    expect(f('InitialThread')).toBe(1);
    expect(f('CurrentLocale')).toBe(0x409);
    // The writer's images ask for a 1 MB stack, one page committed: one reservation, the top page
    // committed, a guard page below it.
    expect(teb.stackBase - teb.deallocationStack).toBe(0x100000);
    expect(teb.stackBase - teb.stackLimit).toBe(0x1000);
    const q = (va: number) => as.queryVirtualMemory(va).info!;
    expect(q(teb.stackLimit)).toMatchObject({
      State: MEM.COMMIT,
      Protect: PAGE.READWRITE,
      RegionSize: 0x1000,
    });
    expect(q(teb.stackLimit - 0x1000)).toMatchObject({
      State: MEM.COMMIT,
      Protect: PAGE.READWRITE | PAGE.GUARD,
    });
    expect(q(teb.deallocationStack)).toMatchObject({
      State: MEM.RESERVE,
      AllocationBase: teb.deallocationStack,
    });
    expect(q(teb.teb)).toMatchObject({ RegionSize: 0x2000, Protect: PAGE.READWRITE, Type: MEM.PRIVATE });
  });
});

describe('KUSER_SHARED_DATA and the process address space', () => {
  it('is one read-only page at 0x7FFE0000 that every process shares', () => {
    const { sys, as } = createProcess();
    const f = struct(sys, as, '_KUSER_SHARED_DATA', MM_SHARED_USER_DATA_VA);
    expect([f('NtMajorVersion'), f('NtMinorVersion'), f('NtBuildNumber')]).toEqual([10, 0, 19045]);
    expect([f('NtProductType'), f('NativeProcessorArchitecture'), f('ImageNumberLow')]).toEqual([
      1, 9, 0x8664,
    ]);
    expect([f('NumberOfPhysicalPages'), f('ActiveProcessorCount'), f('NXSupportPolicy')]).toEqual([
      0x200000, 4, 2,
    ]);
    expect(as.readUtf16(MM_SHARED_USER_DATA_VA + 0x30, 20)).toBe('C:\\Windows');
    expect(as.u16(MM_SHARED_USER_DATA_VA + 0x30 + 20)).toBe(0);
    expect(as.queryVirtualMemory(MM_SHARED_USER_DATA_VA).info).toEqual({
      BaseAddress: MM_SHARED_USER_DATA_VA,
      AllocationBase: MM_SHARED_USER_DATA_VA,
      AllocationProtect: PAGE.READONLY,
      RegionSize: 0x1000,
      State: MEM.COMMIT,
      Protect: PAGE.READONLY,
      Type: MEM.PRIVATE,
    });
    expect(() => as.writeU8(MM_SHARED_USER_DATA_VA, 1)).toThrow('access violation');
    expect(as.protectVirtualMemory(MM_SHARED_USER_DATA_VA, 1, PAGE.READWRITE).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    expect(as.freeVirtualMemory(MM_SHARED_USER_DATA_VA, 0, MEM.RELEASE).status).toBe(
      STATUS.INVALID_PAGE_PROTECTION,
    );
    const other = new AddressSpace();
    MmInitializeProcessAddressSpace(sys, other);
    expect(other.read(MM_SHARED_USER_DATA_VA, 0x720)).toEqual(as.read(MM_SHARED_USER_DATA_VA, 0x720));
  });

  it('a minimal process gets nothing mapped; a process costs a few KB of its own memory', () => {
    const sys = bootMm();
    const minimal = new AddressSpace();
    expect(MmInitializeProcessAddressSpace(sys, minimal, { minimal: true }).status).toBe(STATUS.SUCCESS);
    expect(minimal.vadList.length).toBe(0);
    const { as } = createProcess();
    // KUSER, image, API set view, PEB, parameters, TEB, stack.
    expect(as.stats()).toEqual({ vads: 7, privatePages: 4, privateBytes: 0xe00 });
  });

  it('reading unmapped memory fails with the right status', () => {
    const { as } = createProcess();
    expect(as.readVirtualMemory(0x10000, 8)).toMatchObject({ status: STATUS.PARTIAL_COPY, transferred: 0 });
    expect(as.readVirtualMemory(0xffff800000000000, 8).status).toBe(STATUS.ACCESS_VIOLATION);
    expect(() => as.u64(0)).toThrow('access violation: read at 0x0');
  });
});

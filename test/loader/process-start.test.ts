import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { LAYOUT_19045_X64 } from '../../src/base/index.js';
import { readPebLdr, RtlHashUnicodeString } from '../../src/ntdll/index.js';
import { dll, loaderLab } from './support.js';

const APP = 'C:\\App\\app.exe';

/** app → a, b; a → c; b → c, d (the init-order fixture of test/real/loader as synthesized images). */
function graphLab() {
  return loaderLab({
    [APP]: { kind: 'exe', imports: { 'a.dll': ['A'], 'b.dll': ['B'] } },
    'C:\\App\\a.dll': dll(['A'], { 'c.dll': ['C'] }),
    'C:\\App\\b.dll': dll(['B'], { 'c.dll': ['C'], 'd.dll': ['D'] }),
    'C:\\App\\c.dll': dll(['C']),
    'C:\\App\\d.dll': dll(['D'], {}, { tlsCallbacks: 2 }),
  });
}

describe('LdrpInitializeProcess: load and initialization order', () => {
  it('maps breadth-first after kernel32/kernelbase and initialises depth-first, dependencies first', () => {
    const lab = graphLab();
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.SUCCESS);
    expect(s.g.modules.map((m) => m.baseName)).toEqual([
      'app.exe',
      'ntdll.dll',
      'kernel32.dll',
      'kernelbase.dll',
      'a.dll',
      'b.dll',
      'c.dll',
      'd.dll',
    ]);
    expect(s.g.initOrder).toEqual(['kernelbase.dll', 'kernel32.dll', 'c.dll', 'a.dll', 'd.dll', 'b.dll']);
    const pid = s.process!.UniqueProcessId;
    // TLS callbacks run before the DLL's DllMain (LdrpInitializeNode); the exe has no DllMain.
    expect(lab.executed(pid).filter((x) => !/kernel/.test(x))).toEqual([
      'c.dll:DllMain:1',
      'a.dll:DllMain:1',
      'd.dll:TlsCallback:1',
      'd.dll:TlsCallback:1',
      'd.dll:DllMain:1',
      'b.dll:DllMain:1',
    ]);
    expect(s.ldr!.entryPoint).toBe(s.g.entryPoint);
    expect(s.g.entryPoint).toBe(
      s.g.modules[0]!.base + s.g.modules[0]!.image.optionalHeader.AddressOfEntryPoint,
    );
  });

  it('leaves PEB.Ldr with the three lists as bytes in the process, as a debugger reads them', () => {
    const lab = graphLab();
    const s = lab.start(APP);
    const peb = s.process!.Peb;
    const view = readPebLdr(s.process!.addressSpace!, LAYOUT_19045_X64, peb)!;
    expect(view.initialized).toBe(true);
    expect(view.inLoadOrder.map((e) => e.baseDllName)).toEqual(s.g.modules.map((m) => m.baseName));
    expect(view.inMemoryOrder.map((e) => e.baseDllName)).toEqual(s.g.modules.map((m) => m.baseName));
    expect(view.inInitializationOrder.map((e) => e.baseDllName)).toEqual(['ntdll.dll', ...s.g.initOrder]);
    const a = view.inLoadOrder.find((e) => e.baseDllName === 'a.dll')!;
    expect(a.fullDllName).toBe('C:\\App\\a.dll');
    expect(a.loadCount).toBe(0xffffffff); // pinned: loaded at process start
    expect(a.ddagState).toBe(9); // LdrModulesReadyToRun
    expect(a.loadReason).toBe(0); // LoadReasonStaticDependency
    const as = s.process!.addressSpace!;
    expect(as.u32(a.entry + 0x108)).toBe(RtlHashUnicodeString('a.dll')); // BaseNameHashValue
    expect(as.ptr(peb + 0x30)).not.toBe(0); // ProcessHeap
    // d.dll has TLS: index 0, in its LDR entry and the thread's ThreadLocalStoragePointer.
    const d = view.inLoadOrder.find((e) => e.baseDllName === 'd.dll')!;
    expect(d.tlsIndex).toBe(0);
    expect(as.ptr(s.thread!.Teb + 0x58)).not.toBe(0);
  });

  it('records the dependency graph as LDR_DDAG_NODE edges in memory', () => {
    const s = graphLab().start(APP);
    const as = s.process!.addressSpace!;
    const b = s.g.byName.get('b.dll')!;
    const tail = as.ptr(b.ddag + 0x28); // Dependencies.Tail
    const names: string[] = [];
    let at = as.ptr(tail);
    for (let i = 0; i < 10; i++) {
      names.push(s.g.byDdag.get(as.ptr(at + 0x8))!.baseName); // _LDRP_CSLIST_ENTRY.DependencyNode
      if (at === tail) break;
      at = as.ptr(at);
    }
    expect(names).toEqual(['c.dll', 'd.dll']);
  });

  it('fires the image-load notify routine for each DLL it maps', () => {
    const lab = graphLab();
    const seen: string[] = [];
    lab.booted.kernel.ps.notify.PsSetLoadImageNotifyRoutine((name) =>
      seen.push(name.slice(name.lastIndexOf('\\') + 1)),
    );
    lab.start(APP);
    // The kernel's two (the exe, ntdll) at creation, then one per DLL the loader maps.
    expect(seen).toEqual([
      'app.exe',
      'ntdll.dll',
      'kernel32.dll',
      'kernelbase.dll',
      'a.dll',
      'b.dll',
      'c.dll',
      'd.dll',
    ]);
  });

  it('a native image gets no kernel32', () => {
    const lab = loaderLab({ 'C:\\App\\n.exe': { kind: 'exe', subsystem: 'native', imports: {} } });
    const s = lab.start('C:\\App\\n.exe');
    expect(s.status).toBe(STATUS.SUCCESS);
    expect(s.g.modules.map((m) => m.baseName)).toEqual(['n.exe', 'ntdll.dll']);
  });
});

describe('LdrpInitializeProcess: failures end the process with the loader status', () => {
  it('a missing DLL is STATUS_DLL_NOT_FOUND, no DllMain runs, and the process exits with it', () => {
    const lab = loaderLab({
      [APP]: { kind: 'exe', imports: { 'a.dll': ['A'], 'nothere.dll': ['X'] } },
      'C:\\App\\a.dll': dll(['A']),
    });
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.DLL_NOT_FOUND);
    expect(s.g.missing).toEqual([
      { name: 'nothere.dll', importedBy: 'app.exe', status: STATUS.DLL_NOT_FOUND },
    ]);
    expect(lab.executed(s.process!.UniqueProcessId).some((x) => x.startsWith('a.dll'))).toBe(false);
    expect(s.process!.ExitStatus).toBe(STATUS.DLL_NOT_FOUND);
  });

  it('a missing export is STATUS_ENTRYPOINT_NOT_FOUND; a missing ordinal STATUS_ORDINAL_NOT_FOUND', () => {
    const lab = loaderLab({
      [APP]: { kind: 'exe', imports: { 'a.dll': ['A', 'Nope'] } },
      'C:\\App\\o.exe': { kind: 'exe', imports: { 'a.dll': ['#77'] } },
      'C:\\App\\a.dll': dll(['A']),
    });
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.ENTRYPOINT_NOT_FOUND);
    expect(s.g.unresolved).toEqual([
      {
        dll: 'a.dll',
        function: 'Nope',
        ordinal: null,
        importedBy: 'app.exe',
        status: STATUS.ENTRYPOINT_NOT_FOUND,
      },
    ]);
    expect(s.process!.ExitStatus).toBe(STATUS.ENTRYPOINT_NOT_FOUND);
    const o = lab.start('C:\\App\\o.exe');
    expect(o.status).toBe(STATUS.ORDINAL_NOT_FOUND);
    expect(o.g.unresolved[0]).toMatchObject({ dll: 'a.dll', function: null, ordinal: 77 });
  });

  it('DllMain returning FALSE is STATUS_DLL_INIT_FAILED, marked ProcessAttachFailed', () => {
    const lab = loaderLab({
      [APP]: { kind: 'exe', imports: { 'a.dll': ['A'], 'bad.dll': ['B'] } },
      'C:\\App\\a.dll': dll(['A']),
      'C:\\App\\bad.dll': dll(['B'], {}, { dllMainReturns: false }),
    });
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.DLL_INIT_FAILED);
    expect(s.process!.ExitStatus).toBe(STATUS.DLL_INIT_FAILED);
    const bad = s.g.byName.get('bad.dll')!;
    expect(lab.executed(s.process!.UniqueProcessId).filter((x) => /^(a|bad)\.dll/.test(x))).toEqual([
      'a.dll:DllMain:1',
      'bad.dll:DllMain:1',
    ]);
    expect(bad.initialized).toBe(true);
  });

  it('a 32-bit DLL found first is skipped; with no other copy the load is STATUS_INVALID_IMAGE_FORMAT', () => {
    const lab = loaderLab({
      [APP]: { kind: 'exe', imports: { 'x.dll': ['X'] } },
      'C:\\App\\x.dll': dll(['X'], {}, { machine: 'I386' }),
      'C:\\Windows\\System32\\x.dll': dll(['X']),
      'C:\\App\\only.exe': { kind: 'exe', imports: { 'y.dll': ['Y'] } },
      'C:\\App\\y.dll': dll(['Y'], {}, { machine: 'I386' }),
    });
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.SUCCESS);
    expect(s.g.byName.get('x.dll')!.fullName).toBe('C:\\Windows\\System32\\x.dll');
    expect(lab.start('C:\\App\\only.exe').status).toBe(STATUS.INVALID_IMAGE_FORMAT);
  });
});

describe('imports: forwarders, ordinals, API sets', () => {
  const files = {
    [APP]: { kind: 'exe' as const, imports: { 'fwd.dll': ['F1', 'F2', 'F3'], 'impl.dll': ['#5'] } },
    'C:\\App\\fwd.dll': dll(
      [],
      {},
      {
        exports: [
          { name: 'F1', forward: 'impl.F1' },
          { name: 'F2', forward: 'impl.#5' },
          { name: 'F3', forward: 'mid.F3' },
        ],
      },
    ),
    'C:\\App\\mid.dll': dll([], {}, { exports: [{ name: 'F3', forward: 'impl.F3' }] }),
    'C:\\App\\impl.dll': dll([], {}, { exports: ['F1', 'F3', { name: 'G', ordinal: 5 }] }),
  };

  it('snaps each IAT slot to the final target, loading forwarded-to DLLs as forwarder dependencies', () => {
    const s = loaderLab(files).start(APP);
    expect(s.status).toBe(STATUS.SUCCESS);
    const as = s.process!.addressSpace!;
    const exe = s.g.modules[0]!;
    const impl = s.g.byName.get('impl.dll')!;
    const implExports = new Map<string, number>();
    for (const name of ['F1', 'F3', 'G'])
      implExports.set(name, impl.base + impl.image.cached('test', () => 0) * 0 + exportRva(impl.image, name));
    const iat = (dll: string): number[] => {
      const d = exe.image.cached('imports', () => []) as {
        dll: string;
        FirstThunk: number;
        functions: unknown[];
      }[];
      const desc = d.find((x) => x.dll === dll)!;
      return desc.functions.map((_, i) => as.ptr(exe.base + desc.FirstThunk + 8 * i));
    };
    expect(iat('fwd.dll')).toEqual([implExports.get('F1'), implExports.get('G'), implExports.get('F3')]);
    expect(iat('impl.dll')).toEqual([implExports.get('G')]);
    expect(s.g.byName.get('mid.dll')!.loadReason).toBe(1); // LoadReasonStaticForwarderDependency
  });

  it('an API set import goes to its host; a host first loaded through a contract says so', () => {
    const lab = loaderLab({
      [APP]: {
        kind: 'exe',
        imports: {
          'api-ms-win-core-synch-l1-2-0.dll': ['Sleep'],
          'api-ms-win-crt-runtime-l1-1-0.dll': ['_exit'],
        },
      },
    });
    const s = lab.start(APP);
    expect(s.status).toBe(STATUS.SUCCESS);
    const ucrt = s.g.byName.get('ucrtbase.dll')!;
    expect(ucrt.resolvedBy).toBe('apiSet');
    expect(ucrt.apiSet).toBe('api-ms-win-crt-runtime-l1-1-0.dll → ucrtbase.dll');
    expect(s.g.byName.has('api-ms-win-core-synch-l1-2-0.dll')).toBe(false);
    const kb = s.g.byName.get('kernelbase.dll')!;
    const exe = s.g.modules[0]!;
    const d = (exe.image.cached('imports', () => []) as { dll: string; FirstThunk: number }[])[0]!;
    expect(s.process!.addressSpace!.ptr(exe.base + d.FirstThunk)).toBe(
      kb.base + exportRva(kb.image, 'Sleep'),
    );
  });
});

import { readExports, findExportIndexByName, type PeImage } from '../../src/pe/index.js';
function exportRva(image: PeImage, name: string): number {
  const dir = readExports(image)!;
  const index = findExportIndexByName(dir, name);
  return dir.functions.find((f) => f.ordinal === index + dir.Base)!.rva!;
}

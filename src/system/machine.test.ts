import { describe, expect, it } from 'vitest';
import { STATUS } from '../base/index.js';
import { IoWriteFile } from '../kernel/io/index.js';
import { PeImage, readExports, resolveApiSet } from '../pe/index.js';
import { Machine } from './machine.js';

describe('Machine.assemble (embedded win10-22h2-x64)', () => {
  const m = Machine.assemble();
  it('has C: as \\Device\\HarddiskVolume3 and the image files, made by the PE writer on first read', () => {
    const k32 = m.readFile('C:\\Windows\\System32\\kernel32.dll');
    expect(k32.status).toBe(STATUS.SUCCESS);
    const exp = readExports(PeImage.open(k32.data!))!;
    expect(exp.dllName).toBe('KERNEL32.dll');
    expect(exp.functions.some((f) => f.name === 'CreateProcessW')).toBe(true);
    expect(m.namespace.lookup('\\??\\C:\\Windows').resolvedPath).toBe('\\Device\\HarddiskVolume3\\Windows');
    expect(m.readFile('C:\\Windows\\explorer.exe').status).toBe(STATUS.SUCCESS);
  });
  it('reaches files through every Win32 path form, and nothing outside C:', () => {
    const ok = [
      'C:\\Windows\\System32\\ntdll.dll',
      'c:/windows/system32/NTDLL.DLL',
      'C:\\Windows\\System32\\..\\System32\\.\\ntdll.dll',
      '\\\\.\\C:\\Windows\\System32\\ntdll.dll',
      '\\\\?\\C:\\Windows\\System32\\ntdll.dll',
      '\\\\?\\GLOBALROOT\\Device\\HarddiskVolume3\\Windows\\System32\\ntdll.dll',
      'ntdll.dll', // relative to the current directory, C:\Windows\System32\
      '\\Windows\\System32\\ntdll.dll',
    ];
    for (const p of ok) expect(m.readFile(p).status, p).toBe(STATUS.SUCCESS);
    // \\?\ is verbatim: its .. reaches the file system, which refuses it.
    expect(m.readFile('\\\\?\\C:\\Windows\\..\\Windows\\System32\\ntdll.dll').status).toBe(
      STATUS.OBJECT_NAME_INVALID,
    );
    // Win32 .. stops at the root of the drive.
    expect(m.ntPath('C:\\..\\..\\..\\etc\\passwd').ntPath).toBe('\\??\\C:\\etc\\passwd');
    expect(m.readFile('C:\\..\\..\\..\\etc\\passwd').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(m.readFile('\\\\?\\GLOBALROOT\\etc\\passwd').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(m.readFile('\\\\.\\PhysicalDrive0').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(m.readFile('D:\\x').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
  });
  it('maps the API set schema of its apisetschema.dll', () => {
    const a = m.apiSetSchema;
    expect(a.status).toBe(STATUS.SUCCESS);
    expect(a.source).toBe('embedded win10-22h2-x64');
    expect(resolveApiSet(a.schema!, 'api-ms-win-core-synch-l1-2-0.dll').host).toBe('kernelbase.dll');
  });
  it('is deterministic: two machines make the same bytes', () => {
    expect(Machine.assemble().readFile('C:\\Windows\\System32\\ntdll.dll').data).toEqual(
      m.readFile('C:\\Windows\\System32\\ntdll.dll').data,
    );
  });
  it('saves and restores its state (a written file survives a JSON round trip)', () => {
    const a = Machine.assemble({ settings: { lsaRunAsPpl: true } });
    expect(
      IoWriteFile(a.namespace, '\\??\\C:\\Users\\user\\Desktop\\note.txt', Uint8Array.of(104, 105)),
    ).toBe(STATUS.SUCCESS);
    expect(IoWriteFile(a.namespace, '\\??\\C:\\Windows\\System32\\evil.dll', Uint8Array.of(1))).toBe(
      STATUS.SUCCESS,
    );
    const b = Machine.restore(JSON.parse(JSON.stringify(a.snapshot())));
    expect(b.readFile('C:\\Users\\user\\Desktop\\note.txt').data).toEqual(Uint8Array.of(104, 105));
    expect(b.readFile('C:\\Windows\\System32\\evil.dll').data).toEqual(Uint8Array.of(1));
    expect(b.settings.lsaRunAsPpl).toBe(true);
  });
});

describe('the machine registry', () => {
  it('holds the default data: KnownDLLs, CurrentControlSet as a link to ControlSet001', async () => {
    const { queryWin32Value, readRegSz, enumerateWin32Values } = await import('../kernel/cm/index.js');
    const m = Machine.assemble();
    const kd = enumerateWin32Values(
      m.registry,
      'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs',
    );
    expect(kd.status).toBe(STATUS.SUCCESS);
    const names = kd.values!.map((v) => readRegSz(v)).filter(Boolean);
    expect(names).toContain('kernel32.dll');
    expect(
      queryWin32Value(
        m.registry,
        'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager',
        'SafeDllSearchMode',
      ).status,
    ).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    // The object manager reaches the configuration manager through \REGISTRY.
    expect(m.namespace.lookup('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control').status).toBe(
      STATUS.SUCCESS,
    );
    expect(m.namespace.lookup('\\REGISTRY\\MACHINE\\SYSTEM\\Nope').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
  it('applies the settings: SafeDllSearchMode 0, RunAsPPL 1', async () => {
    const { queryWin32Value, readRegDword } = await import('../kernel/cm/index.js');
    const m = Machine.assemble({ settings: { safeDllSearchMode: false, lsaRunAsPpl: true } });
    const q = (k: string, n: string): number | null => readRegDword(queryWin32Value(m.registry, k, n).value!);
    expect(q('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager', 'SafeDllSearchMode')).toBe(0);
    expect(q('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa', 'RunAsPPL')).toBe(1);
  });
  it('imports a .reg file all or nothing, and a snapshot carries the registry', async () => {
    const { queryWin32Value, readRegSz, saveRegistry } = await import('../kernel/cm/index.js');
    const m = Machine.assemble();
    const before = JSON.stringify(saveRegistry(m.registry));
    const bad =
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Acme]\r\n"A"="1"\r\n"B"=dword:zz\r\n';
    const r = m.importRegistryFile(bad);
    expect(r.status).not.toBe(STATUS.SUCCESS);
    expect(r.error!.line).toBe(5);
    expect(JSON.stringify(saveRegistry(m.registry))).toBe(before);
    const good =
      'Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe]\r\n"Debugger"="C:\\\\Tools\\\\dbg.exe"\r\n';
    expect(m.importRegistryFile(good).status).toBe(STATUS.SUCCESS);
    const restored = Machine.restore(JSON.parse(JSON.stringify(m.snapshot())));
    const v = queryWin32Value(
      restored.registry,
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Image File Execution Options\\app.exe',
      'Debugger',
    );
    expect(readRegSz(v.value!)).toBe('C:\\Tools\\dbg.exe');
  });
});

describe('KnownDLLs and the disk agree', () => {
  it('every KnownDLL of the registry is a file in System32, but the four Wine does not ship', async () => {
    const { enumerateWin32Values, readRegSz } = await import('../kernel/cm/index.js');
    const m = Machine.assemble();
    const names = (
      enumerateWin32Values(m.registry, 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\KnownDLLs')
        .values ?? []
    )
      .map((v) => readRegSz(v))
      .filter((s): s is string => s !== null && s.toLowerCase().endsWith('.dll'));
    const missing = names.filter((n) => m.readFile(`C:\\Windows\\System32\\${n}`).status !== STATUS.SUCCESS);
    // No public export list of these was at hand (issue #3 note): smss skips a KnownDLL it cannot open.
    expect(missing.map((n) => n.toLowerCase()).sort()).toEqual([
      'clbcatq.dll',
      'coml2.dll',
      'wowarmhw.dll',
      'xtajit.dll',
    ]);
  });
});

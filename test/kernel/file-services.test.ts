import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  FILE_ATTRIBUTE_ARCHIVE,
  FILE_ATTRIBUTE_DIRECTORY,
  FILE_CREATE,
  FILE_DIRECTORY_FILE,
  FILE_NON_DIRECTORY_FILE,
  FILE_OBJECT,
  FILE_OPEN,
  FILE_OPENED,
  FILE_SHARE_DELETE,
  FILE_SHARE_READ,
  FILE_SYNCHRONOUS_IO_NONALERT,
  IoWriteFile,
} from '../../src/kernel/io/index.js';
import {
  FILE_EXECUTE,
  FILE_GENERIC_READ,
  FILE_READ_DATA,
  GENERIC_READ,
  SYNCHRONIZE,
} from '../../src/kernel/se/index.js';
import { bootedMachine, NtCurrentProcess, out } from './support.js';

const K32 = '\\??\\C:\\Windows\\System32\\kernel32.dll';
const SYSTEM32 = '\\??\\C:\\Windows\\System32';
/** What the loader asks for (ReactOS LdrpCreateDllSection: SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA). */
const LOADER_ACCESS = SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA;
const LOADER_OPTIONS = FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT;

describe('NtOpenFile', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const open = (
    name: string,
    o: { options?: number; access?: number; root?: number; share?: number; attributes?: number } = {},
  ) =>
    m.sys(ex, 'NtOpenFile', {
      DesiredAccess: o.access ?? LOADER_ACCESS,
      ObjectAttributes: {
        ObjectName: name,
        ...(o.root !== undefined ? { RootDirectory: o.root } : {}),
        ...(o.attributes !== undefined ? { Attributes: o.attributes } : {}),
      },
      ShareAccess: o.share ?? FILE_SHARE_READ | FILE_SHARE_DELETE,
      OpenOptions: o.options ?? LOADER_OPTIONS,
    });
  const close = (h: number) => expect(m.sys(ex, 'NtClose', { Handle: h }).status).toBe(STATUS.SUCCESS);

  it('opens a DLL as the loader does: a File object, IoStatusBlock {STATUS_SUCCESS, FILE_OPENED}', () => {
    const before = m.counts();
    const r = open(K32);
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(out(r, 'IoStatusBlock')).toEqual({ Status: STATUS.SUCCESS, Information: FILE_OPENED });
    const h = out(r, 'FileHandle');
    const entry = ex.ObjectTable!.lookup(h)!;
    expect(entry.object.type.name).toBe('File');
    expect(entry.grantedAccess).toBe(LOADER_ACCESS);
    const file = entry.object.body as FILE_OBJECT;
    expect(file).toBeInstanceOf(FILE_OBJECT);
    expect(file).toMatchObject({
      FileName: '\\Windows\\System32\\kernel32.dll',
      openedName: K32,
      devicePath: '\\Device\\HarddiskVolume3\\Windows\\System32\\kernel32.dll',
      isDirectory: false,
      version: 0,
      ReadAccess: true,
      WriteAccess: false,
      SharedRead: true,
      SharedWrite: false,
      SharedDelete: true,
      Flags: 2, // FO_SYNCHRONOUS_IO
    });
    expect(file.DeviceObject.deviceName).toBe('HarddiskVolume3');
    expect(m.counts()).not.toEqual(before);
    close(h);
    expect(m.counts()).toEqual(before);
  });

  it('maps generic rights with IopFileMapping (GENERIC_READ → FILE_GENERIC_READ 0x120089)', () => {
    const r = open(K32, { access: GENERIC_READ, options: 0 });
    expect(r.status).toBe(STATUS.SUCCESS);
    expect(ex.ObjectTable!.lookup(out(r, 'FileHandle'))!.grantedAccess).toBe(FILE_GENERIC_READ);
    close(out(r, 'FileHandle'));
  });

  it('directories: FILE_DIRECTORY_FILE opens one; FILE_NON_DIRECTORY_FILE on one is STATUS_FILE_IS_A_DIRECTORY', () => {
    const before = m.counts();
    expect(open(SYSTEM32).status).toBe(STATUS.FILE_IS_A_DIRECTORY);
    expect(open(K32, { options: FILE_DIRECTORY_FILE }).status).toBe(STATUS.NOT_A_DIRECTORY);
    expect(m.counts()).toEqual(before);
    const dir = open(SYSTEM32, { options: FILE_DIRECTORY_FILE, access: SYNCHRONIZE | FILE_READ_DATA });
    expect(dir.status).toBe(STATUS.SUCCESS);
    const file = ex.ObjectTable!.lookup(out(dir, 'FileHandle'))!.object.body as FILE_OBJECT;
    expect([file.isDirectory, file.FileName]).toEqual([true, '\\Windows\\System32']);
    // A name relative to a directory file handle (OBJECT_ATTRIBUTES.RootDirectory).
    const rel = open('kernel32.dll', { root: out(dir, 'FileHandle') });
    expect(rel.status).toBe(STATUS.SUCCESS);
    expect((ex.ObjectTable!.lookup(out(rel, 'FileHandle'))!.object.body as FILE_OBJECT).devicePath).toBe(
      '\\Device\\HarddiskVolume3\\Windows\\System32\\kernel32.dll',
    );
    close(out(rel, 'FileHandle'));
    close(out(dir, 'FileHandle'));
    expect(m.counts()).toEqual(before);
  });

  it('misses give the lookup’s status and leave nothing behind', () => {
    const before = m.counts();
    expect(open('\\??\\C:\\Windows\\System32\\nope.dll').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(open('\\??\\C:\\Windows\\Nope\\nope.dll').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(open('\\??\\C:\\Windows\\..\\x.dll').status).toBe(STATUS.OBJECT_NAME_INVALID);
    expect(open('kernel32.dll').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    // A namespace object that is not a volume: not a file.
    expect(open('\\KnownDlls\\kernel32.dll').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(open('kernel32.dll', { root: 0x7ff0 }).status).toBe(STATUS.INVALID_HANDLE);
    // A process handle as RootDirectory: no parse procedure.
    const p = m.sys(ex, 'NtDuplicateObject', {
      SourceProcessHandle: NtCurrentProcess,
      SourceHandle: NtCurrentProcess,
      TargetProcessHandle: NtCurrentProcess,
      DesiredAccess: 0,
      Options: 2,
    });
    const mid = m.counts();
    expect(open('kernel32.dll', { root: out(p, 'TargetHandle') }).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(mid);
    close(out(p, 'TargetHandle'));
    expect(m.counts()).toEqual(before);
  });

  it('checks its parameters as IoCreateFileEx does: STATUS_INVALID_PARAMETER', () => {
    const before = m.counts();
    const bad = [
      open(K32, { options: FILE_DIRECTORY_FILE | FILE_NON_DIRECTORY_FILE }),
      open(K32, { access: FILE_READ_DATA }), // FILE_SYNCHRONOUS_IO_NONALERT without SYNCHRONIZE
      open(K32, { share: 8 }),
      open(K32, { options: 0x1000000 }),
      open(K32, { attributes: 0x8000 }),
      m.sys(ex, 'NtOpenFile', { DesiredAccess: LOADER_ACCESS, ShareAccess: 1, OpenOptions: 0x40 }),
    ];
    expect(bad.map((r) => r.status)).toEqual(Array(6).fill(STATUS.INVALID_PARAMETER));
    expect(m.counts()).toEqual(before);
  });

  it('NtCreateFile opens with FILE_OPEN; creating is not modelled; a bad disposition is invalid', () => {
    const create = (disposition: number) =>
      m.sys(ex, 'NtCreateFile', {
        DesiredAccess: LOADER_ACCESS,
        ObjectAttributes: { ObjectName: K32 },
        ShareAccess: FILE_SHARE_READ,
        CreateDisposition: disposition,
        CreateOptions: LOADER_OPTIONS,
      });
    const r = create(FILE_OPEN);
    expect([r.status, out(r, 'IoStatusBlock')]).toEqual([
      STATUS.SUCCESS,
      { Status: STATUS.SUCCESS, Information: FILE_OPENED },
    ]);
    close(out(r, 'FileHandle'));
    const before = m.counts();
    expect(create(FILE_CREATE).status).toBe(STATUS.NOT_IMPLEMENTED);
    expect(create(6).status).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
  });
});

describe('NtQueryAttributesFile', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const query = (name: string) =>
    m.sys(ex, 'NtQueryAttributesFile', { ObjectAttributes: { ObjectName: name } });

  it('a file is FILE_ATTRIBUTE_ARCHIVE, a directory FILE_ATTRIBUTE_DIRECTORY; no handle, no object', () => {
    const before = m.counts();
    const file = query(K32);
    expect(file.status).toBe(STATUS.SUCCESS);
    expect(out(file, 'FileInformation')).toEqual({
      CreationTime: 0n,
      LastAccessTime: 0n,
      LastWriteTime: 0n,
      ChangeTime: 0n,
      FileAttributes: FILE_ATTRIBUTE_ARCHIVE,
    });
    expect(out<{ FileAttributes: number }>(query(SYSTEM32), 'FileInformation').FileAttributes).toBe(
      FILE_ATTRIBUTE_DIRECTORY,
    );
    expect(out<{ FileAttributes: number }>(query('\\??\\C:\\'), 'FileInformation').FileAttributes).toBe(
      FILE_ATTRIBUTE_DIRECTORY,
    );
    expect(m.counts()).toEqual(before);
  });

  it('what the loader’s search probes see: a written file appears, misses are the lookup’s status', () => {
    const before = m.counts();
    const path = '\\??\\C:\\Users\\Public\\probe.dll';
    expect(query(path).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    IoWriteFile(m.b.kernel.ob.namespace, path, new Uint8Array(4));
    expect(query(path).status).toBe(STATUS.SUCCESS);
    expect(query('\\??\\C:\\Nope\\probe.dll').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(query('\\KnownDlls').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(query('probe.dll').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(m.sys(ex, 'NtQueryAttributesFile', {}).status).toBe(STATUS.INVALID_PARAMETER);
    expect(m.counts()).toEqual(before);
  });
});

import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  FILE_DIRECTORY_FILE,
  FILE_NON_DIRECTORY_FILE,
  FILE_SHARE_READ,
  FILE_SYNCHRONOUS_IO_NONALERT,
  IoWriteFile,
} from '../../src/kernel/io/index.js';
import { PAGE, SEC, type Section } from '../../src/kernel/mm/index.js';
import { OBJ_OPENIF, OBJ_PERMANENT } from '../../src/kernel/ob/index.js';
import {
  FILE_EXECUTE,
  FILE_READ_DATA,
  SECTION_ALL_ACCESS,
  SECTION_MAP_EXECUTE,
  SECTION_MAP_READ,
  SECTION_MAP_WRITE,
  SECTION_QUERY,
  SYNCHRONIZE,
} from '../../src/kernel/se/index.js';
import { bootedMachine, out } from './support.js';

const K32 = '\\??\\C:\\Windows\\System32\\kernel32.dll';
/** What the loader asks of a section (ReactOS LdrpCreateDllSection): map read/execute/write and query. */
const LOADER_SECTION_ACCESS = SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE | SECTION_QUERY;

describe('NtCreateSection / NtQuerySection', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const ns = m.b.kernel.ob.namespace;
  const openFile = (name: string, access = SYNCHRONIZE | FILE_EXECUTE | FILE_READ_DATA, options = 0x60) =>
    out(
      m.sys(ex, 'NtOpenFile', {
        DesiredAccess: access,
        ObjectAttributes: { ObjectName: name },
        ShareAccess: FILE_SHARE_READ,
        OpenOptions: options,
      }),
      'FileHandle',
    );
  const create = (a: Record<string, unknown>) =>
    m.sys(ex, 'NtCreateSection', { DesiredAccess: LOADER_SECTION_ACCESS, ...a });
  const body = (h: number) => ex.ObjectTable!.lookup(h)!.object.body as Section;
  const query = (h: number, cls: number, length?: number) =>
    m.sys(ex, 'NtQuerySection', {
      SectionHandle: h,
      SectionInformationClass: cls,
      ...(length !== undefined ? { SectionInformationLength: length } : {}),
    });
  const close = (...hs: number[]) => {
    for (const h of hs) expect(m.sys(ex, 'NtClose', { Handle: h }).status).toBe(STATUS.SUCCESS);
  };

  it('SEC_IMAGE on a file handle: a section object over the file’s one image control area', () => {
    const before = m.counts();
    const file = openFile(K32);
    const r = create({
      SectionPageProtection: PAGE.EXECUTE,
      AllocationAttributes: SEC.IMAGE,
      FileHandle: file,
    });
    expect(r.status).toBe(STATUS.SUCCESS);
    const h = out(r, 'SectionHandle');
    expect(ex.ObjectTable!.lookup(h)!.object.type.name).toBe('Section');
    // smss's \KnownDlls\kernel32.dll shares the control area: the file's image is built once.
    const known = ns.lookup('\\KnownDlls\\kernel32.dll').object!.body as Section;
    expect(body(h).controlArea).toBe(known.controlArea);
    expect(m.b.kernel.ps.sectionFileNames.get(body(h))).toBe(K32);
    const basic = query(h, 0);
    expect([basic.status, out(basic, 'SectionInformation'), out(basic, 'ReturnLength')]).toEqual([
      STATUS.SUCCESS,
      { BaseAddress: 0, AllocationAttributes: SEC.IMAGE | SEC.FILE, MaximumSize: known.controlArea.size },
      0x18,
    ]);
    const image = query(h, 1);
    expect([image.status, out(image, 'SectionInformation'), out(image, 'ReturnLength')]).toEqual([
      STATUS.SUCCESS,
      known.image!.information(),
      0x40,
    ]);
    close(h, file);
    expect(m.counts()).toEqual(before);
  });

  it('the file handle needs what the protection implies (MmMakeFileAccess)', () => {
    const readOnly = openFile(K32, SYNCHRONIZE | FILE_READ_DATA);
    const before = m.counts();
    const image = (protect: number) =>
      create({ SectionPageProtection: protect, AllocationAttributes: SEC.IMAGE, FileHandle: readOnly });
    expect(image(PAGE.EXECUTE).status).toBe(STATUS.ACCESS_DENIED);
    expect(image(PAGE.EXECUTE_READ).status).toBe(STATUS.ACCESS_DENIED);
    expect(image(PAGE.READWRITE).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(before);
    const ok = image(PAGE.READONLY);
    expect(ok.status).toBe(STATUS.SUCCESS);
    close(out(ok, 'SectionHandle'), readOnly);
  });

  it('an invalid image gives the reader’s status; a directory or no file cannot back an image', () => {
    const path = '\\??\\C:\\Users\\Public\\notes.dll';
    IoWriteFile(ns, path, new TextEncoder().encode('not a PE file at all'));
    const file = openFile(path);
    const dir = openFile(
      '\\??\\C:\\Windows',
      SYNCHRONIZE | FILE_READ_DATA | FILE_EXECUTE,
      FILE_DIRECTORY_FILE,
    );
    const before = m.counts();
    const image = (fileHandle: number) =>
      create({
        SectionPageProtection: PAGE.EXECUTE,
        AllocationAttributes: SEC.IMAGE,
        FileHandle: fileHandle,
      });
    expect(image(file).status).toBe(STATUS.INVALID_IMAGE_NOT_MZ);
    expect(image(dir).status).toBe(STATUS.INVALID_FILE_FOR_SECTION);
    expect(
      create({ SectionPageProtection: PAGE.EXECUTE, AllocationAttributes: SEC.IMAGE, MaximumSize: 0x1000 })
        .status,
    ).toBe(STATUS.INVALID_FILE_FOR_SECTION);
    expect(image(0x7ff0).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.counts()).toEqual(before);
    close(file, dir);
  });

  it('checks its parameters first (ReactOS NtCreateSection)', () => {
    const before = m.counts();
    const status = (attributes: number, protect: number = PAGE.READWRITE, size: unknown = 0x1000) =>
      create({ SectionPageProtection: protect, AllocationAttributes: attributes, MaximumSize: size }).status;
    expect(status(0)).toBe(STATUS.INVALID_PARAMETER_6);
    expect(status(SEC.COMMIT | SEC.RESERVE)).toBe(STATUS.INVALID_PARAMETER_6);
    expect(status(SEC.IMAGE | SEC.COMMIT)).toBe(STATUS.INVALID_PARAMETER_6);
    expect(status(SEC.COMMIT | 0x1)).toBe(STATUS.INVALID_PARAMETER_6);
    expect(status(SEC.COMMIT, PAGE.NOACCESS)).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(status(SEC.COMMIT, PAGE.READWRITE | PAGE.GUARD)).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(status(SEC.COMMIT, PAGE.READONLY | PAGE.READWRITE)).toBe(STATUS.INVALID_PAGE_PROTECTION);
    expect(status(SEC.COMMIT, PAGE.READWRITE, 0)).toBe(STATUS.INVALID_PARAMETER_4);
    expect(status(SEC.COMMIT, PAGE.READWRITE, null)).toBe(STATUS.INVALID_PARAMETER_4);
    expect(status(SEC.COMMIT | SEC.BASED)).toBe(STATUS.NOT_SUPPORTED);
    expect(m.counts()).toEqual(before);
  });

  it('page-file-backed sections: SEC_COMMIT and SEC_RESERVE, MaximumSize rounded to pages', () => {
    const commit = create({
      SectionPageProtection: PAGE.READWRITE,
      AllocationAttributes: SEC.COMMIT,
      MaximumSize: 0x123,
    });
    const reserve = create({
      SectionPageProtection: PAGE.READWRITE,
      AllocationAttributes: SEC.RESERVE,
      MaximumSize: 0x1001n,
    });
    expect(out(query(out(commit, 'SectionHandle'), 0), 'SectionInformation')).toEqual({
      BaseAddress: 0,
      AllocationAttributes: SEC.COMMIT,
      MaximumSize: 0x1000,
    });
    expect(out(query(out(reserve, 'SectionHandle'), 0), 'SectionInformation')).toEqual({
      BaseAddress: 0,
      AllocationAttributes: SEC.RESERVE,
      MaximumSize: 0x2000,
    });
    const before = m.counts();
    const h = out(commit, 'SectionHandle');
    expect(query(h, 1).status).toBe(STATUS.SECTION_NOT_IMAGE);
    expect(query(h, 0, 0x17).status).toBe(STATUS.INFO_LENGTH_MISMATCH);
    expect(query(h, 2).status).toBe(STATUS.INVALID_INFO_CLASS);
    expect(query(0x7ff0, 0).status).toBe(STATUS.INVALID_HANDLE);
    const noQuery = create({
      DesiredAccess: SECTION_MAP_READ,
      SectionPageProtection: PAGE.READWRITE,
      AllocationAttributes: SEC.COMMIT,
      MaximumSize: 0x1000,
    });
    const mid = m.counts();
    expect(query(out(noQuery, 'SectionHandle'), 0).status).toBe(STATUS.ACCESS_DENIED);
    expect(m.counts()).toEqual(mid);
    close(out(noQuery, 'SectionHandle'));
    expect(m.counts()).toEqual(before);
    close(h, out(reserve, 'SectionHandle'));
  });

  it('data sections of a file: SEC_FILE, the file’s size or MaximumSize; empty and too big refused', () => {
    const path = '\\??\\C:\\Users\\Public\\data.bin';
    const empty = '\\??\\C:\\Users\\Public\\empty.bin';
    IoWriteFile(ns, path, new Uint8Array(0x1234).fill(7));
    IoWriteFile(ns, empty, new Uint8Array(0));
    const file = openFile(
      path,
      SYNCHRONIZE | FILE_READ_DATA,
      FILE_NON_DIRECTORY_FILE | FILE_SYNCHRONOUS_IO_NONALERT,
    );
    const none = openFile(empty, SYNCHRONIZE | FILE_READ_DATA);
    const data = (fileHandle: number, size: number, attributes: number = SEC.COMMIT) =>
      create({
        SectionPageProtection: PAGE.READONLY,
        AllocationAttributes: attributes,
        MaximumSize: size,
        FileHandle: fileHandle,
      });
    const whole = data(file, 0);
    expect(out(query(out(whole, 'SectionHandle'), 0), 'SectionInformation')).toEqual({
      BaseAddress: 0,
      AllocationAttributes: SEC.FILE,
      MaximumSize: 0x1234,
    });
    const one = data(file, 1, SEC.RESERVE); // SEC_RESERVE is ignored for files
    expect(out(query(out(one, 'SectionHandle'), 0), 'SectionInformation')).toEqual({
      BaseAddress: 0,
      AllocationAttributes: SEC.FILE,
      MaximumSize: 1,
    });
    const before = m.counts();
    expect(data(none, 0).status).toBe(STATUS.MAPPED_FILE_SIZE_ZERO);
    expect(data(file, 0x2000).status).toBe(STATUS.SECTION_TOO_BIG);
    expect(m.counts()).toEqual(before);
    close(out(whole, 'SectionHandle'), out(one, 'SectionHandle'), file, none);
  });

  it('named sections go into the namespace: collision, OBJ_OPENIF, and the name leaves with the last handle', () => {
    const before = m.counts();
    const name = '\\BaseNamedObjects\\ntsim-shared';
    const named = (attributes = 0) =>
      create({
        ObjectAttributes: { ObjectName: name, Attributes: attributes },
        SectionPageProtection: PAGE.READWRITE,
        AllocationAttributes: SEC.COMMIT,
        MaximumSize: 0x10000,
      });
    const first = named();
    expect(first.status).toBe(STATUS.SUCCESS);
    const mid = m.counts();
    expect(named().status).toBe(STATUS.OBJECT_NAME_COLLISION);
    expect(named(OBJ_PERMANENT).status).toBe(STATUS.PRIVILEGE_NOT_HELD);
    expect(m.counts()).toEqual(mid);
    const again = named(OBJ_OPENIF);
    expect(again.status).toBe(STATUS.OBJECT_NAME_EXISTS);
    expect(body(out(again, 'SectionHandle'))).toBe(body(out(first, 'SectionHandle')));
    const opened = m.sys(ex, 'NtOpenSection', {
      DesiredAccess: SECTION_QUERY,
      ObjectAttributes: { ObjectName: name },
    });
    expect(opened.status).toBe(STATUS.SUCCESS);
    close(out(first, 'SectionHandle'), out(again, 'SectionHandle'), out(opened, 'SectionHandle'));
    expect(m.counts()).toEqual(before);
    expect(
      m.sys(ex, 'NtOpenSection', { DesiredAccess: SECTION_QUERY, ObjectAttributes: { ObjectName: name } })
        .status,
    ).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
});

describe('NtOpenSection: the KnownDLLs', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const openSection = (
    name: string,
    root?: number,
    access = SECTION_MAP_READ | SECTION_MAP_EXECUTE | SECTION_MAP_WRITE,
  ) =>
    m.sys(ex, 'NtOpenSection', {
      DesiredAccess: access,
      ObjectAttributes: { ObjectName: name, ...(root !== undefined ? { RootDirectory: root } : {}) },
    });

  it('opens \\KnownDlls\\kernel32.dll by its full name and relative to a handle to \\KnownDlls', () => {
    const before = m.counts();
    const known = m.b.kernel.ob.namespace.lookup('\\KnownDlls\\kernel32.dll').object!.body;
    const full = openSection('\\KnownDlls\\kernel32.dll');
    expect(full.status).toBe(STATUS.SUCCESS);
    expect(ex.ObjectTable!.lookup(out(full, 'SectionHandle'))!.object.body).toBe(known);
    const dir = m.sys(ex, 'NtOpenDirectoryObject', {
      DesiredAccess: 3,
      ObjectAttributes: { ObjectName: '\\KnownDlls' },
    });
    const rel = openSection('KERNEL32.DLL', out(dir, 'DirectoryHandle'));
    expect(rel.status).toBe(STATUS.SUCCESS);
    expect(ex.ObjectTable!.lookup(out(rel, 'SectionHandle'))!.object.body).toBe(known);
    const mid = m.counts();
    expect(openSection('nope.dll', out(dir, 'DirectoryHandle')).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(openSection('\\kernel32.dll', out(dir, 'DirectoryHandle')).status).toBe(
      STATUS.OBJECT_PATH_SYNTAX_BAD,
    );
    expect(m.counts()).toEqual(mid);
    for (const h of [out(full, 'SectionHandle'), out(rel, 'SectionHandle'), out(dir, 'DirectoryHandle')])
      m.sys(ex, 'NtClose', { Handle: h });
    expect(m.counts()).toEqual(before);
  });

  it('misses and other objects: the lookup’s status, STATUS_OBJECT_TYPE_MISMATCH', () => {
    const before = m.counts();
    expect(openSection('\\KnownDlls\\nothere.dll').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(openSection('\\KnownDllz\\kernel32.dll').status).toBe(STATUS.OBJECT_PATH_NOT_FOUND);
    expect(openSection('\\KnownDlls').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(openSection(K32).status).toBe(STATUS.OBJECT_TYPE_MISMATCH); // IopParseDevice: not a file open
    expect(openSection('kernel32.dll').status).toBe(STATUS.OBJECT_PATH_SYNTAX_BAD);
    expect(m.sys(ex, 'NtOpenSection', { DesiredAccess: SECTION_ALL_ACCESS }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(m.counts()).toEqual(before);
  });
});

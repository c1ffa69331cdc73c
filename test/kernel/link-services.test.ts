import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import {
  DIRECTORY_QUERY,
  DIRECTORY_TRAVERSE,
  ObjectDirectory,
  READ_CONTROL,
  SYMBOLIC_LINK_QUERY,
  SymbolicLink,
} from '../../src/kernel/ob/index.js';
import { bootedMachine, out } from './support.js';

describe('NtOpenDirectoryObject / NtOpenSymbolicLinkObject / NtQuerySymbolicLinkObject', () => {
  const m = bootedMachine();
  const ex = m.b.explorer;
  const openDir = (name: string, root?: number) =>
    m.sys(ex, 'NtOpenDirectoryObject', {
      DesiredAccess: DIRECTORY_QUERY | DIRECTORY_TRAVERSE,
      ObjectAttributes: { ObjectName: name, ...(root !== undefined ? { RootDirectory: root } : {}) },
    });
  const openLink = (name: string, root?: number, access = SYMBOLIC_LINK_QUERY) =>
    m.sys(ex, 'NtOpenSymbolicLinkObject', {
      DesiredAccess: access,
      ObjectAttributes: { ObjectName: name, ...(root !== undefined ? { RootDirectory: root } : {}) },
    });
  const queryLink = (h: number, a: Record<string, unknown> = {}) =>
    m.sys(ex, 'NtQuerySymbolicLinkObject', { LinkHandle: h, ...a });
  const close = (...hs: number[]) => {
    for (const h of hs) expect(m.sys(ex, 'NtClose', { Handle: h }).status).toBe(STATUS.SUCCESS);
  };
  const target = 'C:\\Windows\\System32';

  it('reads \\KnownDlls\\KnownDllPath as the loader does', () => {
    // The machine's namespace links get their object header on first use (a permanent object): open
    // the link once before counting.
    close(out(openLink('\\KnownDlls\\KnownDllPath'), 'LinkHandle'));
    const before = m.counts();
    const dir = openDir('\\KnownDlls');
    expect(dir.status).toBe(STATUS.SUCCESS);
    const d = out(dir, 'DirectoryHandle');
    expect(ex.ObjectTable!.lookup(d)!.object.body).toBeInstanceOf(ObjectDirectory);
    const link = openLink('KnownDllPath', d);
    expect(link.status).toBe(STATUS.SUCCESS);
    const l = out(link, 'LinkHandle');
    expect(ex.ObjectTable!.lookup(l)!.object.body).toBeInstanceOf(SymbolicLink);
    const r = queryLink(l, { LinkTarget: { MaximumLength: 0x208 } });
    expect([r.status, out(r, 'LinkTarget'), out(r, 'ReturnedLength')]).toEqual([
      STATUS.SUCCESS,
      { Length: target.length * 2, MaximumLength: 0x208, Buffer: target },
      target.length * 2 + 2,
    ]);
    close(l, d);
    expect(m.counts()).toEqual(before);
  });

  it('a buffer too small is STATUS_BUFFER_TOO_SMALL with the length needed (with ReturnedLength, the NUL counts)', () => {
    const l = out(openLink('\\KnownDlls\\KnownDllPath'), 'LinkHandle');
    const exact = target.length * 2;
    const small = queryLink(l, { LinkTarget: { MaximumLength: exact } });
    expect([small.status, out(small, 'ReturnedLength'), out(small, 'LinkTarget')]).toEqual([
      STATUS.BUFFER_TOO_SMALL,
      exact + 2,
      undefined,
    ]);
    // Without ReturnedLength only Length bytes are copied: an exact buffer is enough.
    const noLength = queryLink(l, { LinkTarget: { MaximumLength: exact }, ReturnedLength: null });
    expect([noLength.status, out(noLength, 'ReturnedLength')]).toEqual([STATUS.SUCCESS, undefined]);
    expect(out(noLength, 'LinkTarget')).toEqual({ Length: exact, MaximumLength: exact, Buffer: target });
    // \GLOBAL??\C: is a link too; the drive's device.
    const c = out(openLink('\\GLOBAL??\\C:'), 'LinkHandle');
    expect(out<{ Buffer: string }>(queryLink(c), 'LinkTarget').Buffer).toBe('\\Device\\HarddiskVolume3');
    close(l, c);
  });

  it('rights, types and misses: ACCESS_DENIED, OBJECT_TYPE_MISMATCH, the lookup’s status', () => {
    const noQuery = out(openLink('\\KnownDlls\\KnownDllPath', undefined, READ_CONTROL), 'LinkHandle');
    const dir = out(openDir('\\KnownDlls'), 'DirectoryHandle');
    const before = m.counts();
    expect(queryLink(noQuery).status).toBe(STATUS.ACCESS_DENIED);
    expect(queryLink(dir).status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(queryLink(0x7ff0).status).toBe(STATUS.INVALID_HANDLE);
    expect(openDir('\\KnownDlls\\kernel32.dll').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(openLink('\\KnownDlls\\kernel32.dll').status).toBe(STATUS.OBJECT_TYPE_MISMATCH);
    expect(openDir('\\KnownDllz').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(openLink('\\KnownDlls\\Nope').status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(openLink('\\KnownDlls\\KnownDllPath', noQuery).status).toBe(STATUS.INVALID_HANDLE);
    expect(m.sys(ex, 'NtOpenDirectoryObject', { DesiredAccess: DIRECTORY_QUERY }).status).toBe(
      STATUS.INVALID_PARAMETER,
    );
    expect(m.counts()).toEqual(before);
    // An empty name relative to a directory handle opens that directory again.
    const again = openDir('', dir);
    expect(ex.ObjectTable!.lookup(out(again, 'DirectoryHandle'))!.object).toBe(
      ex.ObjectTable!.lookup(dir)!.object,
    );
    close(noQuery, dir, out(again, 'DirectoryHandle'));
  });
});

import { describe, expect, it } from 'vitest';
import { exportList, importList } from './manifest.js';

describe('manifest text lists', () => {
  it('export lines: name, ordinal, forwarder, ordinal-only', () => {
    expect(
      exportList(`
        ; a comment
        AcquireSRWLockExclusive -> NTDLL.RtlAcquireSRWLockExclusive
        Beep
        ??0exception@@QEAA@XZ #12
        #44
        #45 -> other.#3
        Named #7 -> x.Y
      `),
    ).toEqual([
      { name: 'AcquireSRWLockExclusive', forward: 'NTDLL.RtlAcquireSRWLockExclusive' },
      'Beep',
      { name: '??0exception@@QEAA@XZ', ordinal: 12 },
      { ordinal: 44 },
      { ordinal: 45, forward: 'other.#3' },
      { name: 'Named', ordinal: 7, forward: 'x.Y' },
    ]);
  });
  it('import lines keep DLL and function order', () => {
    expect(importList('ntdll.dll: NtClose #12\nkernelbase.dll: Sleep\nntdll.dll: NtOpenFile')).toEqual({
      'ntdll.dll': ['NtClose', '#12', 'NtOpenFile'],
      'kernelbase.dll': ['Sleep'],
    });
  });
});

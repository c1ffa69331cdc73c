import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import { PsNotifyRoutines } from './notify.js';

const info = {
  ParentProcessId: 4,
  CreatingThreadId: { UniqueProcess: 4, UniqueThread: 8 },
  ImageFileName: '\\??\\C:\\x.exe',
  CommandLine: 'x',
  FileOpenNameAvailable: true,
  IsSubsystemProcess: false,
};

describe('process/thread/image notify routines (Microsoft Learn PsSetCreateProcessNotifyRoutineEx)', () => {
  it('registers up to 64, refuses duplicates and the 65th, removes only what is there', () => {
    const n = new PsNotifyRoutines();
    const rs = Array.from({ length: 65 }, () => () => {});
    for (let i = 0; i < 64; i++)
      expect(n.PsSetCreateProcessNotifyRoutine(rs[i]!, false)).toBe(STATUS.SUCCESS);
    expect(n.PsSetCreateProcessNotifyRoutine(rs[64]!, false)).toBe(STATUS.INVALID_PARAMETER);
    expect(n.PsSetCreateProcessNotifyRoutine(rs[0]!, false)).toBe(STATUS.INVALID_PARAMETER);
    expect(n.PsSetCreateProcessNotifyRoutine(rs[0]!, true)).toBe(STATUS.SUCCESS);
    expect(n.PsSetCreateProcessNotifyRoutine(rs[0]!, true)).toBe(STATUS.PROCEDURE_NOT_FOUND);
  });
  it('an Ex routine can veto a creation through CreationStatus; legacy routines then are not told', () => {
    const n = new PsNotifyRoutines();
    const seen: string[] = [];
    n.PsSetCreateProcessNotifyRoutineEx((_p, pid, ci) => {
      seen.push(`ex ${pid} ${ci?.ImageFileName}`);
      if (ci && ci.ImageFileName.endsWith('evil.exe')) ci.CreationStatus = STATUS.ACCESS_DENIED;
    }, false);
    n.PsSetCreateProcessNotifyRoutine(
      (parent, pid, create) => seen.push(`legacy ${parent} ${pid} ${create}`),
      false,
    );
    expect(n.notifyProcessCreate({}, 12, info)).toBe(STATUS.SUCCESS);
    expect(n.notifyProcessCreate({}, 16, { ...info, ImageFileName: '\\??\\C:\\evil.exe' })).toBe(
      STATUS.ACCESS_DENIED,
    );
    n.notifyProcessExit({}, 12, 4);
    expect(seen).toEqual([
      'ex 12 \\??\\C:\\x.exe',
      'legacy 4 12 true',
      'ex 16 \\??\\C:\\evil.exe',
      'ex 12 undefined',
      'legacy 4 12 false',
    ]);
  });
});

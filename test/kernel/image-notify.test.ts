import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { bootedMachine } from './support.js';

describe('PsSetLoadImageNotifyRoutine at process creation', () => {
  it('is called for the executable and ntdll, with the new process id, base and size', () => {
    const m = bootedMachine();
    const seen: [string, number, number, number][] = [];
    expect(
      m.b.kernel.ps.notify.PsSetLoadImageNotifyRoutine((name, pid, info) =>
        seen.push([name, pid, info.ImageBase, info.ImageSize]),
      ),
    ).toBe(STATUS.SUCCESS);
    const r = m.spawn(m.b.explorer);
    expect(r.status).toBe(STATUS.SUCCESS);
    const p = r.process!;
    expect(seen).toEqual([
      [p.imageFileNtPath, p.UniqueProcessId, p.SectionBaseAddress, p.imageView!.viewSize],
      [
        '\\SystemRoot\\System32\\ntdll.dll',
        p.UniqueProcessId,
        p.ntdllView!.baseAddress,
        p.ntdllView!.viewSize,
      ],
    ]);
  });
});

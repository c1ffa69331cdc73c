import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { HostFolderFileSystem } from '../../src/host/index.js';
import { IoListDirectory, IoWriteFile } from '../../src/kernel/io/index.js';
import { Machine } from '../../src/system/machine.js';
import { realImagesRequired, WINE_X64_DIR as WINE } from './corpus.js';

if (!existsSync(WINE) && realImagesRequired()) throw new Error('wine64 is required (apt-get install wine64)');

describe.runIf(existsSync(WINE))('--system-root over the embedded System32 (Debian wine64)', () => {
  const m = Machine.assemble({ systemRoot: new HostFolderFileSystem(WINE) });
  it("the host's files replace the embedded ones; the embedded ones the host lacks stay", () => {
    expect(m.readFile('C:\\Windows\\System32\\kernel32.dll').data).toEqual(
      new Uint8Array(readFileSync(`${WINE}/kernel32.dll`)),
    );
    expect(m.readFile('C:\\Windows\\System32\\smss.exe').status).toBe(STATUS.SUCCESS); // Wine has no smss.exe
    const names = IoListDirectory(m.namespace, '\\??\\C:\\Windows\\System32').entries!.map((e) => e.name);
    expect(names).toContain('smss.exe');
    expect(names).toContain('winecfg.exe');
  });
  it("reads the host's apisetschema.dll", () => {
    const a = m.apiSetSchema;
    expect(a.status).toBe(STATUS.SUCCESS);
    expect(a.source).toMatch(/^host:/);
    expect(a.schema!.contracts.length).toBe(504);
  });
  it('is read-only: the host folder cannot be changed through the machine', () => {
    expect(IoWriteFile(m.namespace, '\\??\\C:\\Windows\\System32\\kernel32.dll', Uint8Array.of(1))).toBe(
      STATUS.MEDIA_WRITE_PROTECTED,
    );
  });
});

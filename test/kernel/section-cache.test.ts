import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { IoWriteFile } from '../../src/kernel/io/index.js';
import { writePe } from '../../src/pe/index.js';
import { bootedMachine } from './support.js';

describe('image sections follow the file', () => {
  it('a file rewritten at the same path gets a new image section; an unchanged one shares the old', () => {
    const m = bootedMachine();
    const path = '\\??\\C:\\Users\\user\\Desktop\\tool.exe';
    IoWriteFile(m.b.kernel.ob.namespace, path, writePe({ imports: { 'kernel32.dll': ['Sleep'] } }));
    const a = m.spawn(m.b.explorer, { image: path });
    const b = m.spawn(m.b.explorer, { image: path });
    expect(a.status).toBe(STATUS.SUCCESS);
    expect(b.process!.SectionObject).toBe(a.process!.SectionObject);
    IoWriteFile(
      m.b.kernel.ob.namespace,
      path,
      writePe({ subsystem: 'windows', imports: { 'user32.dll': ['MessageBoxW'] } }),
    );
    const c = m.spawn(m.b.explorer, { image: path });
    expect(c.status).toBe(STATUS.SUCCESS);
    expect(c.process!.SectionObject).not.toBe(a.process!.SectionObject);
    expect(c.process!.SectionObject!.image!.information().SubSystemType).toBe(2);
  });
});

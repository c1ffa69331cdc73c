import { describe, expect, it } from 'vitest';
import { STATUS } from '../../src/base/index.js';
import { Machine } from '../../src/system/machine.js';
import { bootMachine } from '../../src/system/boot.js';
import { startImage } from '../../src/system/start-image.js';
import { UserModeRuntime } from '../../src/system/user-mode.js';
import { writePe } from '../../src/pe/index.js';
import { manifestDependencies, manifestFiles } from '../../src/ntdll/ldr/sxs.js';

const APP_MANIFEST = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="Acme.App" version="1.0.0.0"/>
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="Microsoft.Windows.Common-Controls" version="6.0.0.0" processorArchitecture="amd64" publicKeyToken="6595b64144ccf1df"/>
  </dependentAssembly></dependency>
  <dependency><dependentAssembly>
    <assemblyIdentity type="win32" name="Foo" version="1.0.0.0" processorArchitecture="amd64"/>
  </dependentAssembly></dependency>
</assembly>`;
const FOO_MANIFEST = `<?xml version="1.0" encoding="UTF-8"?>
<assembly xmlns="urn:schemas-microsoft-com:asm.v1" manifestVersion="1.0">
  <assemblyIdentity type="win32" name="Foo" version="1.0.0.0" processorArchitecture="amd64"/>
  <file name="foo.dll"/>
</assembly>`;

describe('SxS private assemblies (Microsoft Learn, "Assembly Searching Sequence")', () => {
  it('reads dependent assemblies and files from manifest XML', () => {
    expect(manifestDependencies(APP_MANIFEST)).toEqual([
      { name: 'Microsoft.Windows.Common-Controls', type: 'win32' },
      { name: 'Foo', type: 'win32' },
    ]);
    expect(manifestFiles(FOO_MANIFEST)).toEqual(['foo.dll']);
  });

  it('a DLL of a private assembly named by app.exe.manifest loads from the assembly folder first', () => {
    const m = Machine.assemble();
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    m.addFile('C:\\App\\app.exe', writePe({ kind: 'exe', imports: { 'foo.dll': ['F'] } }));
    m.addFile('C:\\App\\app.exe.manifest', text(APP_MANIFEST));
    m.addFile('C:\\App\\Foo\\Foo.manifest', text(FOO_MANIFEST));
    m.addFile('C:\\App\\Foo\\foo.dll', writePe({ kind: 'dll', exports: ['F'] }));
    m.addFile('C:\\App\\foo.dll', writePe({ kind: 'dll', exports: ['F'] }));
    const b = bootMachine(m, { mode: 'minimal' });
    const rt = new UserModeRuntime(b.kernel);
    const s = startImage(b, rt, { imagePath: 'C:\\App\\app.exe' });
    expect(s.status).toBe(STATUS.SUCCESS);
    const foo = rt.processData(s.process!).ldr!.byName.get('foo.dll')!;
    expect([foo.fullName, foo.resolvedBy]).toEqual(['C:\\App\\Foo\\foo.dll', 'sxs']);
  });

  it('without the manifest the application folder copy loads', () => {
    const m = Machine.assemble();
    m.addFile('C:\\App\\app.exe', writePe({ kind: 'exe', imports: { 'foo.dll': ['F'] } }));
    m.addFile('C:\\App\\Foo\\foo.dll', writePe({ kind: 'dll', exports: ['F'] }));
    m.addFile('C:\\App\\foo.dll', writePe({ kind: 'dll', exports: ['F'] }));
    const b = bootMachine(m, { mode: 'minimal' });
    const rt = new UserModeRuntime(b.kernel);
    const s = startImage(b, rt, { imagePath: 'C:\\App\\app.exe' });
    expect(rt.processData(s.process!).ldr!.byName.get('foo.dll')!.resolvedBy).toBe('appDir');
  });
});

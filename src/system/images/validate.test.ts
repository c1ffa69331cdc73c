import { describe, expect, it } from 'vitest';
import { ManifestError, validateManifest } from './validate.js';

describe('validateManifest', () => {
  const ok = { path: 'C:\\Windows\\System32\\a.dll', source: 'test', pe: { kind: 'dll' as const } };
  it('accepts a good manifest', () => {
    expect(() => validateManifest('m', [ok])).not.toThrow();
  });
  it('names the field of each problem', () => {
    expect(() => validateManifest('m', [ok, { ...ok, path: 'c:\\WINDOWS\\system32\\A.DLL' }])).toThrow(
      new ManifestError('m.files[1].path', 'c:\\WINDOWS\\system32\\A.DLL is also files[0]'),
    );
    expect(() => validateManifest('m', [{ ...ok, path: 'Windows\\a.dll' }])).toThrow(
      /m\.files\[0\]\.path: "Windows\\\\a\.dll" is not an absolute Win32 file path/,
    );
    expect(() => validateManifest('m', [{ ...ok, source: '' }])).toThrow('m.files[0].source');
    expect(() => validateManifest('m', [{ ...ok, pe: { kind: 'dll', exports: ['a', 'a'] } }])).toThrow(
      new ManifestError('m.files[0].pe.exports[1]', 'name a is exported twice'),
    );
  });
});

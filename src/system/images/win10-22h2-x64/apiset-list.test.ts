import { describe, expect, it } from 'vitest';
import { apiSetList } from './apiset-list.js';

describe('apiSetList', () => {
  it('reads hosted, unhosted and importer-specific contracts, skipping comments', () => {
    expect(
      apiSetList(`
        ; a comment
        api-ms-win-core-file-l1-1-0 kernelbase.dll

        api-ms-win-core-unhosted-l1-1-0
        ext-ms-win-foo-l1-1-0 foo.dll kernel32.dll=kernelbase.dll bar.dll=baz.dll
      `),
    ).toEqual([
      { name: 'api-ms-win-core-file-l1-1-0', hosts: [{ importer: null, host: 'kernelbase.dll' }] },
      { name: 'api-ms-win-core-unhosted-l1-1-0', hosts: [] },
      {
        name: 'ext-ms-win-foo-l1-1-0',
        hosts: [
          { importer: null, host: 'foo.dll' },
          { importer: 'kernel32.dll', host: 'kernelbase.dll' },
          { importer: 'bar.dll', host: 'baz.dll' },
        ],
      },
    ]);
  });

  it('rejects an importer-specific host without a default, and two defaults', () => {
    expect(() => apiSetList('ext-ms-win-foo-l1-1-0 kernel32.dll=kernelbase.dll')).toThrow(
      /before the default host/,
    );
    expect(() => apiSetList('ext-ms-win-foo-l1-1-0 a.dll b.dll')).toThrow(/a second default host b\.dll/);
  });
});

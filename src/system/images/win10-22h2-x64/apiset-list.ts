import type { ApiSetHost } from '../../../pe/index.js';

/**
 * API set contracts kept as text, one contract a line, so the ~500 of a schema stay compact data:
 *   `api-ms-win-core-file-l1-1-0 kernelbase.dll`                 hosted by kernelbase.dll
 *   `api-ms-win-core-foo-l1-1-0`                                 in the schema but not hosted
 *   `ext-ms-win-foo-l1-1-0 foo.dll kernel32.dll=kernelbase.dll`  an importer-specific host (importer=host)
 *                                                                after the default one
 * Blank lines and lines starting with `;` are ignored. Names are kept as written (without `.dll`,
 * as the schema stores them: ../shared/reference/internals.md §8.1).
 */
export function apiSetList(text: string): { name: string; hosts: ApiSetHost[] }[] {
  const out: { name: string; hosts: ApiSetHost[] }[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith(';')) continue;
    const [name, ...rest] = line.split(/\s+/) as [string, ...string[]];
    const hosts: ApiSetHost[] = [];
    for (const part of rest) {
      const eq = part.indexOf('=');
      if (eq < 0) {
        if (hosts.length > 0) throw new Error(`API set line "${line}": a second default host ${part}`);
        hosts.push({ importer: null, host: part });
      } else {
        // An importer-specific host follows the default, the schema's values[0] (§8.2 step 5).
        if (hosts.length === 0) throw new Error(`API set line "${line}": ${part} before the default host`);
        hosts.push({ importer: part.slice(0, eq), host: part.slice(eq + 1) });
      }
    }
    out.push({ name, hosts });
  }
  return out;
}

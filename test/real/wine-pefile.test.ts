import { describe, expect, it } from 'vitest';
import { describeFile } from '../../src/tools/cli/commands/pe.js';
import type { PeView } from '../../src/pe/index.js';
import { hasPefile, pefileDump, realImagesRequired, wineCorpus } from './corpus.js';

/**
 * Every x64 image in Debian's wine64 package parses, and agrees with python3-pefile on format,
 * machine, image base, entry point, sections (name, VA, raw size), imports and delay imports (DLL,
 * then each name or ordinal, in order), exports (ordinal, name, forwarder) and TLS callback count.
 */
const files = wineCorpus();
const run = files.length > 0 && hasPefile();
if (!run && realImagesRequired())
  throw new Error('wine64 and python3-pefile are required (apt-get install wine64 python3-pefile)');

type Fn = { name?: string | null; ordinal?: number };
const fns = (list: Fn[]): string[] => list.map((f) => (f.name != null ? f.name : `#${f.ordinal}`));

function ours(v: PeView): Record<string, unknown> {
  return {
    format: v.format,
    machine: v.machine,
    imageBase: v.imageBase,
    entryPoint: v.entryPoint,
    sections: v.sections.map((s) => ({
      name: s.name,
      virtualAddress: s.virtualAddress,
      sizeOfRawData: s.sizeOfRawData,
    })),
    imports: v.imports.map((d) => ({ dll: d.dll, functions: fns(d.functions) })),
    delayImports: v.delayImports.map((d) => ({ dll: d.dll, functions: fns(d.functions) })),
    exports: v.exports
      ? v.exports.functions.map((f) => `${f.ordinal} ${f.name ?? ''} ${f.forwarder ?? ''}`).sort()
      : null,
    tlsCallbacks: v.tls ? v.tls.callbacks.length : null,
  };
}

function theirs(p: Record<string, unknown>): Record<string, unknown> {
  const exp = p.exports as { ordinal: number; name: string | null; forwarder: string | null }[] | null;
  return {
    format: p.format,
    machine: p.machine,
    imageBase: p.imageBase,
    entryPoint: p.entryPoint,
    sections: p.sections,
    imports: (p.imports as { dll: string; functions: Fn[] }[]).map((d) => ({
      dll: d.dll,
      functions: fns(d.functions),
    })),
    delayImports: (p.delayImports as { dll: string; functions: Fn[] }[]).map((d) => ({
      dll: d.dll,
      functions: fns(d.functions),
    })),
    exports: exp ? exp.map((f) => `${f.ordinal} ${f.name ?? ''} ${f.forwarder ?? ''}`).sort() : null,
    tlsCallbacks: p.tlsCallbacks,
  };
}

describe.runIf(run)('wine64 x64 corpus against python3-pefile', () => {
  it(`reads all ${files.length} images and agrees with pefile on every compared field`, () => {
    expect(files.length).toBeGreaterThan(600);
    const reference = pefileDump(files);
    const disagreements: string[] = [];
    let imports = 0;
    let exports = 0;
    for (const f of files) {
      const v = describeFile(f);
      if (v.error) {
        disagreements.push(`${f}: ntsim refused it: ${v.error.statusName} ${v.error.message}`);
        continue;
      }
      const p = reference.get(f);
      if (!p || p.error) {
        disagreements.push(`${f}: pefile refused it: ${String(p?.error)}`);
        continue;
      }
      const a = ours(v as PeView);
      const b = theirs(p);
      for (const k of Object.keys(b))
        if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) disagreements.push(`${f}: ${k} differs`);
      imports += (v as PeView).imports.reduce((n, d) => n + d.functions.length, 0);
      exports += (v as PeView).exports?.functions.length ?? 0;
    }
    expect(disagreements).toEqual([]);
    // The corpus is not trivially small: it exercises tens of thousands of imports and exports.
    expect(imports).toBeGreaterThan(10000);
    expect(exports).toBeGreaterThan(10000);
  });
});

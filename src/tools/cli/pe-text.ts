import type { PeErrorView, PeView } from '../../pe/index.js';

const h = (n: number, w = 8): string => n.toString(16).toUpperCase().padStart(w, ' ');

/** A dumpbin /headers /imports /exports-style text view of one image. */
export function formatPeText(v: PeView | PeErrorView): string {
  if ('error' in v && v.error)
    return `Dump of file ${v.path}\n\n  error ${v.error.status} ${v.error.statusName}: ${v.error.message}\n`;
  const p = v as PeView;
  const L: string[] = [];
  L.push(
    `Dump of file ${p.path}`,
    '',
    'PE signature found',
    '',
    `File Type: ${p.characteristics.includes('DLL') ? 'DLL' : 'EXECUTABLE IMAGE'}`,
    '',
  );
  L.push('FILE HEADER VALUES');
  L.push(`${''.padStart(8)} machine (${p.machine})`);
  L.push(`${h(p.sections.length)} number of sections`);
  L.push(`${h(p.timeDateStamp)} time date stamp`);
  L.push(`${''.padStart(8)} characteristics: ${p.characteristics.join(', ')}`, '');
  L.push('OPTIONAL HEADER VALUES');
  L.push(`${''.padStart(8)} magic # (${p.format})`);
  L.push(`${h(p.entryPoint)} entry point`);
  L.push(`${p.imageBase.slice(2).toUpperCase().padStart(8)} image base`);
  L.push(`${h(p.sectionAlignment)} section alignment`);
  L.push(`${h(p.fileAlignment)} file alignment`);
  L.push(`${h(p.sizeOfImage)} size of image`);
  L.push(`${h(p.checksum)} checksum`);
  L.push(`${''.padStart(8)} subsystem (${p.subsystem})`);
  L.push(`${''.padStart(8)} DLL characteristics: ${p.dllCharacteristics.join(', ') || '(none)'}`, '');
  p.sections.forEach((s, i) => {
    L.push(`SECTION HEADER #${i + 1}`);
    L.push(`${s.name.padStart(8)} name`);
    L.push(`${h(s.virtualSize)} virtual size`);
    L.push(`${h(s.virtualAddress)} virtual address`);
    L.push(`${h(s.sizeOfRawData)} size of raw data`);
    L.push(`${h(s.pointerToRawData)} file pointer to raw data`);
    L.push(`${s.characteristics.slice(2).toUpperCase().padStart(8)} flags`, '');
  });
  const imports = (title: string, list: PeView['imports']): void => {
    if (!list.length) return;
    L.push(`  Section contains the following ${title}:`, '');
    for (const d of list) {
      L.push(`    ${d.dll}`);
      for (const f of d.functions)
        L.push('name' in f ? `      ${h(f.hint, 4)} ${f.name}` : `      Ordinal ${f.ordinal}`);
      L.push('');
    }
  };
  imports('imports', p.imports);
  imports('delay load imports', p.delayImports);
  if (p.exports) {
    L.push(`  Section contains the following exports for ${p.exports.dllName}`, '');
    L.push(
      `  ${h(p.exports.ordinalBase)} ordinal base`,
      `  ${h(p.exports.functions.length)} number of functions`,
      '',
    );
    L.push('    ordinal RVA      name', '');
    for (const f of p.exports.functions)
      L.push(
        `    ${String(f.ordinal).padStart(7)} ${f.rva === null ? ''.padStart(8) : f.rva.toString(16).toUpperCase().padStart(8, '0')} ${f.name ?? '[NONAME]'}${f.forwarder ? ` (forwarded to ${f.forwarder})` : ''}`,
      );
    L.push('');
  }
  if (p.tls) L.push(`  TLS callbacks: ${p.tls.callbacks.join(', ') || '(none)'}`, '');
  if (p.relocations)
    L.push(`  Base relocations: ${p.relocations.blocks} blocks, ${p.relocations.entries} entries`, '');
  for (const d of p.debug) L.push(`  Debug: ${d.type}${d.pdb ? ` ${d.pdb} {${d.guid}} age ${d.age}` : ''}`);
  if (p.debug.length) L.push('');
  if (p.loadConfig)
    L.push(
      `  Load config: GuardFlags ${p.loadConfig.guardFlags}, DependentLoadFlags ${p.loadConfig.dependentLoadFlags}`,
      '',
    );
  if (p.clr) L.push('  CLR header present (.NET assembly)', '');
  if (p.signature.present)
    for (const c of p.signature.certificates ?? [])
      L.push(
        `  Certificate: type ${c.type}, ${c.length} bytes${c.subject ? `, signer ${c.subject}` : ''}${c.ekus.length ? `, EKUs ${c.ekus.join(' ')}` : ''}`,
      );
  if (p.apiSetSchema)
    L.push(`  API set schema: version ${p.apiSetSchema.version}, ${p.apiSetSchema.count} contracts`);
  if (p.trustletPolicy)
    L.push(
      `  Trustlet policy: trustlet ID ${p.trustletPolicy.trustletId}, ${JSON.stringify(p.trustletPolicy.policies)}`,
    );
  return L.join('\n') + '\n';
}

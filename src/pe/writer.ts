import { alignUp, ByteWriter } from '../base/index.js';
import { buildApiSetSchema } from './apiset-schema.js';
import { buildAuthenticodeModel } from './authenticode-model.js';
import {
  IMAGE_DIRECTORY_ENTRY,
  IMAGE_DLLCHARACTERISTICS as DLLC,
  IMAGE_FILE,
  IMAGE_FILE_MACHINE,
  IMAGE_REL_BASED,
  IMAGE_SCN,
  IMAGE_SUBSYSTEM,
} from './constants.js';
import { normalizePeSpec, type NormalizedPeSpec, type PeSpec } from './spec.js';
import { encodeTrustletPolicy, IMAGE_POLICY_EXPORT, IMAGE_POLICY_SECTION_NAME } from './trustlet-policy.js';

/** The section that carries what the model needs about a synthesized program beyond its code. */
export const NTSIM_NOTE_SECTION = '.ntsim';

const FILE_ALIGN = 0x200;
const SECTION_ALIGN = 0x1000;
const SUBSYSTEMS = {
  console: IMAGE_SUBSYSTEM.WINDOWS_CUI!,
  windows: IMAGE_SUBSYSTEM.WINDOWS_GUI!,
  native: IMAGE_SUBSYSTEM.NATIVE!,
  'efi-application': IMAGE_SUBSYSTEM.EFI_APPLICATION!,
  posix: IMAGE_SUBSYSTEM.POSIX_CUI!,
};
/** A 64-byte MS-DOS stub: prints "This program cannot be run in DOS mode." and exits. */
const DOS_STUB = Uint8Array.from([
  0x0e,
  0x1f,
  0xba,
  0x0e,
  0x00,
  0xb4,
  0x09,
  0xcd,
  0x21,
  0xb8,
  0x01,
  0x4c,
  0xcd,
  0x21,
  ...Array.from('This program cannot be run in DOS mode.\r\r\n$', (c) => c.charCodeAt(0)),
]);

type SectionId = 'text' | 'rdata' | 'data' | 'apiset' | 'tpolicy' | 'note' | 'reloc';
const ORDER: { id: SectionId; name: string; flags: number }[] = [
  { id: 'text', name: '.text', flags: IMAGE_SCN.CNT_CODE | IMAGE_SCN.MEM_EXECUTE | IMAGE_SCN.MEM_READ },
  { id: 'rdata', name: '.rdata', flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ },
  {
    id: 'data',
    name: '.data',
    flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ | IMAGE_SCN.MEM_WRITE,
  },
  { id: 'apiset', name: '.apiset', flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ },
  {
    id: 'tpolicy',
    name: IMAGE_POLICY_SECTION_NAME,
    flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ,
  },
  {
    id: 'note',
    name: NTSIM_NOTE_SECTION,
    flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ | IMAGE_SCN.MEM_DISCARDABLE,
  },
  {
    id: 'reloc',
    name: '.reloc',
    flags: IMAGE_SCN.CNT_INITIALIZED_DATA | IMAGE_SCN.MEM_READ | IMAGE_SCN.MEM_DISCARDABLE,
  },
];

interface Built {
  sections: Record<SectionId, ByteWriter>;
  dirs: Map<number, { section: SectionId; offset: number; size: number }>;
  entry: number;
}

/** Code stubs: `mov eax, imm32; ret` (x86/x64) or `movz w0, #imm16; ret` (ARM64), padded to 16 bytes. */
function stub(machine: NormalizedPeSpec['machine'], value: number): Uint8Array {
  const out = new Uint8Array(16).fill(machine === 'ARM64' ? 0 : 0xcc);
  if (machine === 'ARM64') {
    const dv = new DataView(out.buffer);
    dv.setUint32(0, (0x52800000 | ((value & 0xffff) << 5)) >>> 0, true);
    dv.setUint32(4, 0xd65f03c0, true);
  } else {
    out[0] = 0xb8;
    new DataView(out.buffer).setUint32(1, value >>> 0, true);
    out[5] = 0xc3;
  }
  return out;
}

/**
 * Synthesizes a valid image from a PeSpec. Layout: headers, then .text, .rdata, .data, .tPolicy,
 * .ntsim and .reloc as needed, each section page-aligned in memory and 512-aligned in the file;
 * the security directory (if signed) after the last section. Built twice: the first pass sizes
 * every section (sizes never depend on addresses), the second writes the final addresses.
 */
export function writePe(input: PeSpec): Uint8Array {
  const spec = normalizePeSpec(input);
  const is64 = spec.machine !== 'I386';
  const optSize = is64 ? 240 : 224;
  const firstPass = build(spec, () => 0);
  const present = ORDER.filter((s) => firstPass.sections[s.id].length > 0);
  const headerEnd = 0x80 + 4 + 20 + optSize + 40 * present.length;
  const sizeOfHeaders = alignUp(headerEnd, FILE_ALIGN);
  const rvaOfSection = new Map<SectionId, number>();
  let rva = alignUp(sizeOfHeaders, SECTION_ALIGN);
  for (const s of present) {
    rvaOfSection.set(s.id, rva);
    rva += alignUp(firstPass.sections[s.id].length, SECTION_ALIGN);
  }

  // Only .reloc (the last section) can change size in the second pass: its blocks follow pages.
  const built = build(spec, (id) => rvaOfSection.get(id) ?? 0);
  const last = present[present.length - 1]!;
  const sizeOfImage = rvaOfSection.get(last.id)! + alignUp(built.sections[last.id].length, SECTION_ALIGN);

  const out = new ByteWriter();
  // IMAGE_DOS_HEADER
  out.u16(0, 0x5a4d);
  out.u16(2, 0x90);
  out.u16(4, 3);
  out.u16(8, 4);
  out.u16(0x0c, 0xffff);
  out.u16(0x10, 0xb8);
  out.u16(0x18, 0x40);
  out.u32(0x3c, 0x80);
  out.bytes(0x40, DOS_STUB);
  // IMAGE_NT_HEADERS
  const nt = 0x80;
  out.u32(nt, 0x4550);
  const fh = nt + 4;
  let characteristics = IMAGE_FILE.EXECUTABLE_IMAGE!;
  if (is64) characteristics |= IMAGE_FILE.LARGE_ADDRESS_AWARE!;
  else characteristics |= IMAGE_FILE['32BIT_MACHINE']!;
  if (spec.kind === 'dll') characteristics |= IMAGE_FILE.DLL!;
  if (!spec.dynamicBase && spec.kind === 'exe') characteristics |= IMAGE_FILE.RELOCS_STRIPPED!;
  out.u16(fh, IMAGE_FILE_MACHINE[spec.machine]!);
  out.u16(fh + 2, present.length);
  out.u32(fh + 4, 0); // TimeDateStamp: 0 keeps output deterministic
  out.u16(fh + 16, optSize);
  out.u16(fh + 18, characteristics);
  const oh = fh + 20;
  const sizeOf = (flag: number): number =>
    present
      .filter((s) => s.flags & flag)
      .reduce((n, s) => n + alignUp(built.sections[s.id].length, FILE_ALIGN), 0);
  out.u16(oh, is64 ? 0x20b : 0x10b);
  out.u8(oh + 2, 14);
  out.u32(oh + 4, sizeOf(IMAGE_SCN.CNT_CODE));
  out.u32(oh + 8, sizeOf(IMAGE_SCN.CNT_INITIALIZED_DATA));
  out.u32(oh + 16, built.entry + (rvaOfSection.get('text') ?? 0));
  out.u32(oh + 20, rvaOfSection.get('text') ?? 0);
  if (is64) out.u64(oh + 24, spec.imageBase);
  else {
    out.u32(oh + 24, rvaOfSection.get('rdata') ?? 0);
    out.u32(oh + 28, Number(spec.imageBase));
  }
  out.u32(oh + 32, SECTION_ALIGN);
  out.u32(oh + 36, FILE_ALIGN);
  out.u16(oh + 40, 6);
  out.u16(oh + 48, 6);
  out.u32(oh + 56, sizeOfImage);
  out.u32(oh + 60, sizeOfHeaders);
  out.u16(oh + 68, SUBSYSTEMS[spec.subsystem]);
  let dllc = DLLC.NX_COMPAT!;
  if (spec.dynamicBase) dllc |= DLLC.DYNAMIC_BASE! | (is64 ? DLLC.HIGH_ENTROPY_VA! : 0);
  if (spec.kind === 'exe') dllc |= DLLC.TERMINAL_SERVER_AWARE!;
  out.u16(oh + 70, dllc);
  const w = is64 ? 8 : 4;
  const put = (o: number, v: number): void => (is64 ? out.u64(o, BigInt(v)) : out.u32(o, v));
  put(oh + 72, 0x100000);
  put(oh + 72 + w, 0x1000);
  put(oh + 72 + 2 * w, 0x100000);
  put(oh + 72 + 3 * w, 0x1000);
  const dd = oh + 72 + 4 * w + 8;
  out.u32(dd - 4, 16);
  for (const [index, d] of built.dirs) {
    out.u32(dd + 8 * index, (rvaOfSection.get(d.section) ?? 0) + d.offset);
    out.u32(dd + 8 * index + 4, d.size);
  }
  // Section table and raw data.
  let raw = sizeOfHeaders;
  present.forEach((s, i) => {
    const data = built.sections[s.id].toBytes();
    const sh = oh + optSize + 40 * i;
    for (let c = 0; c < s.name.length; c++) out.u8(sh + c, s.name.charCodeAt(c));
    out.u32(sh + 8, data.length);
    out.u32(sh + 12, rvaOfSection.get(s.id)!);
    out.u32(sh + 16, alignUp(data.length, FILE_ALIGN));
    out.u32(sh + 20, raw);
    out.u32(sh + 36, s.flags >>> 0);
    out.bytes(raw, data);
    raw += alignUp(data.length, FILE_ALIGN);
    out.zeroTo(raw);
  });
  if (spec.signature.signer !== 'none') {
    const pkcs7 = buildAuthenticodeModel(spec.signature.signer, spec.signature.ekus);
    const at = alignUp(raw, 8);
    const len = 8 + pkcs7.length;
    out.u32(at, len);
    out.u16(at + 4, 0x0200); // WIN_CERT_REVISION_2_0
    out.u16(at + 6, 2); // WIN_CERT_TYPE_PKCS_SIGNED_DATA
    out.bytes(at + 8, pkcs7);
    out.zeroTo(at + alignUp(len, 8));
    out.u32(dd + 8 * IMAGE_DIRECTORY_ENTRY.SECURITY, at);
    out.u32(dd + 8 * IMAGE_DIRECTORY_ENTRY.SECURITY + 4, alignUp(len, 8));
  }
  const bytes = out.toBytes();
  new DataView(bytes.buffer).setUint32(oh + 64, peChecksum(bytes, oh + 64), true);
  return bytes;
}

/** The PE checksum (imagehlp CheckSumMappedFile): 16-bit one's-complement-style sum plus the file length. */
export function peChecksum(bytes: Uint8Array, checksumOffset: number): number {
  let sum = 0;
  const n = bytes.length & ~1;
  for (let i = 0; i < n; i += 2) {
    if (i === checksumOffset || i === checksumOffset + 2) continue;
    sum += bytes[i]! | (bytes[i + 1]! << 8);
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  if (bytes.length & 1) {
    sum += bytes[bytes.length - 1]!;
    sum = (sum & 0xffff) + (sum >>> 16);
  }
  return ((sum & 0xffff) + bytes.length) >>> 0;
}

function build(spec: NormalizedPeSpec, sectionRva: (id: SectionId) => number): Built {
  const is64 = spec.machine !== 'I386';
  const w = is64 ? 8 : 4;
  const base = spec.imageBase;
  const s: Record<SectionId, ByteWriter> = {
    text: new ByteWriter(),
    rdata: new ByteWriter(),
    data: new ByteWriter(),
    apiset: new ByteWriter(),
    tpolicy: new ByteWriter(),
    note: new ByteWriter(),
    reloc: new ByteWriter(),
  };
  const dirs: Built['dirs'] = new Map();
  const rvaOf = (id: SectionId, off: number): number => sectionRva(id) + off;
  const fixups: number[] = []; // RVAs of absolute pointers
  const putVa = (id: SectionId, off: number, targetRva: number): void => {
    const va = base + BigInt(targetRva);
    if (is64) s[id].u64(off, va);
    else s[id].u32(off, Number(va));
    fixups.push(rvaOf(id, off));
  };
  let r = 0; // the next free offset in .rdata
  /** A lookup-table entry: the ordinal flag and ordinal for `#N`, else the RVA of a new IMAGE_IMPORT_BY_NAME (hint 0) in .rdata. */
  const importThunk = (f: string): bigint => {
    if (f.startsWith('#')) return (is64 ? 0x8000000000000000n : 0x80000000n) | BigInt(f.slice(1));
    r = alignUp(r, 2);
    const at = r;
    s.rdata.u16(at, 0);
    r = s.rdata.asciiz(at + 2, f);
    return BigInt(rvaOf('rdata', at));
  };
  const putThunk = (id: SectionId, off: number, value: bigint): void =>
    is64 ? s[id].u64(off, value) : s[id].u32(off, Number(value));

  // .text: the entry point (exe: returns exitCode; dll: DllMain returns dllMainReturns), then
  // one stub per export, per TLS callback and per delay-load thunk.
  const entryValue = spec.kind === 'dll' ? (spec.dllMainReturns ? 1 : 0) : (spec.exitCode ?? 0);
  s.text.bytes(0, stub(spec.machine, entryValue));
  let textAt = 16;
  const exportCode = new Map<number, number>(); // ordinal → offset of its stub
  for (const e of spec.exports)
    if (!e.forward) {
      exportCode.set(e.ordinal, textAt);
      s.text.bytes(textAt, stub(spec.machine, 0));
      textAt += 16;
    }
  const tlsCode: number[] = [];
  for (let i = 0; i < spec.tlsCallbacks; i++) {
    tlsCode.push(textAt);
    s.text.bytes(textAt, stub(spec.machine, 0));
    textAt += 16;
  }
  const delayDlls = Object.entries(spec.delayImports);
  const delayCode: number[][] = delayDlls.map(([, fns]) =>
    fns.map(() => {
      const at = textAt;
      s.text.bytes(at, stub(spec.machine, 0));
      textAt += 16;
      return at;
    }),
  );

  // .rdata: imports (descriptors, lookup tables, hint/name entries, DLL names).
  const importDlls = Object.entries(spec.imports);
  let dataAt = 0;
  if (importDlls.length) {
    const descAt = r;
    r += 20 * (importDlls.length + 1);
    const iltAt: number[] = [];
    for (const [, fns] of importDlls) {
      iltAt.push(r);
      r += w * (fns.length + 1);
    }
    const iatStart = dataAt;
    importDlls.forEach(([dll, fns], i) => {
      const iat = dataAt;
      dataAt += w * (fns.length + 1);
      fns.forEach((f, j) => {
        const thunk = importThunk(f);
        putThunk('rdata', iltAt[i]! + w * j, thunk);
        putThunk('data', iat + w * j, thunk);
      });
      s.data.zeroTo(iat + w * (fns.length + 1));
      const nameAt = r;
      r = s.rdata.asciiz(r, dll);
      const d = descAt + 20 * i;
      s.rdata.u32(d, rvaOf('rdata', iltAt[i]!));
      s.rdata.u32(d + 12, rvaOf('rdata', nameAt));
      s.rdata.u32(d + 16, rvaOf('data', iat));
    });
    s.rdata.zeroTo(descAt + 20 * (importDlls.length + 1));
    dirs.set(IMAGE_DIRECTORY_ENTRY.IMPORT, {
      section: 'rdata',
      offset: descAt,
      size: 20 * (importDlls.length + 1),
    });
    dirs.set(IMAGE_DIRECTORY_ENTRY.IAT, { section: 'data', offset: iatStart, size: dataAt - iatStart });
  }

  // Delay-load imports (IMAGE_DELAYLOAD_DESCRIPTOR, RVA-based), their name tables, IATs and handles.
  if (delayDlls.length) {
    r = alignUp(r, 8);
    const descAt = r;
    r += 32 * (delayDlls.length + 1);
    delayDlls.forEach(([dll, fns], i) => {
      const intAt = alignUp(r, 8);
      r = intAt + w * (fns.length + 1);
      dataAt = alignUp(dataAt, 8);
      const handleAt = dataAt;
      const iatAt = handleAt + 8;
      dataAt = iatAt + w * (fns.length + 1);
      s.data.zeroTo(dataAt);
      fns.forEach((f, j) => {
        const thunk = importThunk(f);
        putThunk('rdata', intAt + w * j, thunk);
        putVa('data', iatAt + w * j, rvaOf('text', delayCode[i]![j]!));
      });
      const nameAt = r;
      r = s.rdata.asciiz(r, dll);
      const d = descAt + 32 * i;
      s.rdata.u32(d, 1); // dlattrRva
      s.rdata.u32(d + 4, rvaOf('rdata', nameAt));
      s.rdata.u32(d + 8, rvaOf('data', handleAt));
      s.rdata.u32(d + 12, rvaOf('data', iatAt));
      s.rdata.u32(d + 16, rvaOf('rdata', intAt));
    });
    s.rdata.zeroTo(descAt + 32 * (delayDlls.length + 1));
    dirs.set(IMAGE_DIRECTORY_ENTRY.DELAY_IMPORT, {
      section: 'rdata',
      offset: descAt,
      size: 32 * (delayDlls.length + 1),
    });
  }

  if (spec.apiSetSchema) s.apiset.bytes(0, buildApiSetSchema(spec.apiSetSchema));

  // Trustlet policy, exported as s_IumPolicyMetadata (a data export into .tPolicy).
  const exports = [
    ...spec.exports.map((e) => ({ ...e, rva: e.forward ? 0 : rvaOf('text', exportCode.get(e.ordinal)!) })),
  ];
  if (spec.trustletPolicy) {
    const enc = encodeTrustletPolicy(
      spec.trustletPolicy.trustletId,
      spec.trustletPolicy.policies,
      (off) => base + BigInt(rvaOf('tpolicy', off)),
    );
    s.tpolicy.bytes(0, enc.bytes);
    for (const o of enc.relocs) fixups.push(rvaOf('tpolicy', o));
    const used = new Set(exports.map((e) => e.ordinal));
    let ord = 1;
    while (used.has(ord)) ord++;
    exports.push({ name: IMAGE_POLICY_EXPORT, ordinal: ord, rva: rvaOf('tpolicy', 0) });
  }

  // Exports: directory, address table by ordinal, name pointers sorted by name, name ordinals,
  // then the DLL name, the names, and forwarder strings (inside the directory's range).
  if (exports.length) {
    r = alignUp(r, 4);
    const dirAt = r;
    const ordinals = exports.map((e) => e.ordinal);
    const ordBase = Math.min(...ordinals);
    const nf = Math.max(...ordinals) - ordBase + 1;
    const byName = exports
      .filter((e): e is typeof e & { name: string } => e.name !== null)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const eat = dirAt + 40;
    const enpt = eat + 4 * nf;
    const eot = enpt + 4 * byName.length;
    r = eot + 2 * byName.length;
    const dllNameAt = r;
    r = s.rdata.asciiz(r, spec.dllName);
    byName.forEach((e, i) => {
      s.rdata.u32(enpt + 4 * i, rvaOf('rdata', r));
      r = s.rdata.asciiz(r, e.name);
      s.rdata.u16(eot + 2 * i, e.ordinal - ordBase);
    });
    for (const e of exports) {
      let target = e.rva;
      if (e.forward) {
        target = rvaOf('rdata', r);
        r = s.rdata.asciiz(r, e.forward);
      }
      s.rdata.u32(eat + 4 * (e.ordinal - ordBase), target);
    }
    s.rdata.zeroTo(eat + 4 * nf);
    s.rdata.u32(dirAt + 12, rvaOf('rdata', dllNameAt));
    s.rdata.u32(dirAt + 16, ordBase);
    s.rdata.u32(dirAt + 20, nf);
    s.rdata.u32(dirAt + 24, byName.length);
    s.rdata.u32(dirAt + 28, rvaOf('rdata', eat));
    s.rdata.u32(dirAt + 32, rvaOf('rdata', enpt));
    s.rdata.u32(dirAt + 36, rvaOf('rdata', eot));
    dirs.set(IMAGE_DIRECTORY_ENTRY.EXPORT, { section: 'rdata', offset: dirAt, size: r - dirAt });
  }

  // TLS: the directory and callback array in .rdata, the index and template data in .data.
  if (spec.tlsCallbacks > 0) {
    dataAt = alignUp(dataAt, 8);
    const templateAt = dataAt;
    s.data.bytes(
      templateAt,
      Uint8Array.from('ntsimTLS', (c) => c.charCodeAt(0)),
    );
    const indexAt = templateAt + 8;
    dataAt = indexAt + 8;
    s.data.zeroTo(dataAt);
    r = alignUp(r, 8);
    const dirAt = r;
    const arrayAt = dirAt + 4 * w + 8;
    putVa('rdata', dirAt, rvaOf('data', templateAt));
    putVa('rdata', dirAt + w, rvaOf('data', templateAt + 8));
    putVa('rdata', dirAt + 2 * w, rvaOf('data', indexAt));
    putVa('rdata', dirAt + 3 * w, rvaOf('rdata', arrayAt));
    tlsCode.forEach((code, i) => putVa('rdata', arrayAt + w * i, rvaOf('text', code)));
    r = arrayAt + w * (spec.tlsCallbacks + 1);
    s.rdata.zeroTo(r);
    dirs.set(IMAGE_DIRECTORY_ENTRY.TLS, { section: 'rdata', offset: dirAt, size: 4 * w + 8 });
  }

  // The model's note: what the program does once running, which no code here expresses.
  const note = { behavior: spec.behavior, exitCode: spec.exitCode, dllMainReturns: spec.dllMainReturns };
  if (spec.behavior.length || spec.exitCode !== null || !spec.dllMainReturns) {
    const json = JSON.stringify(note);
    s.note.asciiz(0, json);
  }

  // Base relocations, one block per 4 KB page.
  if (spec.dynamicBase) {
    const type = is64 ? IMAGE_REL_BASED.DIR64 : IMAGE_REL_BASED.HIGHLOW;
    const pages = new Map<number, number[]>();
    for (const f of [...fixups].sort((a, b) => a - b)) {
      const page = f & ~0xfff;
      (pages.get(page) ?? pages.set(page, []).get(page)!).push(f & 0xfff);
    }
    let o = 0;
    for (const [page, offs] of pages) {
      const entries = offs.map((x) => (type << 12) | x);
      while (entries.length % 2 !== 0) entries.push(0); // IMAGE_REL_BASED_ABSOLUTE padding
      s.reloc.u32(o, page);
      s.reloc.u32(o + 4, 8 + 2 * entries.length);
      entries.forEach((e, i) => s.reloc.u16(o + 8 + 2 * i, e));
      o += 8 + 2 * entries.length;
    }
    // An image without absolute pointers needs no .reloc: it relocates with nothing to fix.
    if (o > 0) dirs.set(IMAGE_DIRECTORY_ENTRY.BASERELOC, { section: 'reloc', offset: 0, size: o });
  }
  return { sections: s, dirs, entry: 0 };
}

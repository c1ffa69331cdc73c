import { describe, expect, it } from 'vitest';
import { LAYOUT_19045_X64 } from '../../src/base/index.js';
import { readPebLdr } from '../../src/ntdll/index.js';
import { addr, byImage, defaultEngine, lines } from './support.js';

/**
 * `!peb`, `db @$peb` and the loader lists against what the loader itself reads back
 * (src/ntdll/ldr readPebLdr); the `!peb` line order and labels are the Windows 10 x64 transcript's
 * (internals.md §11).
 */
const e = defaultEngine();
const p = byImage(e, 'explorer.exe');
lines(e, `.process /p ${addr(p)}`);
const as = p.addressSpace!;
const h16 = (n: number) => n.toString(16).padStart(16, '0');

describe('!peb', () => {
  const out = lines(e, '!peb');
  const ldr = readPebLdr(as, LAYOUT_19045_X64, p.Peb)!;
  it('the transcript’s labels, in its order', () => {
    const labels = out.map((l) => l.trim().split(/[: ]/)[0]).filter((l) => !/^[0-9a-f]+$/.test(l!));
    expect(labels.slice(0, 12)).toEqual([
      'PEB',
      'InheritedAddressSpace',
      'ReadImageFileExecOptions',
      'BeingDebugged',
      'ImageBaseAddress',
      'NtGlobalFlag',
      'NtGlobalFlag2',
      'Ldr',
      'Ldr.Initialized',
      'Ldr.InInitializationOrderModuleList',
      'Ldr.InLoadOrderModuleList',
      'Ldr.InMemoryOrderModuleList',
    ]);
    expect(out).toContain('                    Base TimeStamp                     Module');
  });
  it('values read from the process: PEB address, image base, Ldr, Initialized', () => {
    expect(out[0]).toBe(`PEB at ${h16(p.Peb)}`);
    expect(out[4]).toBe(`    ImageBaseAddress:         ${h16(as.ptr(p.Peb + 0x10))}`);
    expect(out[7]).toBe(`    Ldr                       ${h16(ldr.ldr)}`);
    expect(out[8]).toBe('    Ldr.Initialized:          Yes');
  });
  it('one module line per InLoadOrderModuleList entry, in load order, with its full path', () => {
    const mods = out.filter((l) => /^ {4} *[0-9a-f]+ [0-9a-f]{8} \w{3} \d\d /.test(l));
    expect(mods.map((l) => l.slice(l.lastIndexOf(' ') + 1))).toEqual(
      ldr.inLoadOrder.map((m) => m.fullDllName),
    );
    expect(mods.map((l) => Number.parseInt(l.trim().split(' ')[0]!, 16))).toEqual(
      ldr.inLoadOrder.map((m) => m.base),
    );
  });
  it('the process parameters’ strings', () => {
    expect(out).toContain("    ImageFile:    'C:\\Windows\\explorer.exe'");
    expect(out).toContain("    CommandLine:  'C:\\Windows\\Explorer.EXE'");
    expect(out).toContain('        SystemRoot=C:\\Windows');
  });
  it('System has no PEB', () => {
    const e2 = defaultEngine();
    expect(lines(e2, '!peb')).toEqual(['PEB NULL...']);
  });
});

describe('db @$peb shows the bytes the loader reads', () => {
  it('0x80 bytes, 16 a line, dash after the 8th, ASCII column', () => {
    const bytes = as.read(p.Peb, 0x80);
    const out = lines(e, 'db @$peb');
    expect(out).toHaveLength(8);
    out.forEach((l, i) => {
      const row = [...bytes.subarray(i * 16, i * 16 + 16)];
      const hexes = row.map((b) => b.toString(16).padStart(2, '0'));
      const ascii = row.map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
      const at = h16(p.Peb + i * 16);
      expect(l).toBe(
        `${at.slice(0, 8)}\`${at.slice(8)}  ${hexes.slice(0, 8).join(' ')}-${hexes.slice(8).join(' ')}  ${ascii}`,
      );
    });
  });
  it('dq of PEB.Ldr is readPebLdr’s Ldr', () => {
    const ldr = readPebLdr(as, LAYOUT_19045_X64, p.Peb)!.ldr;
    expect(lines(e, 'dq @$peb+18 L1')[0]!.endsWith(`  ${h16(ldr).slice(0, 8)}\`${h16(ldr).slice(8)}`)).toBe(
      true,
    );
  });
  it('unreadable memory prints ?? per byte', () => {
    expect(lines(e, 'db 0 L4')).toEqual([
      '00000000`00000000  ?? ?? ?? ??                                      ????',
    ]);
  });
});

describe('!teb', () => {
  it('NT_TIB and the TEB fields of the implicit thread', () => {
    const t = p.threads[0]!;
    const out = lines(e, '!teb');
    expect(out[0]).toBe(`TEB at ${h16(t.Teb)}`);
    expect(out[7]).toBe(`    Self:                 ${h16(t.Teb)}`);
    expect(out[9]).toBe(`    ClientId:             ${h16(p.UniqueProcessId)} . ${h16(t.Cid.UniqueThread)}`);
    expect(out[12]).toBe(`    PEB Address:          ${h16(p.Peb)}`);
  });
});

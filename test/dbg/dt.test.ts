import { describe, expect, it } from 'vitest';
import { LAYOUT_19045_X64 as T, resolveField, structLayout } from '../../src/base/index.js';
import { addr, byImage, defaultEngine, lines } from './support.js';

/**
 * `dt` prints the build's layout table — the same table the model writes user-mode structures
 * with — in WinDbg's shape (internals.md §11; src/base/layout/dt-listing.test.ts checks the same
 * lines against public `dt` listings with the spacing collapsed; here the spacing is exact:
 * three spaces, `+0x%03x`, the name padded to 16, ` : `).
 */
const e = defaultEngine();

describe('dt <type>: every line is the layout table’s field, at its offset', () => {
  for (const type of [
    '_EPROCESS',
    '_KPROCESS',
    '_ETHREAD',
    '_PEB',
    '_TEB',
    '_LDR_DATA_TABLE_ENTRY',
    '_PEB_LDR_DATA',
    '_PS_PROTECTION',
  ]) {
    it(type, () => {
      const out = lines(e, `dt nt!${type}`);
      expect(out[0]).toBe(`nt!${type}`);
      expect(out.slice(1)).toEqual(
        structLayout(T, type).fields.map(
          (f) => `   +0x${f.offset.toString(16).padStart(3, '0')} ${f.name.padEnd(16)} : ${f.display}`,
        ),
      );
    });
  }
  it('the module typed is the one printed (`dt ntdll!_LDR_DATA_TABLE_ENTRY`)', () => {
    expect(lines(e, 'dt ntdll!_LDR_DATA_TABLE_ENTRY')[0]).toBe('ntdll!_LDR_DATA_TABLE_ENTRY');
  });
  it('`dt nt!_EPROCESS Pcb.` expands one level with the nested offsets', () => {
    const out = lines(e, 'dt nt!_EPROCESS Pcb.');
    expect(out[1]).toBe('   +0x000 Pcb              : ');
    expect(out.slice(2)).toEqual(
      structLayout(T, '_KPROCESS').fields.map(
        (f) => `      +0x${f.offset.toString(16).padStart(3, '0')} ${f.name.padEnd(16)} : ${f.display}`,
      ),
    );
  });
  it('`dt nt!_EPROCESS Pcb.DirectoryTableBase` prints the path down to the field', () => {
    expect(lines(e, 'dt nt!_EPROCESS Pcb.DirectoryTableBase')).toEqual([
      'nt!_EPROCESS',
      '   +0x000 Pcb              : ',
      `      +0x${resolveField(T, '_KPROCESS', 'DirectoryTableBase').offset.toString(16).padStart(3, '0')} DirectoryTableBase : Uint8B`,
    ]);
  });
});

describe('dt <type> <address>', () => {
  it('_PS_PROTECTION of System (0x72: Protected, WinSystem), as "Evading EDR" listing 12-17 shows it', () => {
    const sys = byImage(e, 'System');
    expect(sys.Protection).toBe(0x72);
    lines(e, `.process /p ${addr(sys)}`);
    expect(lines(e, 'dt nt!_PS_PROTECTION @$proc+0x87a')).toEqual([
      'nt!_PS_PROTECTION',
      "   +0x000 Level            : 0x72 'r'",
      '   +0x000 Type             : 0y010',
      '   +0x000 Audit            : 0y0',
      '   +0x000 Signer           : 0y0111',
    ]);
  });
  it('_PEB @$peb reads the process memory: ImageBaseAddress and Ldr are what the loader reads', () => {
    const p = byImage(e, 'explorer.exe');
    lines(e, `.process /p ${addr(p)}`);
    const as = p.addressSpace!;
    const ptr = (v: number) => {
      const h = v.toString(16).padStart(16, '0');
      return `0x${h.slice(0, 8)}\`${h.slice(8)}`;
    };
    expect(lines(e, 'dt nt!_PEB @$peb ImageBaseAddress Ldr')).toEqual([
      'nt!_PEB',
      `   +0x010 ImageBaseAddress : ${ptr(as.ptr(p.Peb + 0x10))} Void`,
      `   +0x018 Ldr              : ${ptr(as.ptr(p.Peb + 0x18))} _PEB_LDR_DATA`,
    ]);
    expect(lines(e, 'dt nt!_PEB @$peb BeingDebugged')[1]).toBe("   +0x002 BeingDebugged    : 0 ''");
  });
  it('_TEB at $teb: ClientId and NtTib.Self', () => {
    const p = byImage(e, 'explorer.exe');
    lines(e, `.process /p ${addr(p)}`);
    const t = p.threads[0]!;
    const out = lines(e, 'dt nt!_TEB @$teb NtTib.Self');
    expect(out[2]).toBe(
      `      +0x030 Self             : 0x${t.Teb.toString(16).padStart(16, '0').slice(0, 8)}\`${t.Teb.toString(16).padStart(16, '0').slice(8)} _NT_TIB`,
    );
  });
  it('an unreadable address is a memory read error line', () => {
    expect(lines(e, 'dt nt!_PEB 1000')).toEqual(['Memory read error 0000000000001000']);
  });
  it('an unknown type and an unknown field are WinDbg’s errors', () => {
    expect(lines(e, 'dt nt!_NOPE')).toEqual(['Symbol nt!_NOPE not found.']);
    expect(lines(e, 'dt nt!_EPROCESS Nope')).toEqual(['Cannot find specified field members.']);
  });
  it('takes well under 5 ms for the largest type (the bench measures it too)', () => {
    lines(e, 'dt nt!_TEB');
    const t0 = performance.now();
    for (let i = 0; i < 20; i++) lines(e, 'dt nt!_EPROCESS');
    expect((performance.now() - t0) / 20).toBeLessThan(5);
  });
});

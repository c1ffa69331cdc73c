import { describe, expect, it } from 'vitest';
import { exportSymbols } from '../../src/tools/dbg/modules.js';
import { COMMANDS } from '../../src/tools/dbg/index.js';
import { addr, byImage, defaultEngine, lines } from './support.js';

/** lm, x, u, !handle, !object, !token, .help and the error shapes (sources in each test name). */
const e = defaultEngine();
const explorer = byImage(e, 'explorer.exe');
lines(e, `.process /p ${addr(explorer)}`);
const a64 = (n: number | bigint) => {
  const h = n.toString(16).padStart(16, '0');
  return `${h.slice(0, 8)}\`${h.slice(8)}`;
};

describe('modules and symbols (Microsoft Learn: lm, x, u)', () => {
  const mods = e.target.modules();
  it('lm: the header and one line per loader entry', () => {
    const out = lines(e, 'lm');
    expect(out[0]).toBe('start             end                 module name');
    expect(out.slice(1)).toEqual(
      mods.map(
        (m) =>
          `${a64(m.base)} ${a64(m.base + m.size)}   ${m.name.padEnd(8)}   (export symbols)       ${m.fileName}`,
      ),
    );
    expect(mods[0]!.fileName).toBe('explorer.exe');
    expect(mods[1]!.fileName).toBe('ntdll.dll');
  });
  it('lmv m ntdll: the image path and size', () => {
    const out = lines(e, 'lmv m ntdll');
    expect(out).toHaveLength(8);
    expect(out[2]).toBe('    Loaded symbol image file: ntdll.dll');
    expect(out[3]).toBe('    Image path: C:\\Windows\\System32\\ntdll.dll');
  });
  it('x ntdll!NtCreateUserProcess is the export table’s address; ? and u agree', () => {
    const ntdll = mods.find((m) => m.name === 'ntdll')!;
    const sym = exportSymbols(ntdll).find((s) => s.name === 'NtCreateUserProcess')!;
    expect(lines(e, 'x ntdll!NtCreateUserProcess')).toEqual([
      `${a64(sym.address)} ntdll!NtCreateUserProcess (<no parameter info>)`,
    ]);
    expect(lines(e, '? ntdll!NtCreateUserProcess')[0]).toBe(
      `Evaluate expression: ${sym.address} = ${a64(sym.address)}`,
    );
    const u = lines(e, 'u ntdll!NtCreateUserProcess L2');
    expect(u[0]).toBe('ntdll!NtCreateUserProcess:');
    // The bytes are those of the mapped image (db shows the same).
    const bytes = e.target.read(BigInt(sym.address), 6);
    expect(u[1]).toBe(
      `${a64(sym.address)} ${[...bytes.subarray(0, 5)]
        .map((b) => b.toString(16).padStart(2, '0'))
        .join('')
        .padEnd(15)} mov     eax,0`,
    );
    expect(u[2]).toBe(`${a64(sym.address + 5)} c3              ret`);
  });
  it('x with a wildcard lists every match in address order', () => {
    const out = lines(e, 'x ntdll!NtCreate*');
    expect(out.length).toBeGreaterThan(3);
    expect(out.every((l) => / ntdll!NtCreate\w* \(<no parameter info>\)$/.test(l))).toBe(true);
  });
  it('u of unmapped memory', () => {
    expect(lines(e, 'u 0 L1')).toEqual(['00000000`00000000 ??              ???']);
  });
});

describe('objects (Microsoft Learn: !handle, !object, !token)', () => {
  it('!handle of csrss: its table and each handle with its object and access', () => {
    const csrss = byImage(e, 'csrss.exe');
    const out = lines(e, `!handle 0 3 ${csrss.UniqueProcessId.toString(16)}`);
    expect(out[5]).toBe(
      `Handle table at ${csrss.ObjectTable!.address.toString(16).padStart(16, '0')} with ${csrss.ObjectTable!.handleCount} entries in use`,
    );
    const rows = [...csrss.ObjectTable!.rows()];
    const handleLines = out.filter((l) => /^[0-9a-f]{4}: Object: /.test(l));
    expect(handleLines).toEqual(
      rows.map(
        (r) =>
          `${r.handle.toString(16).padStart(4, '0')}: Object: ${r.object.bodyAddress.toString(16).padStart(16, '0')}  GrantedAccess: ${(r.grantedAccess >>> 0).toString(16).padStart(8, '0')}${r.attributes & 1 ? ' (Protected)' : ''}${r.attributes & 2 ? ' (Inherit)' : ''} Entry: ${r.entryAddress.toString(16).padStart(16, '0')}`,
      ),
    );
  });
  it('!object \\KnownDlls\\ntdll.dll: a Section with its header and name', () => {
    const out = lines(e, '!object \\KnownDlls\\ntdll.dll');
    expect(out[0]).toMatch(/^Object: [0-9a-f]{16} {2}Type: \([0-9a-f]{16}\) Section$/);
    expect(out[1]).toMatch(/^ {4}ObjectHeader: [0-9a-f]{16} \(new version\)$/);
    expect(out[3]).toMatch(/Name: ntdll\.dll$/);
    const body = BigInt('0x' + out[0]!.slice(8, 24));
    const header = BigInt('0x' + out[1]!.slice(18, 34));
    expect(body - header).toBe(0x30n); // OBJECT_HEADER.Body at +0x30 on x64
  });
  it('!token: the implicit process’s user, Medium integrity group and privileges', () => {
    const out = lines(e, '!token');
    expect(out[0]).toBe(`_TOKEN 0x${a64(e.target.token(explorer))}`);
    expect(out).toContain(' 0d S-1-16-8192');
    expect(out).toContain(' 23 0x000000017 SeChangeNotifyPrivilege           Attributes - Enabled Default ');
    expect(out).toContain('TokenType:                 Primary');
  });
});

describe('errors look like WinDbg’s and never throw', () => {
  it('unknown command, unknown extension, bad expression', () => {
    expect(lines(e, 'foo')).toEqual(["       ^ Syntax error in 'foo'"]);
    expect(lines(e, '!foo')).toEqual(['No export foo found']);
    expect(lines(e, '? nope')).toEqual(["Couldn't resolve error at 'nope'"]);
  });
  it('several commands on one line, each with its own output', () => {
    expect(lines(e, 'r $tpid; ? 1+1')).toEqual([
      `$tpid=${explorer.UniqueProcessId.toString(16).padStart(16, '0')}`,
      'Evaluate expression: 2 = 00000000`00000002',
    ]);
  });
  it('garbage arguments to every command give text, not an exception', () => {
    const junk = ['', ' )(', ' @$nope', ' ffffffffffffffff', ' 0 0 0 0 0', ' L0', ' nt!_NOPE', ' \\No\\Such'];
    for (const name of Object.keys(COMMANDS))
      for (const j of junk) expect(typeof e.execute(`${name}${j}`)).toBe('string');
  });
  it('.help lists the commands', () => {
    expect(lines(e, '.help')[0]).toMatch(/^ntsim dbg: /);
  });
});

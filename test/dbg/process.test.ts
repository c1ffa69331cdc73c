import { describe, expect, it } from 'vitest';
import { addr, byImage, defaultEngine, lines } from './support.js';

/**
 * `!process` against the model's own state and against the public transcript's shape
 * (internals.md §11: x64 Windows 10 `!process 0 0` listing System, Registry and smss — the header
 * line, `PROCESS <16 hex>`, `SessionId: none  Cid: 0004    Peb: 00000000  ParentCid: 0000`,
 * `DirBase: …  ObjectTable: …  HandleCount: 2951.`, `Image: System`, a blank line after each block).
 */
const e = defaultEngine();
const hex = (n: number | bigint, w: number) => n.toString(16).padStart(w, '0');

describe('!process 0 0', () => {
  const out = lines(e, '!process 0 0');
  it('starts with the NT ACTIVE PROCESS DUMP line and has one 5-line block per active process', () => {
    expect(out[0]).toBe('**** NT ACTIVE PROCESS DUMP ****');
    expect(out.length).toBe(1 + 5 * e.target.processes.length);
  });
  it('lists exactly the model processes, in PsActiveProcessHead order, with their fields', () => {
    e.target.processes.forEach((p, i) => {
      const block = out.slice(1 + 5 * i, 6 + 5 * i);
      // System and minimal processes have no session (internals.md §11: System and Registry "none").
      const session = p.kind === 'system' || p.kind === 'minimal' ? 'none' : String(p.SessionId);
      expect(block).toEqual([
        `PROCESS ${hex(p.header!.bodyAddress, 16)}`,
        `    SessionId: ${session}  Cid: ${hex(p.UniqueProcessId, 4)}    Peb: ${hex(p.Peb, 8)}  ParentCid: ${hex(p.InheritedFromUniqueProcessId, 4)}`,
        `    DirBase: 00000000  ObjectTable: ${hex(p.ObjectTable!.address, 16)}  HandleCount: ${String(p.ObjectTable!.handleCount).padStart(3)}.`,
        `    Image: ${p.ImageFileName}`,
        '',
      ]);
    });
  });
  it('System comes first exactly as in the transcript shape (Cid 0004, Peb 00000000, ParentCid 0000)', () => {
    expect(out[2]).toBe('    SessionId: none  Cid: 0004    Peb: 00000000  ParentCid: 0000');
    expect(out[4]).toBe('    Image: System');
  });
  it('filters by image name (`!process 0 0 explorer.exe`)', () => {
    const ex = lines(e, '!process 0 0 explorer.exe');
    expect(ex[0]).toBe('**** NT ACTIVE PROCESS DUMP ****');
    expect(ex[1]).toBe(`PROCESS ${addr(byImage(e, 'explorer.exe')).padStart(16, '0')}`);
    expect(ex.length).toBe(6);
  });
});

describe('!process <pid|addr> <flags>', () => {
  const csrss = byImage(e, 'csrss.exe');
  it('by pid and by address give the same block', () => {
    expect(lines(e, `!process ${csrss.UniqueProcessId.toString(16)} 0`)).toEqual(
      lines(e, `!process ${addr(csrss)} 0`),
    );
  });
  it('flags 7 add the details and one THREAD line per thread with its Cid and Teb', () => {
    const out = lines(e, `!process ${addr(csrss)} 7`);
    expect(out[4]).toMatch(/^ {4}VadRoot 0{16} Vads \d+ Clone 0 Private \d+\. Modified 0\. Locked 0\.$/);
    const tok = e.target.token(csrss) | 0xfn;
    expect(out[6]).toBe(`    Token                             ${hex(tok, 16)}`);
    // The model leaves csrss's thread Ready (KTHREAD_STATE 1) once its loader has run.
    expect(csrss.threads.map((t) => t.State)).toEqual(['Ready']);
    const threads = out.filter((l) => l.startsWith('        THREAD '));
    expect(threads).toEqual(
      csrss.threads.map(
        (t) =>
          `        THREAD ${hex(t.header!.bodyAddress, 16)}  Cid ${hex(csrss.UniqueProcessId, 4)}.${hex(t.Cid.UniqueThread, 4)}  Teb: ${hex(t.Teb, 16)} Win32Thread: ${'0'.repeat(16)} READY on processor 0`,
      ),
    );
  });
  it('a number that is neither a pid nor an EPROCESS is an error line, not a crash', () => {
    expect(lines(e, '!process 99999 0')).toEqual(['0000000000099999 is not a valid process']);
  });
});

describe('!process, dt and db agree on the same EPROCESS', () => {
  const p = byImage(e, 'explorer.exe');
  const a = addr(p);
  it('UniqueProcessId, InheritedFromUniqueProcessId, Peb and ObjectTable', () => {
    expect(lines(e, `dt nt!_EPROCESS ${a} UniqueProcessId`)[1]).toBe(
      `   +0x440 UniqueProcessId  : 0x00000000\`${hex(p.UniqueProcessId, 8)} Void`,
    );
    expect(lines(e, `dq ${a}+0x440 L1`)[0]).toMatch(new RegExp(`  00000000\`${hex(p.UniqueProcessId, 8)}$`));
    expect(lines(e, `dt nt!_EPROCESS ${a} InheritedFromUniqueProcessId`)[1]).toContain(
      `0x00000000\`${hex(p.InheritedFromUniqueProcessId, 8)} Void`,
    );
    expect(lines(e, `? poi(${a}+0x550)`)[0]).toBe(
      `Evaluate expression: ${p.Peb} = ${hex(p.Peb, 16).slice(0, 8)}\`${hex(p.Peb, 16).slice(8)}`,
    );
    expect(lines(e, `? poi(${a}+0x570)`)[0]).toContain(`= ${hex(p.ObjectTable!.address, 16).slice(0, 8)}\``);
  });
  it('ImageFileName as the [15] UChar array and as bytes', () => {
    expect(lines(e, `dt nt!_EPROCESS ${a} ImageFileName`)[1]).toBe(
      '   +0x5a8 ImageFileName    : [15]  "explorer.exe"',
    );
    expect(lines(e, `db ${a}+0x5a8 L10`)[0]).toMatch(
      /65 78 70 6c 6f 72 65 72-2e 65 78 65 00 00 00 00 {2}explorer\.exe\.\.\.\.$/,
    );
  });
  it('Token is an _EX_FAST_REF: the token object with RefCnt 15 in the low bits', () => {
    const tok = e.target.token(p);
    expect(lines(e, `dt nt!_EPROCESS ${a} Token.`).slice(2)).toEqual([
      `      +0x000 Object           : 0x${hex(tok | 0xfn, 16).slice(0, 8)}\`${hex(tok | 0xfn, 16).slice(8)} Void`,
      '      +0x000 RefCnt           : 0y1111',
      `      +0x000 Value            : 0x${hex(tok | 0xfn, 16).slice(0, 8)}\`${hex(tok | 0xfn, 16).slice(8)}`,
    ]);
    expect(lines(e, `!token poi(${a}+0x4b8)`)[0]).toBe(lines(e, `!token ${tok.toString(16)}`)[0]);
  });
  it('ActiveProcessLinks points at the next and previous EPROCESS links', () => {
    const list = e.target.processes;
    const i = list.indexOf(p);
    const next = list[i + 1];
    const prev = list[i - 1]!;
    const f = (q: typeof p | undefined) => {
      const v = q ? q.header!.bodyAddress + 0x448n : 0n;
      const h = hex(v, 16);
      return `0x${h.slice(0, 8)}\`${h.slice(8)}`;
    };
    expect(lines(e, `dt nt!_EPROCESS ${a} ActiveProcessLinks`)[1]).toBe(
      `   +0x448 ActiveProcessLinks : _LIST_ENTRY [ ${f(next)} - ${f(prev)} ]`,
    );
  });
});

describe('.process and pseudo-registers', () => {
  it('.process /r /p switches the implicit process; $proc, $peb, $teb, $tpid follow', () => {
    const e2 = defaultEngine();
    const p = byImage(e2, 'explorer.exe');
    const out = lines(e2, `.process /r /p ${addr(p)}`);
    expect(out[0]).toBe(
      `Implicit process is now ${hex(p.header!.bodyAddress, 16).slice(0, 8)}\`${hex(p.header!.bodyAddress, 16).slice(8)}`,
    );
    expect(out[1]).toBe('Loading User Symbols');
    expect(lines(e2, 'r $proc; r $peb; r $teb; r $tpid')).toEqual([
      `$proc=${hex(p.header!.bodyAddress, 16)}`,
      `$peb=${hex(p.Peb, 16)}`,
      `$teb=${hex(p.threads[0]!.Teb, 16)}`,
      `$tpid=${hex(p.UniqueProcessId, 16)}`,
    ]);
  });
  it('.process of something that is not an EPROCESS leaves the context alone', () => {
    const e2 = defaultEngine();
    const before = e2.target.process;
    expect(lines(e2, '.process /p 1234')).toEqual(['00000000`00001234 is not a valid process']);
    expect(e2.target.process).toBe(before);
  });
});

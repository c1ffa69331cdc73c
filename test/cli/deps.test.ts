import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePe } from '../../src/pe/index.js';
import { runDeps } from '../../src/tools/cli/commands/deps.js';
import { UsageError } from '../../src/tools/cli/usage-error.js';
import { formatDepsDot } from '../../src/tools/deps/render-dot.js';
import { formatDepsText } from '../../src/tools/deps/render-text.js';
import type { DepsModule, DepsReport } from '../../src/tools/deps/report.js';

/** `ntsim deps` as users run it: the built bin, its stdout, stderr and exit status (cli.md). */
const BIN = new URL('../../bin/ntsim.js', import.meta.url).pathname;
function ntsim(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 1 << 26,
  });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

const mod = (m: Partial<DepsModule> & Pick<DepsModule, 'name' | 'path' | 'resolvedBy'>): DepsModule => ({
  hostPath: null,
  base: '0x180000000',
  apiSet: null,
  importedBy: [],
  delayLoad: false,
  probed: [],
  ...m,
});

/** A small report with each feature the views show: shared and cyclic imports, an API set, a delay load, a miss, unresolved imports, a hijackable module. */
const REPORT: DepsReport = {
  image: '/host/app/app.exe',
  status: '0xC0000135',
  statusName: 'STATUS_DLL_NOT_FOUND',
  modules: [
    mod({
      name: 'ntdll.dll',
      path: 'C:\\Windows\\SYSTEM32\\ntdll.dll',
      resolvedBy: 'ntdll',
      importedBy: ['KERNEL32.DLL', 'KERNELBASE.dll'],
    }),
    mod({
      name: 'KERNEL32.DLL',
      path: 'C:\\Windows\\System32\\KERNEL32.DLL',
      resolvedBy: 'knownDll',
      importedBy: ['app.exe', 'a.dll'],
    }),
    mod({
      name: 'KERNELBASE.dll',
      path: 'C:\\Windows\\System32\\KERNELBASE.dll',
      resolvedBy: 'apiSet',
      apiSet: 'api-ms-win-core-synch-l1-2-0.dll → kernelbase.dll',
      importedBy: ['KERNEL32.DLL'],
    }),
    mod({
      name: 'a.dll',
      path: 'C:\\App\\a.dll',
      hostPath: '/host/app/a.dll',
      resolvedBy: 'appDir',
      importedBy: ['app.exe', 'b.dll'],
    }),
    mod({
      name: 'b.dll',
      path: 'C:\\PathDirs\\1\\b.dll',
      hostPath: '/host/tools/b.dll',
      resolvedBy: 'path',
      importedBy: ['a.dll'],
      probed: [
        { step: 'appDir', path: 'C:\\App\\b.dll', hostPath: null },
        { step: 'system32', path: 'C:\\Windows\\System32\\b.dll', hostPath: null },
        { step: 'cwd', path: 'C:\\Cwd\\b.dll', hostPath: null },
      ],
    }),
    mod({
      name: 'user32.dll',
      path: 'C:\\Windows\\System32\\user32.dll',
      resolvedBy: 'knownDll',
      importedBy: ['app.exe'],
      delayLoad: true,
    }),
  ],
  loadOrder: ['app.exe', 'ntdll.dll', 'KERNEL32.DLL', 'KERNELBASE.dll', 'a.dll', 'b.dll'],
  initOrder: ['KERNELBASE.dll', 'KERNEL32.DLL', 'b.dll', 'a.dll'],
  missing: [{ name: 'nothere.dll', importedBy: 'app.exe' }],
  unresolved: [
    {
      dll: 'a.dll',
      function: 'Nope',
      ordinal: null,
      importedBy: 'app.exe',
      status: 'STATUS_ENTRYPOINT_NOT_FOUND',
    },
    { dll: 'b.dll', function: null, ordinal: 7, importedBy: 'a.dll', status: 'STATUS_ORDINAL_NOT_FOUND' },
  ],
};

const SUCCESS: DepsReport = {
  image: 'C:\\host\\ok.exe',
  status: '0x00000000',
  statusName: 'STATUS_SUCCESS',
  modules: [mod({ name: 'ntdll.dll', path: 'C:\\Windows\\SYSTEM32\\ntdll.dll', resolvedBy: 'ntdll' })],
  loadOrder: ['ok.exe', 'ntdll.dll'],
  initOrder: [],
  missing: [],
  unresolved: [],
};

describe('deps text view', () => {
  it('is the import tree (each module once, then references), the sections, the hijack view and the status', () => {
    expect(formatDepsText(REPORT)).toBe(
      [
        'app.exe               image     /host/app/app.exe',
        '├─ KERNEL32.DLL       knownDll  C:\\Windows\\System32\\KERNEL32.DLL',
        '│  ├─ ntdll.dll       ntdll     C:\\Windows\\SYSTEM32\\ntdll.dll',
        '│  └─ KERNELBASE.dll  apiSet    C:\\Windows\\System32\\KERNELBASE.dll  via api-ms-win-core-synch-l1-2-0.dll → kernelbase.dll',
        '│     └─ ntdll.dll    (see above)',
        '├─ a.dll              appDir    C:\\App\\a.dll (/host/app/a.dll)',
        '│  ├─ KERNEL32.DLL    (see above)',
        '│  └─ b.dll           path      C:\\PathDirs\\1\\b.dll (/host/tools/b.dll)',
        '│     └─ a.dll        (see above)',
        '├─ user32.dll         knownDll  C:\\Windows\\System32\\user32.dll  delay-load',
        '└─ nothere.dll        NOT FOUND',
        '',
        'missing (1):',
        '  nothere.dll  imported by app.exe',
        'unresolved (2):',
        '  a.dll!Nope  imported by app.exe  STATUS_ENTRYPOINT_NOT_FOUND',
        '  b.dll!#7    imported by a.dll    STATUS_ORDINAL_NOT_FOUND',
        'load order: app.exe, ntdll.dll, KERNEL32.DLL, KERNELBASE.dll, a.dll, b.dll',
        'init order: KERNELBASE.dll, KERNEL32.DLL, b.dll, a.dll',
        '',
        'hijack view (a planted DLL at any place listed under a module would load instead):',
        '  b.dll  path  C:\\PathDirs\\1\\b.dll (/host/tools/b.dll)',
        '    appDir    C:\\App\\b.dll',
        '    system32  C:\\Windows\\System32\\b.dll',
        '    cwd       C:\\Cwd\\b.dll',
        '',
        'STATUS_DLL_NOT_FOUND (0xC0000135)',
        '',
      ].join('\n'),
    );
  });

  it('says "none" for empty sections; a module no import reaches is a root of its own', () => {
    expect(formatDepsText(SUCCESS)).toBe(
      [
        'ok.exe     image  C:\\host\\ok.exe',
        'ntdll.dll  ntdll  C:\\Windows\\SYSTEM32\\ntdll.dll',
        '',
        'missing: none',
        'unresolved: none',
        'load order: ok.exe, ntdll.dll',
        'init order: none',
        '',
        'hijack view: none (each module was found at the first place searched)',
        '',
        'STATUS_SUCCESS (0x00000000)',
        '',
      ].join('\n'),
    );
  });

  it('colours modestly when asked, and only adds escape codes', () => {
    const coloured = formatDepsText(REPORT, { color: true });
    // eslint-disable-next-line no-control-regex
    const ANSI = /\x1b\[[0-9;]*m/g;
    expect(coloured).toMatch(ANSI);
    expect(coloured.replace(ANSI, '')).toBe(formatDepsText(REPORT));
    expect(coloured).toContain('\x1b[31mSTATUS_DLL_NOT_FOUND (0xC0000135)\x1b[0m');
    expect(formatDepsText(SUCCESS, { color: true })).toContain('\x1b[32mSTATUS_SUCCESS (0x00000000)\x1b[0m');
    expect(formatDepsText(REPORT, { color: false })).not.toContain('\x1b');
  });
});

/** A strict reader of the DOT subset the view writes: statements `ID -> ID [attrs];`, `ID [attrs];`, `graph|node|edge [attrs];`. */
function parseDot(text: string): {
  name: string;
  nodes: Map<string, Record<string, string>>;
  edges: { from: string; to: string; attrs: Record<string, string> }[];
} {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|->|[{}[\];,=]|[A-Za-z_][A-Za-z_0-9]*|\S/g) ?? [];
  let i = 0;
  const next = (): string => {
    if (i >= tokens.length) throw new Error('unexpected end');
    return tokens[i++]!;
  };
  const expectTok = (t: string): void => {
    const got = next();
    if (got !== t) throw new Error(`expected ${t}, got ${got}`);
  };
  const id = (): string => {
    const t = next();
    if (t.startsWith('"')) return t.slice(1, -1).replace(/\\(["\\])/g, '$1');
    if (/^[A-Za-z_][A-Za-z_0-9]*$/.test(t)) return t;
    throw new Error(`expected an ID, got ${t}`);
  };
  const attrList = (): Record<string, string> => {
    const a: Record<string, string> = {};
    if (tokens[i] !== '[') return a;
    next();
    while (tokens[i] !== ']') {
      const k = id();
      expectTok('=');
      a[k] = id();
      if (tokens[i] === ',') next();
    }
    next();
    return a;
  };
  expectTok('digraph');
  const name = id();
  expectTok('{');
  const nodes = new Map<string, Record<string, string>>();
  const edges: { from: string; to: string; attrs: Record<string, string> }[] = [];
  while (tokens[i] !== '}') {
    const first = id();
    if (tokens[i] === '->') {
      next();
      const to = id();
      edges.push({ from: first, to, attrs: attrList() });
    } else {
      const a = attrList();
      if (!['graph', 'node', 'edge'].includes(first)) nodes.set(first, a);
    }
    expectTok(';');
  }
  expectTok('}');
  if (i !== tokens.length) throw new Error('text after the graph');
  return { name, nodes, edges };
}

describe('deps DOT view', () => {
  it('is a digraph: a node per module, importer → imported edges, misses dashed red, delay loads dashed', () => {
    const dot = formatDepsDot(REPORT);
    expect(dot).toBe(
      [
        'digraph "app.exe" {',
        '  graph [label="app.exe: STATUS_DLL_NOT_FOUND (0xC0000135)", labelloc="t"];',
        '  node [shape="box", fontname="Helvetica"];',
        '  edge [fontname="Helvetica"];',
        '  "app.exe" [label="app.exe\\nimage", style="bold"];',
        '  "ntdll.dll" [label="ntdll.dll\\nntdll"];',
        '  "kernel32.dll" [label="KERNEL32.DLL\\nknownDll"];',
        '  "kernelbase.dll" [label="KERNELBASE.dll\\napiSet\\napi-ms-win-core-synch-l1-2-0.dll → kernelbase.dll"];',
        '  "a.dll" [label="a.dll\\nappDir"];',
        '  "b.dll" [label="b.dll\\npath"];',
        '  "user32.dll" [label="user32.dll\\nknownDll"];',
        '  "nothere.dll" [label="nothere.dll\\nnot found", style="dashed", color="red", fontcolor="red"];',
        '  "app.exe" -> "kernel32.dll";',
        '  "app.exe" -> "a.dll" [color="red", label="Nope", fontcolor="red"];',
        '  "app.exe" -> "user32.dll" [style="dashed"];',
        '  "app.exe" -> "nothere.dll" [style="dashed", color="red"];',
        '  "kernel32.dll" -> "ntdll.dll";',
        '  "kernel32.dll" -> "kernelbase.dll";',
        '  "kernelbase.dll" -> "ntdll.dll";',
        '  "a.dll" -> "kernel32.dll";',
        '  "a.dll" -> "b.dll" [color="red", label="#7", fontcolor="red"];',
        '  "b.dll" -> "a.dll";',
        '}',
        '',
      ].join('\n'),
    );
    const g = parseDot(dot);
    expect(g.name).toBe('app.exe');
    expect([...g.nodes.keys()]).toEqual([
      'app.exe',
      'ntdll.dll',
      'kernel32.dll',
      'kernelbase.dll',
      'a.dll',
      'b.dll',
      'user32.dll',
      'nothere.dll',
    ]);
    for (const e of g.edges) {
      expect(g.nodes.has(e.from)).toBe(true);
      expect(g.nodes.has(e.to)).toBe(true);
    }
    // One edge per (importer, module) pair of the report.
    const expected = [
      ...REPORT.modules.flatMap((m) => m.importedBy.map((i) => `${i}->${m.name}`)),
      ...REPORT.missing.map((x) => `${x.importedBy}->${x.name}`),
    ].map((s) => s.toLowerCase());
    expect(g.edges.map((e) => `${e.from}->${e.to}`).sort()).toEqual(expected.sort());
  });

  it('quotes and escapes any name, and is the same for the same report', () => {
    const odd: DepsReport = {
      ...SUCCESS,
      image: '/x/we"ird.exe',
      loadOrder: [],
      modules: [
        mod({ name: 'a "b"\\.dll', path: 'C:\\a "b".dll', resolvedBy: 'appDir', importedBy: ['we"ird.exe'] }),
      ],
    };
    const dot = formatDepsDot(odd);
    expect(dot).toBe(formatDepsDot(structuredClone(odd)));
    const g = parseDot(dot);
    expect(g.name).toBe('we"ird.exe');
    expect([...g.nodes.keys()]).toEqual(['we"ird.exe', 'a "b"\\.dll']);
    // DOT keeps `\n` (a line break) for Graphviz to interpret.
    expect(g.nodes.get('a "b"\\.dll')).toEqual({ label: 'a "b"\\.dll\\nappDir' });
    expect(g.edges).toEqual([{ from: 'we"ird.exe', to: 'a "b"\\.dll', attrs: {} }]);
  });
});

describe('ntsim deps: usage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-deps-usage-'));
  writeFileSync(join(dir, 'notes.txt'), 'hello');
  const exe = join(dir, 'x.exe');
  writeFileSync(exe, 'not really');
  const noWrite = (s: string): never => {
    throw new Error(`wrote ${s}`);
  };

  it('bad input is a UsageError before anything is written', () => {
    expect(() => runDeps(join(dir, 'nope.exe'), {}, noWrite)).toThrow(
      new UsageError(`${join(dir, 'nope.exe')}: no such file or directory`),
    );
    expect(() => runDeps(exe, { json: true, dot: true }, noWrite)).toThrow(
      new UsageError('--json and --dot cannot be used together'),
    );
    expect(() => runDeps(exe, { tree: true, dot: true }, noWrite)).toThrow(UsageError);
    expect(() => runDeps(exe, { cwd: join(dir, 'nowhere') }, noWrite)).toThrow(
      new UsageError(`--cwd ${join(dir, 'nowhere')}: not a directory`),
    );
    expect(() => runDeps(exe, { path: [dir, exe] }, noWrite)).toThrow(
      new UsageError(`--path ${exe}: not a directory`),
    );
    expect(() => runDeps(exe, { systemRoot: exe }, noWrite)).toThrow(
      new UsageError(`--system-root ${exe}: not a directory`),
    );
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'readme.txt'), '');
    expect(() => runDeps(empty, {}, noWrite)).toThrow(new UsageError(`${empty}: no .exe or .dll under it`));
  });

  it('the built CLI exits 2 with the message on stderr and nothing on stdout', () => {
    let r = ntsim('deps', join(dir, 'nope.exe'));
    expect(r).toEqual({
      stdout: '',
      stderr: `ntsim: ${join(dir, 'nope.exe')}: no such file or directory\n`,
      status: 2,
    });
    r = ntsim('deps', exe, '--json', '--dot');
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/option '--json' cannot be used with option '--dot'/);
    r = ntsim('deps', exe, '--cwd', join(dir, 'nowhere'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`ntsim: --cwd ${join(dir, 'nowhere')}: not a directory\n`);
    r = ntsim('deps');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/missing required argument 'image'/);
    r = ntsim('deps', '--help');
    expect(r.status).toBe(0);
    for (const flag of ['--system-root', '--cwd', '--path', '--json', '--tree', '--dot'])
      expect(r.stdout).toContain(flag);
  });
});

describe('ntsim deps: end to end (the loader in a process created for the image)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ntsim-deps-'));
  const app = join(dir, 'app');
  const tools = join(dir, 'tools');
  mkdirSync(join(app, 'sub'), { recursive: true });
  mkdirSync(tools);
  writeFileSync(
    join(app, 'a.dll'),
    writePe({ kind: 'dll', imports: { 'kernel32.dll': ['ExitProcess'] }, exports: ['A'] }),
  );
  writeFileSync(join(tools, 'b.dll'), writePe({ kind: 'dll', imports: {}, exports: ['B'] }));
  writeFileSync(join(app, 'd.dll'), writePe({ kind: 'dll', imports: {}, exports: ['D'] }));
  writeFileSync(
    join(app, 'good.exe'),
    writePe({
      imports: { 'kernel32.dll': ['ExitProcess'], 'a.dll': ['A'] },
      delayImports: { 'd.dll': ['D'] },
    }),
  );
  writeFileSync(
    join(app, 'sub', 'missing.exe'),
    writePe({ imports: { 'kernel32.dll': ['ExitProcess'], 'nothere.dll': ['X'] } }),
  );
  writeFileSync(join(app, 'usesb.exe'), writePe({ imports: { 'b.dll': ['B'] } }));
  writeFileSync(join(app, 'readme.txt'), 'not an image');

  const KEYS = [
    'image',
    'status',
    'statusName',
    'modules',
    'loadOrder',
    'initOrder',
    'missing',
    'unresolved',
  ];
  const exitFor = (r: DepsReport): number => ((Number.parseInt(r.status, 16) | 0) >= 0 ? 0 : 1);

  it('--json prints exactly the report, pretty, and the exit status follows the status', () => {
    const r = ntsim('deps', join(app, 'good.exe'), '--json');
    expect(r.stderr).toBe('');
    const report = JSON.parse(r.stdout) as DepsReport;
    expect(r.stdout).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(Object.keys(report)).toEqual(KEYS);
    expect(report.image).toBe(join(app, 'good.exe'));
    expect(report.status).toMatch(/^0x[0-9A-F]{8}$/);
    expect(r.status).toBe(exitFor(report));
  });

  it('a directory runs every .exe/.dll under it, sorted, one JSON line each', () => {
    const r = ntsim('deps', app, '--json');
    const reports = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DepsReport);
    expect(reports.map((x) => x.image)).toEqual([
      join(app, 'a.dll'),
      join(app, 'd.dll'),
      join(app, 'good.exe'),
      join(app, 'sub', 'missing.exe'),
      join(app, 'usesb.exe'),
    ]);
    for (const x of reports) expect(Object.keys(x)).toEqual(KEYS);
    expect(r.status).toBe(Math.max(...reports.map(exitFor)));
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a terminal
  });

  it('the text and DOT views render the same run', () => {
    const json = JSON.parse(ntsim('deps', join(app, 'good.exe'), '--json').stdout) as DepsReport;
    const text = ntsim('deps', join(app, 'good.exe'));
    expect(text.stdout).toBe(formatDepsText(json));
    expect(ntsim('deps', join(app, 'good.exe'), '--tree').stdout).toBe(text.stdout);
    expect(text.stdout.endsWith(`${json.statusName} (${json.status})\n`)).toBe(true);
    const dot = ntsim('deps', join(app, 'good.exe'), '--dot');
    expect(dot.stdout).toBe(formatDepsDot(json));
    expect(parseDot(dot.stdout).name).toBe('good.exe');
  });

  it('the verdict: modules and the step that found each, delay loads, exit 0 on success', () => {
    const r = ntsim('deps', join(app, 'good.exe'), '--json');
    expect(r.status).toBe(0);
    const report = JSON.parse(r.stdout) as DepsReport;
    expect(report).toMatchObject({
      status: '0x00000000',
      statusName: 'STATUS_SUCCESS',
      missing: [],
      unresolved: [],
    });
    const byName = new Map(report.modules.map((m) => [m.name.toLowerCase(), m]));
    expect(byName.get('a.dll')).toMatchObject({
      resolvedBy: 'appDir',
      hostPath: join(app, 'a.dll'),
      importedBy: ['good.exe'],
      delayLoad: false,
    });
    expect(byName.get('kernel32.dll')).toMatchObject({ resolvedBy: 'knownDll', hostPath: null });
    expect(byName.get('d.dll')).toMatchObject({
      resolvedBy: 'appDir',
      delayLoad: true,
      importedBy: ['good.exe'],
    });
    expect(report.loadOrder[0]).toBe('good.exe');
    expect(report.loadOrder).toContain('a.dll');
    const dot = parseDot(ntsim('deps', join(app, 'good.exe'), '--dot').stdout);
    expect(dot.edges).toContainEqual({ from: 'good.exe', to: 'd.dll', attrs: { style: 'dashed' } });
    expect(dot.edges).toContainEqual({ from: 'good.exe', to: 'a.dll', attrs: {} });
  });

  it('a missing DLL fails the start: STATUS_DLL_NOT_FOUND, exit 1, shown in the tree and the missing section', () => {
    const r = ntsim('deps', join(app, 'sub', 'missing.exe'));
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/^└─ nothere\.dll +NOT FOUND$/m);
    expect(r.stdout).toContain('missing (1):\n  nothere.dll  imported by missing.exe\n');
    expect(r.stdout.endsWith('\nSTATUS_DLL_NOT_FOUND (0xC0000135)\n')).toBe(true);
    expect(ntsim('deps', app, '--json').status).toBe(1); // one failure fails the batch
  });

  it('--path folders are searched last; the hijack view lists what was searched before', () => {
    expect(ntsim('deps', join(app, 'usesb.exe'), '--json').status).toBe(1);
    const r = ntsim('deps', join(app, 'usesb.exe'), '--path', tools, '--json');
    expect(r.status).toBe(0);
    const b = (JSON.parse(r.stdout) as DepsReport).modules.find((m) => m.name.toLowerCase() === 'b.dll')!;
    expect(b).toMatchObject({ resolvedBy: 'path', hostPath: join(tools, 'b.dll') });
    expect(b.probed.map((p) => p.step).slice(0, 4)).toEqual(['appDir', 'system32', 'system', 'windows']);
    const text = ntsim('deps', join(app, 'usesb.exe'), '--path', tools).stdout;
    expect(text).toMatch(
      /^hijack view \(a planted DLL at any place listed under a module would load instead\):$/m,
    );
    expect(text).toContain(
      `\n  b.dll  path  ${b.path} (${join(tools, 'b.dll')})\n    appDir    ${b.probed[0]!.path}\n`,
    );
  });
});

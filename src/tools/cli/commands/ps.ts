import { integrityLevelName, sidDisplayName, sidRid } from '../../../kernel/se/index.js';
import type { EPROCESS } from '../../../kernel/ps/index.js';
import type { BootedMachine } from '../../../system/boot.js';

/** One row of `ntsim ps` (cli.md: pid, parentPid, sessionId, imageName, user, integrityLevel, protection, kind). */
export interface PsRow {
  pid: number;
  parentPid: number;
  sessionId: number;
  imageName: string;
  user: string;
  integrityLevel: string;
  protection: string;
  kind: string;
}

/** The token's mandatory label group (SECURITY_MANDATORY_LABEL_AUTHORITY, S-1-16-RID). */
function integrityOf(p: EPROCESS): string {
  const label = p.Token?.groups.find((g) => g.sid.identifierAuthority === 16);
  return label ? integrityLevelName(sidRid(label.sid) ?? 0) : '';
}

export function processRows(b: BootedMachine): PsRow[] {
  return b.kernel.ps.activeProcesses.map((p) => ({
    pid: p.UniqueProcessId,
    parentPid: p.InheritedFromUniqueProcessId,
    sessionId: p.SessionId,
    imageName: p.ImageFileName,
    user: p.Token ? sidDisplayName(p.Token.user.sid) : '',
    integrityLevel: integrityOf(p),
    protection: '0x' + p.Protection.toString(16).padStart(2, '0'),
    kind: p.kind,
  }));
}

export function formatPsTable(rows: PsRow[]): string {
  const head = `${'PID'.padStart(6)} ${'PPID'.padStart(6)} ${'SID'.padStart(3)}  ${'Image'.padEnd(16)} ${'User'.padEnd(28)} ${'Integrity'.padEnd(9)} Prot  Kind`;
  const lines = rows.map(
    (r) =>
      `${String(r.pid).padStart(6)} ${String(r.parentPid).padStart(6)} ${String(r.sessionId).padStart(3)}  ${r.imageName.padEnd(16)} ${r.user.padEnd(28)} ${r.integrityLevel.padEnd(9)} ${r.protection}  ${r.kind}`,
  );
  return [head, ...lines].join('\n') + '\n';
}

/** The process tree: children under their parent; orphans (parent exited) at the root, as tlist /t shows. */
export function formatPsTree(rows: PsRow[]): string {
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  const children = new Map<number, PsRow[]>();
  const roots: PsRow[] = [];
  for (const r of rows) {
    if (r.pid !== r.parentPid && byPid.has(r.parentPid))
      (children.get(r.parentPid) ?? children.set(r.parentPid, []).get(r.parentPid)!).push(r);
    else roots.push(r);
  }
  const out: string[] = [];
  const walk = (r: PsRow, depth: number): void => {
    out.push(
      `${'  '.repeat(depth)}${r.imageName} (${r.pid})${byPid.has(r.parentPid) || r.parentPid === 0 ? '' : ` [parent ${r.parentPid} exited]`}  session ${r.sessionId}  ${r.user}  ${r.integrityLevel}`,
    );
    for (const c of children.get(r.pid) ?? []) walk(c, depth + 1);
  };
  for (const r of roots) walk(r, 0);
  return out.join('\n') + '\n';
}

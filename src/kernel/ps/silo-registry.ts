import { STATUS } from '../../base/index.js';
import {
  CM_SYMBOLIC_LINK_VALUE_NAME,
  CmCreateKey,
  CmEnumerateKey,
  CmOpenKey,
  CmSetValueKey,
  cmListValues,
  CmLoadKey,
  REG_LINK,
  REG_OPTION_CREATE_LINK,
  REG_OPTION_VOLATILE,
  utf16Bytes,
  type CmKey,
  type CmRegistry,
  type RegValue,
} from '../cm/index.js';
import type { PsCaller } from './caller.js';
import type { EJOB } from './job.js';
import type { PsSystem } from './ps-system.js';

/**
 * A server silo's registry view. Windows gives a container its own machine hives and redirects the
 * silo's opens of the host's to them: smss reads the redirected roots from
 * HKLM\SYSTEM\CurrentControlSet\Control\HiveRedirectionList (\REGISTRY\MACHINE\SOFTWARE, SYSTEM,
 * SECURITY, SAM, HARDWARE and \REGISTRY\USER\.DEFAULT — Hexacorn, "hiveredirectionlist", 2016),
 * and the registry filter of silos presents the silo's keys in place of the host's (Microsoft's
 * US patent 8245035, "Merging registry keys", for silos). The model's simplification: at
 * JobObjectServerSiloInitialize the silo gets a copy of HKLM\SOFTWARE and HKLM\SYSTEM (what a
 * container's base image brings) under `\REGISTRY\WC\Silo<id><hive>` — the model's naming — and a
 * process in the silo that names `\REGISTRY\MACHINE\SOFTWARE…` or `…\SYSTEM…` opens the copy, so its
 * writes never reach the host and the host's later writes are not seen inside. Links inside the copy
 * that point into a copied hive point into the copy. The other hives are shared with the host.
 */

/** The redirected hives: host root and the copy's suffix. */
const SILO_HIVES: readonly (readonly [string, string])[] = [
  ['\\REGISTRY\\MACHINE\\SOFTWARE', 'software'],
  ['\\REGISTRY\\MACHINE\\SYSTEM', 'system'],
];

/** `\REGISTRY\WC`: where the silos' hives are loaded. */
const SILO_HIVE_ROOT = '\\REGISTRY\\WC';

const siloHivePath = (job: EJOB, suffix: string): string => `${SILO_HIVE_ROOT}\\Silo${job.JobId}${suffix}`;

/** A REG_LINK target (UTF-16LE, no terminator). */
function linkTarget(v: RegValue): string {
  let s = '';
  for (let i = 0; i + 1 < v.data.length; i += 2) s += String.fromCharCode(v.data[i]! | (v.data[i + 1]! << 8));
  return s;
}

/** A name under a redirected hive, rewritten to the silo's copy (null when not redirected). */
function redirect(job: EJOB, name: string): string | null {
  for (const [host, suffix] of SILO_HIVES) {
    if (name.length < host.length || name.slice(0, host.length).toUpperCase() !== host) continue;
    const rest = name.slice(host.length);
    if (rest !== '' && rest[0] !== '\\') continue;
    return siloHivePath(job, suffix) + rest;
  }
  return null;
}

/** Copies `from`'s values and subkeys (links as links, with their targets redirected) under `to`. */
function copyTree(reg: CmRegistry, job: EJOB, from: CmKey, to: CmKey, time: number): void {
  for (const v of cmListValues(from)) {
    let value: RegValue = v;
    if (v.type === REG_LINK && v.name.toUpperCase() === CM_SYMBOLIC_LINK_VALUE_NAME.toUpperCase()) {
      const target = redirect(job, linkTarget(v));
      if (target) value = { type: REG_LINK, data: utf16Bytes(target) };
    }
    CmSetValueKey(to, v.name, value, time);
  }
  for (let i = 0; ; i++) {
    const e = CmEnumerateKey(from, i);
    if (e.status !== STATUS.SUCCESS) break;
    const name = e.info!.name;
    const child = CmOpenKey(reg, { root: from, name, openLink: true });
    if (!child.key) continue;
    const options =
      (child.key.volatile ? REG_OPTION_VOLATILE : 0) | (child.key.symbolicLink ? REG_OPTION_CREATE_LINK : 0);
    const made = CmCreateKey(reg, { root: to, name, options, openLink: true, time });
    if (!made.key) continue;
    if (child.key.symbolicLink) {
      // A link key holds only its target value; do not walk into what it points at.
      for (const v of cmListValues(child.key)) {
        const target = v.type === REG_LINK ? redirect(job, linkTarget(v)) : null;
        CmSetValueKey(made.key, v.name, target ? { type: REG_LINK, data: utf16Bytes(target) } : v, time);
      }
      continue;
    }
    copyTree(reg, job, child.key, made.key, time);
  }
}

/** JobObjectServerSiloInitialize's registry part: the silo's copies of the redirected hives. */
export function PspCreateSiloRegistry(ps: PsSystem, job: EJOB): void {
  const reg = ps.deps.registry;
  const time = Number(ps.deps.clock.now());
  // `\REGISTRY\WC` is a key of the (volatile) master hive; each copy is a hive loaded under it
  // (NtLoadKey, CmLoadKey), as \REGISTRY\MACHINE\SOFTWARE is under \REGISTRY\MACHINE.
  CmCreateKey(reg, { name: SILO_HIVE_ROOT, options: REG_OPTION_VOLATILE, time });
  for (const [host, suffix] of SILO_HIVES) {
    const source = CmOpenKey(reg, { name: host });
    if (!source.key) continue;
    const copy = CmLoadKey(reg, siloHivePath(job, suffix), { time });
    if (!copy.key) continue;
    copyTree(reg, job, source.key, copy.key, time);
  }
}

/**
 * The name a registry open or create by `caller` resolves: for a process in a server silo, a name
 * under a redirected hive becomes the silo's copy; any other name is the host's.
 */
export function PspSiloRegistryName(caller: PsCaller, name: string): string {
  const silo = caller.process.ServerSilo;
  if (!silo?.ServerSiloGlobals) return name;
  return redirect(silo, name) ?? name;
}

import { ByteWriter, utf16le, viewOf } from '../base/index.js';
import { readExports } from './export-directory.js';
import type { PeImage } from './image.js';
import { hexOff, malformed } from './image-error.js';

/**
 * Trustlet policy metadata (reference §5.1, winnt.h IMAGE_POLICY_*): a `.tPolicy` section holding
 * IMAGE_POLICY_METADATA {UCHAR Version = 1; UCHAR Reserved0[7]; ULONGLONG ApplicationId;
 * IMAGE_POLICY_ENTRY Policies[]}, each entry {ULONG Type; ULONG PolicyId; 8-byte value}, ended by
 * an entry of Type None. The image exports it as `s_IumPolicyMetadata` (`__ImagePolicyMetadata`
 * before build 16215), and the export must point into `.tPolicy`.
 */
export const IMAGE_POLICY_SECTION_NAME = '.tPolicy';
export const IMAGE_POLICY_EXPORT = 's_IumPolicyMetadata';
export const IMAGE_POLICY_METADATA_VERSION = 1;

export const IMAGE_POLICY_ENTRY_TYPE = {
  None: 0,
  Bool: 1,
  Int8: 2,
  UInt8: 3,
  Int16: 4,
  UInt16: 5,
  Int32: 6,
  UInt32: 7,
  Int64: 8,
  UInt64: 9,
  AnsiString: 10,
  UnicodeString: 11,
  Override: 12,
} as const;

export const IMAGE_POLICY_ID = {
  None: 0,
  Etw: 1,
  Debug: 2,
  CrashDump: 3,
  CrashDumpKey: 4,
  CrashDumpKeyGuid: 5,
  ParentSd: 6,
  ParentSdRev: 7,
  Svn: 8,
  DeviceId: 9,
  Capability: 10,
  ScenarioId: 11,
} as const;

/** Policy ids in the camelCase the scenario PeSpec uses (`crashDump`, `parentSd`, …). */
export type PolicyName =
  | 'etw'
  | 'debug'
  | 'crashDump'
  | 'crashDumpKey'
  | 'crashDumpKeyGuid'
  | 'parentSd'
  | 'parentSdRev'
  | 'svn'
  | 'deviceId'
  | 'capability'
  | 'scenarioId';
export type PolicyValue = boolean | number | string;

const NAME_OF_ID = new Map<number, PolicyName>(
  Object.entries(IMAGE_POLICY_ID)
    .filter(([, v]) => v !== 0)
    .map(([k, v]) => [v, (k[0]!.toLowerCase() + k.slice(1)) as PolicyName]),
);
const ID_OF_NAME = new Map<PolicyName, number>([...NAME_OF_ID].map(([k, v]) => [v, k]));

export interface TrustletPolicy {
  version: number;
  /** ApplicationId: the trustlet ID the secure kernel checks against the create request. */
  trustletId: bigint;
  entries: { type: number; policyId: number; value: bigint | string }[];
  /** The entries by name, values as booleans, numbers or strings. */
  policies: Partial<Record<PolicyName, PolicyValue>>;
}

const MAX_ENTRIES = 256;

export function readTrustletPolicy(image: PeImage): TrustletPolicy | null {
  return image.cached('tpolicy', parseTrustletPolicy);
}

function parseTrustletPolicy(image: PeImage): TrustletPolicy | null {
  const sectionIndex = image.sections.findIndex((s) => s.Name === IMAGE_POLICY_SECTION_NAME);
  let out: TrustletPolicy | null = null;
  if (sectionIndex >= 0) {
    const where = 'IMAGE_POLICY_METADATA';
    const exp = readExports(image)?.functions.find(
      (f) => f.name === IMAGE_POLICY_EXPORT || f.name === '__ImagePolicyMetadata',
    );
    const section = image.sections[sectionIndex]!;
    const rva = exp?.rva ?? section.VirtualAddress;
    if (exp && image.sectionIndexOf(rva) !== sectionIndex)
      throw malformed(
        where,
        `export ${exp.name} at RVA ${hexOff(rva)} is not in ${IMAGE_POLICY_SECTION_NAME}`,
      );
    const head = viewOf(image.read(rva, 16, where));
    out = { version: head.getUint8(0), trustletId: head.getBigUint64(8, true), entries: [], policies: {} };
    for (let i = 0; ; i++) {
      if (i >= MAX_ENTRIES) throw malformed(where, 'policy list has no terminator');
      const e = viewOf(image.read(rva + 16 + 16 * i, 16, `IMAGE_POLICY_ENTRY[${i}]`));
      const type = e.getUint32(0, true);
      const policyId = e.getUint32(4, true);
      if (type === IMAGE_POLICY_ENTRY_TYPE.None) break;
      const raw = e.getBigUint64(8, true);
      let value: bigint | string = raw;
      if (type === IMAGE_POLICY_ENTRY_TYPE.AnsiString || type === IMAGE_POLICY_ENTRY_TYPE.UnicodeString) {
        const sRva = image.vaToRva(raw);
        if (sRva < 0)
          throw malformed(`IMAGE_POLICY_ENTRY[${i}]`, `string VA 0x${raw.toString(16)} is outside the image`);
        value =
          type === IMAGE_POLICY_ENTRY_TYPE.AnsiString
            ? image.cstring(sRva, `IMAGE_POLICY_ENTRY[${i}] string`)
            : readWide(image, sRva);
      }
      out.entries.push({ type, policyId, value });
      const name = NAME_OF_ID.get(policyId);
      if (name)
        out.policies[name] =
          typeof value === 'string'
            ? value
            : type === IMAGE_POLICY_ENTRY_TYPE.Bool
              ? value !== 0n
              : Number(value);
    }
  }
  return out;
}

function readWide(image: PeImage, rva: number): string {
  const room = Math.min(image.extent(rva), 2048);
  const b = image.read(rva, room - (room % 2), 'IMAGE_POLICY_ENTRY wide string');
  let end = 0;
  while (end + 1 < b.length && (b[end] !== 0 || b[end + 1] !== 0)) end += 2;
  return utf16le(b, 0, end);
}

/**
 * Encodes the policy for the writer: booleans as Bool, numbers as UInt32, strings as AnsiString
 * placed after the entry list. `stringVa(offset)` turns an offset in the blob into the VA stored
 * (the writer also emits a base relocation for each such field: `relocs` lists their offsets).
 */
export function encodeTrustletPolicy(
  trustletId: number | bigint,
  policies: Partial<Record<PolicyName, PolicyValue>>,
  stringVa: (offset: number) => bigint,
): { bytes: Uint8Array; relocs: number[] } {
  const w = new ByteWriter();
  w.u8(0, IMAGE_POLICY_METADATA_VERSION);
  w.u64(8, BigInt(trustletId));
  const list = Object.entries(policies).filter(([, v]) => v !== undefined) as [PolicyName, PolicyValue][];
  let strAt = 16 + 16 * (list.length + 1);
  const relocs: number[] = [];
  list.forEach(([name, value], i) => {
    const at = 16 + 16 * i;
    const id = ID_OF_NAME.get(name);
    if (id === undefined) throw new Error(`unknown trustlet policy ${name}`);
    w.u32(at + 4, id);
    if (typeof value === 'boolean') {
      w.u32(at, IMAGE_POLICY_ENTRY_TYPE.Bool);
      w.u64(at + 8, value ? 1n : 0n);
    } else if (typeof value === 'number') {
      w.u32(at, IMAGE_POLICY_ENTRY_TYPE.UInt32);
      w.u64(at + 8, BigInt(value >>> 0));
    } else {
      w.u32(at, IMAGE_POLICY_ENTRY_TYPE.AnsiString);
      w.u64(at + 8, stringVa(strAt));
      relocs.push(at + 8);
      strAt = w.asciiz(strAt, value);
    }
  });
  w.zeroTo(Math.max(strAt, 16 + 16 * (list.length + 1)));
  return { bytes: w.toBytes(), relocs };
}

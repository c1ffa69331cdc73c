import { describe, expect, it } from 'vitest';
import { ModelError } from '../errors.js';
import { readField, resolveField, sizeOfType, writeField } from './codec.js';
import { bitfields, field, freezeTable, Int2B, Int4B, Int8B, layout, ptr, PtrVoid } from './define.js';
import { Char, UChar, Uint2B, Uint4B, Uint8B } from './define.js';
import { LAYOUT_19045_X64 as T } from './win10-19045-x64.js';

/** A table with one field of every primitive kind, a typed pointer and bitfields. */
const KINDS = freezeTable(1, [
  layout('_KINDS', 0x40, [
    field(0x0, 'U8', UChar),
    field(0x1, 'I8', Char),
    field(0x2, 'U16', Uint2B),
    field(0x4, 'I16', Int2B),
    field(0x8, 'U32', Uint4B),
    field(0xc, 'I32', Int4B),
    field(0x10, 'U64', Uint8B),
    field(0x18, 'I64', Int8B),
    field(0x20, 'Ptr', PtrVoid),
    field(0x28, 'Typed', ptr('_KINDS')),
    field(0x30, 'Word', Uint2B),
    bitfields(0x30, Uint2B, [
      ['Low', 3],
      ['Mid', 9],
      ['High', 4],
    ]),
  ]),
]);

function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ModelError);
    return (e as ModelError).code;
  }
  throw new Error('expected a ModelError');
}

const buffer = (size: number, fill = 0): { bytes: Uint8Array; view: DataView } => {
  const bytes = new Uint8Array(size).fill(fill);
  return { bytes, view: new DataView(bytes.buffer) };
};
const hexOf = (b: Uint8Array): string => [...b].map((x) => x.toString(16).padStart(2, '0')).join(' ');

describe('sizeOfType', () => {
  it('gives primitives, pointers, arrays and structures their x64 sizes', () => {
    const sizes = (['u8', 'i8', 'u16', 'i16', 'u32', 'i32', 'u64', 'i64', 'ptr'] as const).map((kind) =>
      sizeOfType(T, { kind }),
    );
    expect(sizes).toEqual([1, 1, 2, 2, 4, 4, 8, 8, 8]);
    expect(sizeOfType(T, { kind: 'pointer', to: '_PEB' })).toBe(8);
    expect(sizeOfType(T, { kind: 'array', of: { kind: 'u8' }, count: 15 })).toBe(15);
    expect(sizeOfType(T, { kind: 'array', of: { kind: 'struct', name: '_LIST_ENTRY' }, count: 2 })).toBe(
      0x20,
    );
    expect(sizeOfType(T, { kind: 'struct', name: '_PEB' })).toBe(0x7c8);
  });
  it('throws LAYOUT_UNKNOWN_TYPE for a structure the table lacks', () => {
    expect(code(() => sizeOfType(T, { kind: 'struct', name: '_ESERVERSILO_GLOBALS' }))).toBe(
      'LAYOUT_UNKNOWN_TYPE',
    );
  });
});

describe('resolveField', () => {
  it('finds top-level fields with their declarations', () => {
    const r = resolveField(T, '_PEB', 'ProcessParameters');
    expect(r.offset).toBe(0x20);
    expect(r.field).toEqual({
      name: 'ProcessParameters',
      offset: 0x20,
      type: { kind: 'pointer', to: '_RTL_USER_PROCESS_PARAMETERS' },
      display: 'Ptr64 _RTL_USER_PROCESS_PARAMETERS',
    });
    expect(resolveField(T, '_PEB', 'Ldr').offset).toBe(0x18);
  });
  it('follows dotted paths through nested structures', () => {
    expect(resolveField(T, '_PEB_LDR_DATA', 'InLoadOrderModuleList.Flink').offset).toBe(0x10);
    expect(resolveField(T, '_PEB_LDR_DATA', 'InMemoryOrderModuleList.Blink').offset).toBe(0x28);
    expect(resolveField(T, '_TEB', 'NtTib.Self')).toEqual({
      offset: 0x30,
      field: {
        name: 'Self',
        offset: 0x30,
        type: { kind: 'pointer', to: '_NT_TIB' },
        display: 'Ptr64 _NT_TIB',
      },
    });
    expect(resolveField(T, '_TEB', 'ClientId.UniqueThread').offset).toBe(0x48);
    expect(resolveField(T, '_EPROCESS', 'Pcb.DirectoryTableBase').offset).toBe(0x28);
    expect(resolveField(T, '_EPROCESS', 'Pcb.Header.Type').offset).toBe(0);
    expect(resolveField(T, '_ETHREAD', 'Tcb.Process').offset).toBe(0x220);
    expect(resolveField(T, '_ETHREAD', 'Cid.UniqueThread').offset).toBe(0x480);
    expect(resolveField(T, '_RTL_USER_PROCESS_PARAMETERS', 'CurrentDirectory.DosPath.Buffer').offset).toBe(
      0x40,
    );
    expect(resolveField(T, '_RTL_USER_PROCESS_PARAMETERS', 'ImagePathName.MaximumLength').offset).toBe(0x62);
  });
  it('indexes arrays, giving the element a name, its type and its type text', () => {
    expect(resolveField(T, '_TEB', 'TlsSlots[3]')).toEqual({
      offset: 0x1498,
      field: { name: 'TlsSlots[3]', offset: 0x1498, type: { kind: 'ptr' }, display: 'Ptr64 Void' },
    });
    expect(resolveField(T, '_TEB', 'TlsSlots[63]').offset).toBe(0x1678);
    expect(resolveField(T, '_EPROCESS', 'ImageFileName[14]').field).toEqual({
      name: 'ImageFileName[14]',
      offset: 0x5b6,
      type: { kind: 'u8' },
      display: 'UChar',
    });
    expect(resolveField(T, '_KUSER_SHARED_DATA', 'NtSystemRoot[2]').field.display).toBe('Wchar');
    expect(resolveField(T, '_KUSER_SHARED_DATA', 'NtSystemRoot[2]').offset).toBe(0x34);
    const r = resolveField(T, '_RTL_USER_PROCESS_PARAMETERS', 'CurrentDirectores[31].DosPath.Buffer');
    expect(r.offset).toBe(0x3e8); // 0xf0 + 31 × 0x18 + DosPath 0x8 + Buffer 0x8
    expect(resolveField(T, '_KPROCESS', 'Affinity.Bitmap[19]').offset).toBe(0x50 + 8 + 19 * 8);
    expect(resolveField(T, '_KAPC_STATE', 'ApcListHead[1].Blink').offset).toBe(0x18);
  });
  it('names a bitfield directly or through the integer that holds it', () => {
    const direct = resolveField(T, '_EPROCESS', 'Minimal');
    expect(direct.offset).toBe(0x87c);
    expect(direct.field.bits).toEqual({ position: 0, width: 1 });
    expect(resolveField(T, '_EPROCESS', 'Flags3.Minimal')).toEqual(direct);
    expect(resolveField(T, '_PEB', 'BitField.IsProtectedProcessLight').field.bits).toEqual({
      position: 6,
      width: 1,
    });
    expect(resolveField(T, '_EPROCESS', 'Protection.Signer')).toEqual({
      offset: 0x87a,
      field: {
        name: 'Signer',
        offset: 0,
        type: { kind: 'u8' },
        bits: { position: 4, width: 4 },
        display: 'Pos 4, 4 Bits',
      },
    });
  });
  it('throws ModelError for unknown fields and bad paths, with a code for each', () => {
    expect(code(() => resolveField(T, '_PEB', 'Foo'))).toBe('LAYOUT_UNKNOWN_FIELD');
    expect(code(() => resolveField(T, '_PEB', 'ldr'))).toBe('LAYOUT_UNKNOWN_FIELD');
    expect(code(() => resolveField(T, '_PEB', 'toString'))).toBe('LAYOUT_UNKNOWN_FIELD');
    expect(code(() => resolveField(T, '_TEB', 'NtTib.Foo'))).toBe('LAYOUT_UNKNOWN_FIELD');
    expect(code(() => resolveField(T, '_EPROCESS', 'Flags3.Crashd'))).toBe('LAYOUT_UNKNOWN_FIELD');
    expect(code(() => resolveField(T, '_PEBX', 'Ldr'))).toBe('LAYOUT_UNKNOWN_TYPE');
    expect(code(() => resolveField(T, 'constructor', 'Ldr'))).toBe('LAYOUT_UNKNOWN_TYPE');
    expect(code(() => resolveField(T, '_PEB', 'Ldr.Length'))).toBe('LAYOUT_NOT_STRUCT');
    expect(code(() => resolveField(T, '_EPROCESS', 'Flags2.Minimal'))).toBe('LAYOUT_NOT_STRUCT');
    expect(code(() => resolveField(T, '_EPROCESS', 'Minimal.Crashed'))).toBe('LAYOUT_NOT_STRUCT');
    expect(code(() => resolveField(T, '_PEB', 'Ldr[0]'))).toBe('LAYOUT_NOT_ARRAY');
    expect(code(() => resolveField(T, '_TEB', 'TlsSlots[64]'))).toBe('LAYOUT_INDEX_RANGE');
    expect(code(() => resolveField(T, '_TEB', 'NtTib..Self'))).toBe('LAYOUT_BAD_PATH');
    expect(code(() => resolveField(T, '_TEB', ''))).toBe('LAYOUT_BAD_PATH');
    expect(code(() => resolveField(T, '_TEB', 'TlsSlots[-1]'))).toBe('LAYOUT_BAD_PATH');
    expect(code(() => resolveField(T, '_TEB', 'TlsSlots[0x3]'))).toBe('LAYOUT_BAD_PATH');
  });
  it('says which field was missing', () => {
    expect(() => resolveField(T, '_TEB', 'NtTib.Foo')).toThrow('_TEB.NtTib.Foo: _NT_TIB has no field Foo');
  });
});

describe('writeField / readField', () => {
  it('round-trips every primitive kind at its extremes, little-endian', () => {
    const { bytes, view } = buffer(0x40);
    const values: [string, number | bigint][] = [
      ['U8', 0xff],
      ['I8', -128],
      ['U16', 0xfffe],
      ['I16', -32768],
      ['U32', 0xfffffffe],
      ['I32', -2147483648],
      ['U64', 0xfedcba9876543210n],
      ['I64', -(2n ** 63n)],
      ['Ptr', 0x7ffe0000n],
      ['Typed', 0x00007ff6a4710000n],
    ];
    for (const [path, v] of values) writeField(view, 0, KINDS, '_KINDS', path, v);
    for (const [path, v] of values) expect(readField(view, 0, KINDS, '_KINDS', path)).toBe(v);
    expect(hexOf(bytes.subarray(0, 0x30))).toBe(
      'ff 80 fe ff 00 80 00 00 fe ff ff ff 00 00 00 80 ' +
        '10 32 54 76 98 ba dc fe 00 00 00 00 00 00 00 80 ' +
        '00 00 fe 7f 00 00 00 00 00 00 71 a4 f6 7f 00 00',
    );
  });
  it('reads 8-byte fields as bigint and the others as number, signed kinds sign-extended', () => {
    const { view } = buffer(0x40, 0xff);
    expect(readField(view, 0, KINDS, '_KINDS', 'U8')).toBe(255);
    expect(readField(view, 0, KINDS, '_KINDS', 'I8')).toBe(-1);
    expect(readField(view, 0, KINDS, '_KINDS', 'U16')).toBe(0xffff);
    expect(readField(view, 0, KINDS, '_KINDS', 'I16')).toBe(-1);
    expect(readField(view, 0, KINDS, '_KINDS', 'U32')).toBe(0xffffffff);
    expect(readField(view, 0, KINDS, '_KINDS', 'I32')).toBe(-1);
    expect(readField(view, 0, KINDS, '_KINDS', 'U64')).toBe(2n ** 64n - 1n);
    expect(readField(view, 0, KINDS, '_KINDS', 'I64')).toBe(-1n);
    expect(readField(view, 0, KINDS, '_KINDS', 'Ptr')).toBe(2n ** 64n - 1n);
    expect(readField(view, 0, KINDS, '_KINDS', 'Typed')).toBe(2n ** 64n - 1n);
  });
  it('stores negative values in two’s complement and unsigned values in signed fields', () => {
    const { bytes, view } = buffer(0x7c8);
    writeField(view, 0, T, '_PEB', 'Mutant', -1);
    expect(readField(view, 0, T, '_PEB', 'Mutant')).toBe(0xffffffffffffffffn);
    expect(hexOf(bytes.subarray(0x8, 0x10))).toBe('ff ff ff ff ff ff ff ff');
    const e = buffer(0xa40);
    writeField(e.view, 0, T, '_EPROCESS', 'ExitStatus', 0xc0000005);
    expect(readField(e.view, 0, T, '_EPROCESS', 'ExitStatus')).toBe(-0x3ffffffb);
    expect(hexOf(e.bytes.subarray(0x7d4, 0x7d8))).toBe('05 00 00 c0');
    writeField(view, 0, T, '_PEB', 'SessionId', -1);
    expect(readField(view, 0, T, '_PEB', 'SessionId')).toBe(0xffffffff);
  });
  it('writes at a base inside a larger view', () => {
    const { bytes, view } = buffer(0x3000);
    writeField(view, 0x1000, T, '_TEB', 'ProcessEnvironmentBlock', 0x6cd0535000n);
    expect(hexOf(bytes.subarray(0x1060, 0x1068))).toBe('00 50 53 d0 6c 00 00 00');
    expect(readField(view, 0x1000, T, '_TEB', 'ProcessEnvironmentBlock')).toBe(0x6cd0535000n);
  });
  it('writes nested fields and array elements and nothing else', () => {
    const { bytes, view } = buffer(0x1838);
    writeField(view, 0, T, '_TEB', 'NtTib.Self', 0x6cd0536000n);
    writeField(view, 0, T, '_TEB', 'TlsSlots[3]', 0x1122334455667788n);
    writeField(view, 0, T, '_TEB', 'ClientId.UniqueProcess', 0x1144);
    expect(readField(view, 0, T, '_TEB', 'NtTib.Self')).toBe(0x6cd0536000n);
    expect(readField(view, 0, T, '_TEB', 'TlsSlots[3]')).toBe(0x1122334455667788n);
    expect(readField(view, 0, T, '_TEB', 'TlsSlots[2]')).toBe(0n);
    expect(readField(view, 0, T, '_TEB', 'TlsSlots[4]')).toBe(0n);
    const set = [...bytes.keys()].filter((i) => bytes[i] !== 0);
    expect(set).toEqual([
      0x31, 0x32, 0x33, 0x34, 0x40, 0x41, 0x1498, 0x1499, 0x149a, 0x149b, 0x149c, 0x149d, 0x149e, 0x149f,
    ]);
    const ldr = buffer(0x58);
    writeField(ldr.view, 0, T, '_PEB_LDR_DATA', 'InLoadOrderModuleList.Flink', 0x29d7c1b2fa0n);
    writeField(ldr.view, 0, T, '_PEB_LDR_DATA', 'InLoadOrderModuleList.Blink', 0x29d7c1b4a90n);
    expect(hexOf(ldr.bytes.subarray(0x10, 0x20))).toBe('a0 2f 1b 7c 9d 02 00 00 90 4a 1b 7c 9d 02 00 00');
  });
  it('writes bitfields by read-modify-write, leaving the neighbours as they were', () => {
    const { bytes, view } = buffer(0x40);
    writeField(view, 0, KINDS, '_KINDS', 'Word', 0xffff);
    writeField(view, 0, KINDS, '_KINDS', 'Mid', 0);
    expect(readField(view, 0, KINDS, '_KINDS', 'Word')).toBe(0xf007);
    writeField(view, 0, KINDS, '_KINDS', 'Mid', 0x155);
    expect(hexOf(bytes.subarray(0x30, 0x32))).toBe('af fa');
    expect(readField(view, 0, KINDS, '_KINDS', 'Low')).toBe(7);
    expect(readField(view, 0, KINDS, '_KINDS', 'Mid')).toBe(0x155);
    expect(readField(view, 0, KINDS, '_KINDS', 'High')).toBe(0xf);
  });
  it('sets EPROCESS.Protection Type and Signer (PsProtectedTypeProtectedLight, signer 3 = 0x31)', () => {
    const { bytes, view } = buffer(0xa40, 0);
    bytes[0x879] = 0xaa;
    bytes[0x87b] = 0x55;
    writeField(view, 0, T, '_EPROCESS', 'Protection.Type', 1);
    writeField(view, 0, T, '_EPROCESS', 'Protection.Signer', 3);
    expect(bytes[0x87a]).toBe(0x31);
    expect(readField(view, 0, T, '_EPROCESS', 'Protection.Level')).toBe(0x31);
    expect(readField(view, 0, T, '_EPROCESS', 'Protection.Audit')).toBe(0);
    writeField(view, 0, T, '_EPROCESS', 'Protection.Audit', 1);
    expect(bytes[0x87a]).toBe(0x39);
    writeField(view, 0, T, '_EPROCESS', 'Protection.Type', 2);
    expect(readField(view, 0, T, '_EPROCESS', 'Protection.Signer')).toBe(3);
    expect(bytes[0x87a]).toBe(0x3a);
    expect([bytes[0x879], bytes[0x87b]]).toEqual([0xaa, 0x55]);
  });
  it('sets Flags3.Minimal without touching DisallowUserTerminate or the bytes around it', () => {
    const { bytes, view } = buffer(0xa40, 0);
    writeField(view, 0, T, '_EPROCESS', 'DisallowUserTerminate', 1);
    bytes[0x87b] = 0x7f;
    bytes[0x880] = 0xee;
    writeField(view, 0, T, '_EPROCESS', 'Flags3.Minimal', 1);
    expect(readField(view, 0, T, '_EPROCESS', 'Flags3')).toBe(0x08000001);
    expect(readField(view, 0, T, '_EPROCESS', 'Minimal')).toBe(1);
    writeField(view, 0, T, '_EPROCESS', 'Minimal', 0);
    expect(readField(view, 0, T, '_EPROCESS', 'Flags3')).toBe(0x08000000);
    expect([bytes[0x87b], bytes[0x880]]).toEqual([0x7f, 0xee]);
  });
  it('sets the PEB BitField bits without disturbing the other bits or BeingDebugged', () => {
    const { bytes, view } = buffer(0x7c8);
    writeField(view, 0, T, '_PEB', 'BeingDebugged', 1);
    writeField(view, 0, T, '_PEB', 'BitField', 0x84);
    writeField(view, 0, T, '_PEB', 'IsProtectedProcess', 1);
    expect(bytes[3]).toBe(0x86);
    writeField(view, 0, T, '_PEB', 'BitField.IsProtectedProcessLight', 1);
    expect(bytes[3]).toBe(0xc6);
    writeField(view, 0, T, '_PEB', 'IsLongPathAwareProcess', 0);
    expect(readField(view, 0, T, '_PEB', 'BitField')).toBe(0x46);
    expect(readField(view, 0, T, '_PEB', 'IsImageDynamicallyRelocated')).toBe(1);
    expect(readField(view, 0, T, '_PEB', 'ImageUsesLargePages')).toBe(0);
    expect([bytes[2], bytes[4]]).toEqual([1, 0]);
  });
  it('handles bitfields held by 8-byte integers as bigint', () => {
    const { bytes, view } = buffer(0xa40);
    writeField(view, 0, T, '_EPROCESS', 'LastAppState', 5);
    expect(hexOf(bytes.subarray(0x920, 0x928))).toBe('00 00 00 00 00 00 00 a0');
    writeField(view, 0, T, '_EPROCESS', 'LastAppStateUptime', 2n ** 61n - 1n);
    expect(readField(view, 0, T, '_EPROCESS', 'LastAppState')).toBe(5n);
    expect(readField(view, 0, T, '_EPROCESS', 'LastAppStateUptime')).toBe(2n ** 61n - 1n);
    writeField(view, 0, T, '_EPROCESS', 'Token.Object', 0xffffa0012345678an);
    expect(readField(view, 0, T, '_EPROCESS', 'Token.RefCnt')).toBe(0xan);
    writeField(view, 0, T, '_EPROCESS', 'Token.RefCnt', 0);
    expect(readField(view, 0, T, '_EPROCESS', 'Token.Value')).toBe(0xffffa00123456780n);
  });
  it('refuses values that do not fit, non-integers, and fields that are not scalars', () => {
    const { view } = buffer(0x40);
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'U8', 256))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'I8', -129))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'U32', 2 ** 32))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'U64', 2n ** 64n))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'I64', -(2n ** 63n) - 1n))).toBe(
      'LAYOUT_VALUE_RANGE',
    );
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'U16', 1.5))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'U16', Number.NaN))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'Low', 8))).toBe('LAYOUT_VALUE_RANGE');
    expect(code(() => writeField(view, 0, KINDS, '_KINDS', 'Low', -1))).toBe('LAYOUT_VALUE_RANGE');
    const teb = buffer(0x1838);
    expect(code(() => writeField(teb.view, 0, T, '_TEB', 'NtTib', 0))).toBe('LAYOUT_NOT_SCALAR');
    expect(code(() => readField(teb.view, 0, T, '_TEB', 'TlsSlots'))).toBe('LAYOUT_NOT_SCALAR');
    expect(teb.view.getUint8(0)).toBe(0);
  });
  it('refuses fields outside the view', () => {
    const { view } = buffer(0x100);
    expect(code(() => writeField(view, 0, T, '_PEB', 'SessionId', 1))).toBe('LAYOUT_OUT_OF_VIEW');
    expect(code(() => readField(view, 0xfc, T, '_PEB', 'Mutant'))).toBe('LAYOUT_OUT_OF_VIEW');
    expect(code(() => readField(view, -1, T, '_PEB', 'InheritedAddressSpace'))).toBe('LAYOUT_OUT_OF_VIEW');
    expect(readField(view, 0xf0, T, '_PEB', 'Mutant')).toBe(0n);
  });
});

import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CmDeleteKey,
  CmLoadKey,
  CmOpenKey,
  CmQueryKey,
  KEY_HIVE_ENTRY,
  KEY_NO_DELETE,
  REG_OPTION_VOLATILE,
  cmKeyPath,
  createRegistry,
  createSymbolicLinkKey,
  createWin32Key,
  diffRegistry,
  enumerateWin32Subkeys,
  exportRegFile,
  loadRegistry,
  regDword,
  regSz,
  saveRegistry,
  setWin32Value,
  type CmRegistry,
} from './index.js';

function sample(): CmRegistry {
  const reg = createRegistry(1);
  CmLoadKey(reg, '\\Registry\\Machine\\SYSTEM', { time: 1 });
  CmLoadKey(reg, '\\Registry\\Machine\\HARDWARE', { time: 1, volatile: true });
  createWin32Key(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control', { time: 2, className: 'cls' });
  createWin32Key(reg, 'HKLM\\HARDWARE\\DESCRIPTION', { time: 2, options: REG_OPTION_VOLATILE });
  setWin32Value(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control', 'B', regSz('b'), { time: 3 });
  setWin32Value(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control', 'a', regDword(1), { time: 4 });
  createSymbolicLinkKey(
    reg,
    '\\Registry\\Machine\\SYSTEM\\CurrentControlSet',
    '\\Registry\\Machine\\SYSTEM\\ControlSet001',
    {
      time: 5,
      volatile: true,
    },
  );
  return reg;
}

describe('registry snapshots (ARCHITECTURE.md "Snapshots")', () => {
  it('is plain JSON that loads back into a registry that answers the same', () => {
    const reg = sample();
    const snap = saveRegistry(reg);
    const json = JSON.parse(JSON.stringify(snap)) as unknown;
    const back = loadRegistry(json);
    expect(back.status).toBe(STATUS.SUCCESS);
    const copy = back.registry!;
    expect(saveRegistry(copy)).toEqual(snap);
    expect(exportRegFile(copy, 'HKLM\\SYSTEM').text).toBe(exportRegFile(reg, 'HKLM\\SYSTEM').text);
    const control = CmOpenKey(copy, { name: '\\Registry\\Machine\\System\\CurrentControlSet\\Control' }).key!;
    expect(cmKeyPath(control)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control');
    expect(CmQueryKey(control).info).toEqual(
      CmQueryKey(CmOpenKey(reg, { name: '\\Registry\\Machine\\SYSTEM\\ControlSet001\\Control' }).key!).info,
    );
    // Hive roots keep KEY_NO_DELETE; volatile keys stay volatile.
    expect(snap.root.subkeys![0]!.subkeys!.map((k) => [k.name, k.flags, k.volatile])).toEqual([
      ['HARDWARE', KEY_HIVE_ENTRY | KEY_NO_DELETE, true],
      ['SYSTEM', KEY_HIVE_ENTRY | KEY_NO_DELETE, undefined],
    ]);
    expect(CmDeleteKey(CmOpenKey(copy, { name: '\\Registry\\Machine\\SYSTEM' }).key!, 9)).toBe(
      STATUS.CANNOT_DELETE,
    );
  });
  it('is independent of the registry it came from', () => {
    const reg = sample();
    const snap = saveRegistry(reg);
    const copy = loadRegistry(snap).registry!;
    createWin32Key(copy, 'HKLM\\SYSTEM\\New', { time: 9 });
    expect(enumerateWin32Subkeys(reg, 'HKLM\\SYSTEM').names).toEqual(['ControlSet001', 'CurrentControlSet']);
    expect(saveRegistry(reg)).toEqual(snap);
  });
  it('diffs two states: keys added and removed, values added, changed and removed, key metadata', () => {
    const reg = sample();
    const before = saveRegistry(reg);
    createWin32Key(reg, 'HKLM\\SYSTEM\\Added\\Deep', { time: 10 });
    setWin32Value(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control', 'B', regSz('changed'), { time: 11 });
    setWin32Value(reg, 'HKLM\\SYSTEM\\ControlSet001\\Control', 'c', regSz('new'), { time: 11 });
    CmDeleteKey(CmOpenKey(reg, { name: '\\Registry\\Machine\\HARDWARE\\DESCRIPTION' }).key!, 12);
    expect(diffRegistry(before, saveRegistry(reg))).toEqual([
      { change: 'keyChanged', path: '\\REGISTRY\\MACHINE\\HARDWARE', fields: ['lastWriteTime', 'max'] },
      { change: 'keyRemoved', path: '\\REGISTRY\\MACHINE\\HARDWARE\\DESCRIPTION' },
      { change: 'keyChanged', path: '\\REGISTRY\\MACHINE\\SYSTEM', fields: ['lastWriteTime'] },
      { change: 'keyAdded', path: '\\REGISTRY\\MACHINE\\SYSTEM\\Added' },
      {
        change: 'keyChanged',
        path: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control',
        fields: ['lastWriteTime', 'max'],
      },
      {
        change: 'valueChanged',
        path: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control',
        name: 'B',
        before: { type: 1, data: '62000000' },
        after: { type: 1, data: '6300680061006e00670065006400' + '0000' },
      },
      {
        change: 'valueAdded',
        path: '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control',
        name: 'c',
        after: { type: 1, data: '6e0065007700' + '0000' },
      },
    ]);
    expect(diffRegistry(before, before)).toEqual([]);
  });
  it('refuses something that is not a snapshot, naming the place', () => {
    const good = saveRegistry(sample());
    const bad = JSON.parse(JSON.stringify(good)) as { root: { subkeys: { subkeys: { name: string }[] }[] } };
    bad.root.subkeys[0]!.subkeys[1]!.name = 'a\\b';
    expect(loadRegistry(bad)).toEqual({
      status: STATUS.INVALID_PARAMETER,
      error: 'root.subkeys[0].subkeys[1].name: not a key name',
    });
    expect(loadRegistry({ format: 'other' }).status).toBe(STATUS.INVALID_PARAMETER);
    expect(loadRegistry(null).status).toBe(STATUS.INVALID_PARAMETER);
    const hexBad = JSON.parse(JSON.stringify(good)) as typeof good;
    hexBad.root.subkeys![0]!.subkeys![1]!.subkeys![0]!.subkeys![0]!.values![0]!.data = 'zz';
    expect(loadRegistry(hexBad).error).toBe(
      'root.subkeys[0].subkeys[1].subkeys[0].subkeys[0].values[0].data: not hex bytes',
    );
    const dup = JSON.parse(JSON.stringify(good)) as typeof good;
    dup.root.subkeys![1] = { ...dup.root.subkeys![0]!, name: 'machine' };
    expect(loadRegistry(dup).error).toBe('root.subkeys[1].name: "machine" appears twice');
  });
});

import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  CM_SYMBOLIC_LINK_VALUE_NAME,
  CmCreateKey,
  CmLoadKey,
  CmOpenKey,
  CmQueryKey,
  CmSetValueKey,
  REG_CREATED_NEW_KEY,
  REG_OPTION_CREATE_LINK,
  cmKeyPath,
  createKeyRecursive,
  createRegistry,
  createSymbolicLinkKey,
  regLink,
  regSz,
  type CmRegistry,
} from './index.js';

const SYSTEM = '\\Registry\\Machine\\SYSTEM';

function machine(): CmRegistry {
  const reg = createRegistry(1);
  CmLoadKey(reg, SYSTEM, { time: 1 });
  createKeyRecursive(reg, { name: SYSTEM + '\\ControlSet001\\Control\\Session Manager', time: 1 });
  const link = createSymbolicLinkKey(
    reg,
    SYSTEM + '\\CurrentControlSet',
    '\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001',
    {
      time: 1,
      volatile: true,
    },
  );
  expect(link.status).toBe(STATUS.SUCCESS);
  return reg;
}

describe('registry symbolic links (ReactOS cmparse.c CmpGetSymbolicLink, CmpDoOpen; cmsysini.c CmpCreateControlSet)', () => {
  it('follows CurrentControlSet to ControlSet001, in the middle of a name and at its end', () => {
    const reg = machine();
    const mid = CmOpenKey(reg, { name: SYSTEM + '\\CurrentControlSet\\Control\\Session Manager' });
    expect(cmKeyPath(mid.key!)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control\\Session Manager');
    const end = CmOpenKey(reg, { name: SYSTEM + '\\currentcontrolset' });
    expect(cmKeyPath(end.key!)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001');
  });
  it('opens the link key itself with OBJ_OPENLINK, which holds the REG_LINK value', () => {
    const reg = machine();
    const r = CmOpenKey(reg, { name: SYSTEM + '\\CurrentControlSet', openLink: true });
    expect(cmKeyPath(r.key!)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\CurrentControlSet');
    expect(CmQueryKey(r.key!).info).toMatchObject({ symbolicLink: true, volatile: true, values: 1 });
    // OBJ_OPENLINK applies to the last component only.
    const through = CmOpenKey(reg, { name: SYSTEM + '\\CurrentControlSet\\Control', openLink: true });
    expect(cmKeyPath(through.key!)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control');
  });
  it('creates through a link: NtCreateKey on a dangling link creates its target', () => {
    const reg = machine();
    createSymbolicLinkKey(reg, SYSTEM + '\\Later', '\\Registry\\Machine\\SYSTEM\\Target', { time: 2 });
    expect(CmOpenKey(reg, { name: SYSTEM + '\\Later' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    const c = CmCreateKey(reg, { name: SYSTEM + '\\Later', time: 3 });
    expect([c.status, c.disposition, cmKeyPath(c.key!)]).toEqual([
      STATUS.SUCCESS,
      REG_CREATED_NEW_KEY,
      '\\REGISTRY\\MACHINE\\SYSTEM\\Target',
    ]);
  });
  it('refuses REG_OPTION_CREATE_LINK over an existing key (STATUS_OBJECT_NAME_COLLISION)', () => {
    const reg = machine();
    const r = CmCreateKey(reg, {
      name: SYSTEM + '\\ControlSet001',
      options: REG_OPTION_CREATE_LINK,
      time: 2,
    });
    expect(r.status).toBe(STATUS.OBJECT_NAME_COLLISION);
  });
  it('fails to follow a link without an absolute REG_LINK target', () => {
    const reg = machine();
    const noValue = CmCreateKey(reg, { name: SYSTEM + '\\Empty', options: REG_OPTION_CREATE_LINK, time: 2 });
    expect(noValue.status).toBe(STATUS.SUCCESS);
    expect(CmOpenKey(reg, { name: SYSTEM + '\\Empty' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    CmSetValueKey(noValue.key!, CM_SYMBOLIC_LINK_VALUE_NAME, regLink('ControlSet001'), 3);
    expect(CmOpenKey(reg, { name: SYSTEM + '\\Empty' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    CmSetValueKey(noValue.key!, CM_SYMBOLIC_LINK_VALUE_NAME, regSz('\\Registry\\Machine\\SYSTEM'), 3);
    expect(CmOpenKey(reg, { name: SYSTEM + '\\Empty' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    CmSetValueKey(noValue.key!, CM_SYMBOLIC_LINK_VALUE_NAME, regLink('\\Registry\\Machine\\SYSTEM'), 3);
    expect(CmOpenKey(reg, { name: SYSTEM + '\\Empty' }).status).toBe(STATUS.SUCCESS);
  });
  it('gives up on a link loop after the object manager reparse limit, without hanging', () => {
    const reg = machine();
    createSymbolicLinkKey(reg, SYSTEM + '\\A', '\\Registry\\Machine\\SYSTEM\\B', { time: 2 });
    createSymbolicLinkKey(reg, SYSTEM + '\\B', '\\Registry\\Machine\\SYSTEM\\A', { time: 2 });
    expect(CmOpenKey(reg, { name: SYSTEM + '\\A\\X' }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
    expect(CmCreateKey(reg, { name: SYSTEM + '\\A', time: 3 }).status).toBe(STATUS.OBJECT_NAME_NOT_FOUND);
  });
  it('parses a name relative to a link key opened with OBJ_OPENLINK in the target', () => {
    const reg = machine();
    const link = CmOpenKey(reg, { name: SYSTEM + '\\CurrentControlSet', openLink: true }).key!;
    const r = CmOpenKey(reg, { root: link, name: 'Control' });
    expect(cmKeyPath(r.key!)).toBe('\\REGISTRY\\MACHINE\\SYSTEM\\ControlSet001\\Control');
  });
});

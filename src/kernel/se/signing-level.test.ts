import { describe, expect, it } from 'vitest';
import { STATUS } from '../../base/index.js';
import {
  SE_SIGNING_LEVEL,
  SeCompareSigningLevels,
  SeGetImageSigningLevel,
  SeValidateImageForProtection,
} from './index.js';

const PPL_EKU = '1.3.6.1.4.1.311.10.3.22';
const PP_EKU = '1.3.6.1.4.1.311.10.3.24';
const sig = (signer: string, ekus: string[] = []) => ({ signer, ekus, origin: 'embedded' as const });

describe('SeValidateImageForProtection (signing-level.ts; internals.md §4.3/§4.4)', () => {
  it('signer levels: unsigned 0x1, Authenticode 0x4, Store 0x6, Antimalware 0x7, Windows/Lsa 0xC, WinTcb 0xE', () => {
    expect(
      ['none', 'Authenticode', 'App', 'Antimalware', 'CodeGen', 'Lsa', 'Windows', 'WinTcb'].map((s) =>
        SeGetImageSigningLevel(sig(s)),
      ),
    ).toEqual([0x1, 0x4, 0x6, 0x7, 0xb, 0xc, 0xc, 0xe]);
  });

  it('WinTcb-Light needs level 0xE and the PPL EKU; WinTcb PP the PP EKU', () => {
    expect(SeValidateImageForProtection(sig('WinTcb', [PPL_EKU]), 0x61).status).toBe(STATUS.SUCCESS);
    expect(SeValidateImageForProtection(sig('Windows', [PPL_EKU]), 0x61).status).toBe(
      STATUS.INVALID_IMAGE_HASH,
    );
    expect(SeValidateImageForProtection(sig('WinTcb', [PPL_EKU]), 0x62).status).toBe(
      STATUS.INVALID_IMAGE_HASH,
    );
    expect(SeValidateImageForProtection(sig('WinTcb', [PP_EKU]), 0x62).status).toBe(STATUS.SUCCESS);
  });

  it('Antimalware-Light: the ELAM-registered signer suffices (no PPL EKU); unsigned and Authenticode do not', () => {
    expect(SeValidateImageForProtection(sig('Antimalware'), 0x31).status).toBe(STATUS.SUCCESS);
    expect(SeValidateImageForProtection(sig('none'), 0x31)).toMatchObject({
      status: STATUS.INVALID_IMAGE_HASH,
      imageLevel: SE_SIGNING_LEVEL.UNSIGNED,
      requiredLevel: SE_SIGNING_LEVEL.ANTIMALWARE,
    });
    expect(SeValidateImageForProtection(sig('Authenticode', [PPL_EKU]), 0x31).status).toBe(
      STATUS.INVALID_IMAGE_HASH,
    );
  });

  it('no image runs as WinSystem; an unprotected request needs nothing', () => {
    expect(SeValidateImageForProtection(sig('WinTcb', [PP_EKU, PPL_EKU]), 0x72).status).toBe(
      STATUS.INVALID_IMAGE_HASH,
    );
    expect(SeValidateImageForProtection(sig('none'), 0).status).toBe(STATUS.SUCCESS);
  });

  it('the DLL-load gate compares low nibbles; 0 (unchecked) lets everything in', () => {
    expect(SeCompareSigningLevels(0x1, 0)).toBe(true);
    expect(SeCompareSigningLevels(0x1, 0x7)).toBe(false);
    expect(SeCompareSigningLevels(0xc, 0x1c)).toBe(true);
    expect(SeCompareSigningLevels(0x8, 0x0c)).toBe(false);
  });
});

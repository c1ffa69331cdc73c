import { STATUS } from '../../base/index.js';
import type { ObjectType, ParseResult } from '../ob/index.js';
import type { FileSystem } from './file-system.js';
import { checkComponents } from './names.js';

/**
 * A volume device (`\Device\HarddiskVolume3`): a DEVICE_OBJECT whose parse procedure (IopParseDevice)
 * hands the rest of the path to the file system mounted on it.
 */
export class Volume {
  constructor(
    /** The device name under \Device: HarddiskVolume3 is C: on a default Windows 10 install (EFI, MSR, then Windows). */
    readonly deviceName: string,
    readonly fs: FileSystem,
  ) {}

  static readonly type: ObjectType<Volume> = {
    name: 'Device',
    // The name check only: whether the file exists is the caller's question (a create may make it).
    parse(volume: Volume, remaining: string): ParseResult {
      const { status, components } = checkComponents(remaining);
      return status === STATUS.SUCCESS ? { status, object: { volume, components } } : { status };
    },
  };
}

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
    parse(volume: Volume, remaining: string): ParseResult {
      const { status, components } = checkComponents(remaining);
      if (status !== STATUS.SUCCESS) return { status };
      const st = volume.fs.stat(components);
      return st.status === STATUS.SUCCESS
        ? { status: st.status, object: { volume, components, entry: st.value } }
        : { status: st.status };
    },
  };
}

/** What parsing a file path gives: the volume, the checked components and the entry. */
export interface FileLookup {
  volume: Volume;
  components: string[];
}

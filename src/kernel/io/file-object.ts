import type { ObjectType } from '../ob/index.js';
import { FILE_ALL_ACCESS, IopFileMapping } from '../se/index.js';
import type { Volume } from './volume.js';

/** FILE_OBJECT.Flags bits the model sets (wdm.h FO_*). */
export const FO_SYNCHRONOUS_IO = 0x00000002;
export const FO_ALERTABLE_IO = 0x00000004;

export interface FileObjectInit {
  DeviceObject: Volume;
  /** The path under the device, as the caller named it (`\Windows\System32\ntdll.dll`; `\` for the root). */
  FileName: string;
  /** The NT path the open was given (`\??\C:\Windows\System32\ntdll.dll`). */
  openedName: string;
  /** The path after every symbolic link (`\Device\HarddiskVolume3\Windows\System32\ntdll.dll`). */
  devicePath: string;
  /** The components under the volume, checked by its parse procedure. */
  components: readonly string[];
  isDirectory: boolean;
  /** The file system's version of the file at open (FsEntry.version): what an image section is keyed on. */
  version: number;
  size: number;
  ReadAccess: boolean;
  WriteAccess: boolean;
  DeleteAccess: boolean;
  SharedRead: boolean;
  SharedWrite: boolean;
  SharedDelete: boolean;
  Flags: number;
}

/**
 * FILE_OBJECT (wdm.h; Windows Internals 7 ch. 6, "File objects"): one open of a file or directory
 * on a volume. The model keeps what the memory manager and the loader need — the device, the name
 * as opened and as resolved, whether it is a directory, and the file's version, so a section made
 * from the handle finds the file's one image control area — and the access and sharing the open
 * asked for (recorded; IoCheckShareAccess conflicts are not modelled).
 */
export class FILE_OBJECT {
  readonly DeviceObject: Volume;
  readonly FileName: string;
  readonly openedName: string;
  readonly devicePath: string;
  readonly components: readonly string[];
  readonly isDirectory: boolean;
  readonly version: number;
  readonly size: number;
  readonly ReadAccess: boolean;
  readonly WriteAccess: boolean;
  readonly DeleteAccess: boolean;
  readonly SharedRead: boolean;
  readonly SharedWrite: boolean;
  readonly SharedDelete: boolean;
  readonly Flags: number;

  constructor(init: FileObjectInit) {
    this.DeviceObject = init.DeviceObject;
    this.FileName = init.FileName;
    this.openedName = init.openedName;
    this.devicePath = init.devicePath;
    this.components = init.components;
    this.isDirectory = init.isDirectory;
    this.version = init.version;
    this.size = init.size;
    this.ReadAccess = init.ReadAccess;
    this.WriteAccess = init.WriteAccess;
    this.DeleteAccess = init.DeleteAccess;
    this.SharedRead = init.SharedRead;
    this.SharedWrite = init.SharedWrite;
    this.SharedDelete = init.SharedDelete;
    this.Flags = init.Flags;
  }
}

/**
 * IoFileObjectType's initializer (ReactOS io/iomgr/iomgr.c IopCreateObjectTypes: FILE_ALL_ACCESS,
 * IopFileMapping; x64 sizeof(FILE_OBJECT) = 0xD8). Registered by the kernel at start-up.
 */
export const IoFileObjectTypeInfo: ObjectType<FILE_OBJECT> = {
  name: 'File',
  validAccessMask: FILE_ALL_ACCESS,
  genericMapping: IopFileMapping,
  poolTag: 'File',
  bodySize: 0xd8,
};

/**
 * The numbers of NtCreateFile/NtOpenFile and of FILE_BASIC_INFORMATION (wdm.h/ntifs.h as phnt
 * ntioapi.h reproduces them; Microsoft Learn ZwCreateFile, "File Attribute Constants").
 */

// CreateDisposition.
export const FILE_SUPERSEDE = 0;
export const FILE_OPEN = 1;
export const FILE_CREATE = 2;
export const FILE_OPEN_IF = 3;
export const FILE_OVERWRITE = 4;
export const FILE_OVERWRITE_IF = 5;
export const FILE_MAXIMUM_DISPOSITION = 5;

// CreateOptions / OpenOptions.
export const FILE_DIRECTORY_FILE = 0x00000001;
export const FILE_WRITE_THROUGH = 0x00000002;
export const FILE_SEQUENTIAL_ONLY = 0x00000004;
export const FILE_NO_INTERMEDIATE_BUFFERING = 0x00000008;
export const FILE_SYNCHRONOUS_IO_ALERT = 0x00000010;
export const FILE_SYNCHRONOUS_IO_NONALERT = 0x00000020;
export const FILE_NON_DIRECTORY_FILE = 0x00000040;
export const FILE_CREATE_TREE_CONNECTION = 0x00000080;
export const FILE_COMPLETE_IF_OPLOCKED = 0x00000100;
export const FILE_NO_EA_KNOWLEDGE = 0x00000200;
export const FILE_OPEN_REMOTE_INSTANCE = 0x00000400;
export const FILE_RANDOM_ACCESS = 0x00000800;
export const FILE_DELETE_ON_CLOSE = 0x00001000;
export const FILE_OPEN_BY_FILE_ID = 0x00002000;
export const FILE_OPEN_FOR_BACKUP_INTENT = 0x00004000;
export const FILE_NO_COMPRESSION = 0x00008000;
export const FILE_OPEN_REQUIRING_OPLOCK = 0x00010000;
export const FILE_RESERVE_OPFILTER = 0x00100000;
export const FILE_OPEN_REPARSE_POINT = 0x00200000;
export const FILE_OPEN_NO_RECALL = 0x00400000;
export const FILE_OPEN_FOR_FREE_SPACE_QUERY = 0x00800000;
export const FILE_VALID_OPTION_FLAGS = 0x00ffffff;

// ShareAccess.
export const FILE_SHARE_READ = 0x00000001;
export const FILE_SHARE_WRITE = 0x00000002;
export const FILE_SHARE_DELETE = 0x00000004;
export const FILE_SHARE_VALID_FLAGS = 0x00000007;

// IO_STATUS_BLOCK.Information of a create or open.
export const FILE_SUPERSEDED = 0;
export const FILE_OPENED = 1;
export const FILE_CREATED = 2;
export const FILE_OVERWRITTEN = 3;
export const FILE_EXISTS = 4;
export const FILE_DOES_NOT_EXIST = 5;

// FileAttributes.
export const FILE_ATTRIBUTE_READONLY = 0x00000001;
export const FILE_ATTRIBUTE_HIDDEN = 0x00000002;
export const FILE_ATTRIBUTE_SYSTEM = 0x00000004;
export const FILE_ATTRIBUTE_DIRECTORY = 0x00000010;
export const FILE_ATTRIBUTE_ARCHIVE = 0x00000020;
export const FILE_ATTRIBUTE_NORMAL = 0x00000080;
export const FILE_ATTRIBUTE_VALID_FLAGS = 0x00007fb7;

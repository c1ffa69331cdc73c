import { viewOf, type ByteSource } from '../base/index.js';
import {
  IMAGE_NT_OPTIONAL_HDR32_MAGIC,
  IMAGE_NT_OPTIONAL_HDR64_MAGIC,
  IMAGE_NT_SIGNATURE,
  IMAGE_NUMBEROF_DIRECTORY_ENTRIES,
  IMAGE_OS2_SIGNATURE,
  IMAGE_OS2_SIGNATURE_LE,
  IMAGE_SIZEOF_FILE_HEADER,
} from './constants.js';
import type { DosHeader } from './dos-header.js';
import { ImageFormatError, hexOff, malformed } from './image-error.js';

/** IMAGE_FILE_HEADER */
export interface FileHeader {
  Machine: number;
  NumberOfSections: number;
  TimeDateStamp: number;
  PointerToSymbolTable: number;
  NumberOfSymbols: number;
  SizeOfOptionalHeader: number;
  Characteristics: number;
}

export interface DataDirectory {
  VirtualAddress: number;
  Size: number;
}

/**
 * IMAGE_OPTIONAL_HEADER32 / IMAGE_OPTIONAL_HEADER64, every field. ImageBase and the four stack/heap
 * sizes are bigints because PE32+ stores them as 64-bit values.
 */
export interface OptionalHeader {
  Magic: number;
  MajorLinkerVersion: number;
  MinorLinkerVersion: number;
  SizeOfCode: number;
  SizeOfInitializedData: number;
  SizeOfUninitializedData: number;
  AddressOfEntryPoint: number;
  BaseOfCode: number;
  /** PE32 only; undefined for PE32+. */
  BaseOfData: number | undefined;
  ImageBase: bigint;
  SectionAlignment: number;
  FileAlignment: number;
  MajorOperatingSystemVersion: number;
  MinorOperatingSystemVersion: number;
  MajorImageVersion: number;
  MinorImageVersion: number;
  MajorSubsystemVersion: number;
  MinorSubsystemVersion: number;
  Win32VersionValue: number;
  SizeOfImage: number;
  SizeOfHeaders: number;
  CheckSum: number;
  Subsystem: number;
  DllCharacteristics: number;
  SizeOfStackReserve: bigint;
  SizeOfStackCommit: bigint;
  SizeOfHeapReserve: bigint;
  SizeOfHeapCommit: bigint;
  LoaderFlags: number;
  NumberOfRvaAndSizes: number;
  DataDirectory: DataDirectory[];
}

export interface NtHeaders {
  /** File offset of the 'PE\0\0' signature (e_lfanew). */
  offset: number;
  FileHeader: FileHeader;
  OptionalHeader: OptionalHeader;
  /** File offset of the first IMAGE_SECTION_HEADER. */
  sectionTableOffset: number;
}

/** Tells NE/LE images and MS-DOS programs apart from PE ones, with the status Windows gives each. */
function rejectNonPe(src: ByteSource, dos: DosHeader): never {
  const at = dos.e_lfanew;
  if (at + 2 <= src.size) {
    const sig = viewOf(src.bytes(at, 2)).getUint16(0, true);
    if (sig === IMAGE_OS2_SIGNATURE) {
      // IMAGE_OS2_HEADER.ne_exetyp at +0x36: 2 = Windows (a Win16 program), 1 = OS/2.
      const exetyp = at + 0x37 <= src.size ? src.bytes(at + 0x36, 1)[0] : undefined;
      if (exetyp === 2)
        throw new ImageFormatError('win16', 'IMAGE_OS2_HEADER', 'a 16-bit Windows (NE) image');
      throw new ImageFormatError('neFormat', 'IMAGE_OS2_HEADER', 'an NE image that is not for Windows');
    }
    if (sig === IMAGE_OS2_SIGNATURE_LE || sig === 0x584c /* 'LX' */)
      throw new ImageFormatError('leFormat', 'IMAGE_VXD_HEADER', 'an LE/LX image');
  }
  throw new ImageFormatError(
    'dosProgram',
    'IMAGE_DOS_HEADER.e_lfanew',
    `no 'PE\\0\\0' signature at ${hexOff(at)}: an MS-DOS program`,
  );
}

export function readNtHeaders(src: ByteSource, dos: DosHeader): NtHeaders {
  const at = dos.e_lfanew;
  if (at + 4 > src.size || viewOf(src.bytes(at, 4)).getUint32(0, true) !== IMAGE_NT_SIGNATURE)
    rejectNonPe(src, dos);
  const fhAt = at + 4;
  if (fhAt + IMAGE_SIZEOF_FILE_HEADER > src.size)
    throw malformed('IMAGE_FILE_HEADER', `truncated: file ends at ${hexOff(src.size)}`);
  const fh = viewOf(src.bytes(fhAt, IMAGE_SIZEOF_FILE_HEADER));
  const FileHeader: FileHeader = {
    Machine: fh.getUint16(0, true),
    NumberOfSections: fh.getUint16(2, true),
    TimeDateStamp: fh.getUint32(4, true),
    PointerToSymbolTable: fh.getUint32(8, true),
    NumberOfSymbols: fh.getUint32(12, true),
    SizeOfOptionalHeader: fh.getUint16(16, true),
    Characteristics: fh.getUint16(18, true),
  };
  const ohAt = fhAt + IMAGE_SIZEOF_FILE_HEADER;
  const ohSize = FileHeader.SizeOfOptionalHeader;
  if (ohAt + 2 > src.size) throw malformed('IMAGE_OPTIONAL_HEADER', 'truncated before Magic');
  const magic = viewOf(src.bytes(ohAt, 2)).getUint16(0, true);
  if (magic !== IMAGE_NT_OPTIONAL_HDR32_MAGIC && magic !== IMAGE_NT_OPTIONAL_HDR64_MAGIC)
    throw malformed('IMAGE_OPTIONAL_HEADER.Magic', `0x${magic.toString(16)} is neither 0x10b nor 0x20b`);
  const is64 = magic === IMAGE_NT_OPTIONAL_HDR64_MAGIC;
  const fixedSize = is64 ? 112 : 96; // up to and including NumberOfRvaAndSizes
  if (ohSize < fixedSize)
    throw malformed(
      'IMAGE_FILE_HEADER.SizeOfOptionalHeader',
      `${ohSize} is smaller than the ${fixedSize} bytes of the fixed optional header`,
    );
  if (ohAt + fixedSize > src.size) throw malformed('IMAGE_OPTIONAL_HEADER', 'truncated');
  const oh = viewOf(src.bytes(ohAt, fixedSize));
  const u8 = (o: number): number => oh.getUint8(o);
  const u16 = (o: number): number => oh.getUint16(o, true);
  const u32 = (o: number): number => oh.getUint32(o, true);
  const u64 = (o: number): bigint => oh.getBigUint64(o, true);
  // PE32+ drops BaseOfData and widens ImageBase and the stack/heap sizes; later fields shift.
  const w = is64 ? 8 : 4;
  const sizesAt = 72; // SizeOfStackReserve: the same offset in both, BaseOfData and ImageBase trade places
  const wide = (o: number): bigint => (is64 ? u64(o) : BigInt(u32(o)));
  const loaderFlagsAt = sizesAt + 4 * w;
  const OptionalHeader: OptionalHeader = {
    Magic: magic,
    MajorLinkerVersion: u8(2),
    MinorLinkerVersion: u8(3),
    SizeOfCode: u32(4),
    SizeOfInitializedData: u32(8),
    SizeOfUninitializedData: u32(12),
    AddressOfEntryPoint: u32(16),
    BaseOfCode: u32(20),
    BaseOfData: is64 ? undefined : u32(24),
    ImageBase: is64 ? u64(24) : BigInt(u32(28)),
    SectionAlignment: u32(32),
    FileAlignment: u32(36),
    MajorOperatingSystemVersion: u16(40),
    MinorOperatingSystemVersion: u16(42),
    MajorImageVersion: u16(44),
    MinorImageVersion: u16(46),
    MajorSubsystemVersion: u16(48),
    MinorSubsystemVersion: u16(50),
    Win32VersionValue: u32(52),
    SizeOfImage: u32(56),
    SizeOfHeaders: u32(60),
    CheckSum: u32(64),
    Subsystem: u16(68),
    DllCharacteristics: u16(70),
    SizeOfStackReserve: wide(sizesAt),
    SizeOfStackCommit: wide(sizesAt + w),
    SizeOfHeapReserve: wide(sizesAt + 2 * w),
    SizeOfHeapCommit: wide(sizesAt + 3 * w),
    LoaderFlags: u32(loaderFlagsAt),
    NumberOfRvaAndSizes: u32(loaderFlagsAt + 4),
    DataDirectory: [],
  };
  // The loader uses at most 16 directories, and only those that fit in SizeOfOptionalHeader.
  const room = Math.floor((ohSize - fixedSize) / 8);
  const count = Math.min(OptionalHeader.NumberOfRvaAndSizes, IMAGE_NUMBEROF_DIRECTORY_ENTRIES, room);
  if (count > 0) {
    if (ohAt + fixedSize + 8 * count > src.size) throw malformed('IMAGE_DATA_DIRECTORY', 'truncated');
    const dd = viewOf(src.bytes(ohAt + fixedSize, 8 * count));
    for (let i = 0; i < count; i++)
      OptionalHeader.DataDirectory.push({
        VirtualAddress: dd.getUint32(8 * i, true),
        Size: dd.getUint32(8 * i + 4, true),
      });
  }
  for (let i = count; i < IMAGE_NUMBEROF_DIRECTORY_ENTRIES; i++)
    OptionalHeader.DataDirectory.push({ VirtualAddress: 0, Size: 0 });
  return { offset: at, FileHeader, OptionalHeader, sectionTableOffset: ohAt + ohSize };
}

/**
 * What the Rtl path routines read from the process besides their argument: on Windows the PEB's
 * ProcessParameters->CurrentDirectory.DosPath, the hidden "=X:" environment variables, the file
 * system (RtlDoesFileExists_U) and the long-path opt-in (RtlAreLongPathsEnabled).
 */
export interface RtlPathContext {
  /**
   * CurrentDirectory.DosPath, always ending in '\', e.g. `C:\Users\user\` or `\\srv\share\dir\`
   * (ReactOS sdk/lib/rtl/path.c RtlGetCurrentDirectory_U asserts the trailing separator).
   */
  currentDirectory: string;
  /**
   * The value of the "=X:" environment variable for an upper-case drive letter ('D' → `D:\work`),
   * the last current directory used on that drive; undefined when it is not set (Microsoft Learn,
   * ".NET: File path formats on Windows systems", "Apply the current directory").
   */
  driveCurrentDirectory?(driveLetter: string): string | undefined;
  /**
   * RtlDoesFileExists_U. RtlDosPathNameToNtPathName_U asks it, for a DOS device name after a
   * directory (`C:\dir\nul`), whether the text before the name plus '.' exists (`C:\dir\.`), and fails
   * with STATUS_OBJECT_NAME_INVALID if not (ReactOS path.c RtlpCheckDeviceName; Wine
   * dlls/ntdll/tests/path.c test_RtlDosPathNameToNtPathName_U, `C:\nonexistent\nul`). Absent: exists.
   */
  doesFileExist?(dosPath: string): boolean;
  /**
   * RtlAreLongPathsEnabled(): LongPathsEnabled=1 and a longPathAware manifest (Microsoft Learn,
   * "Maximum Path Length Limitation"). When false (the default, as on a stock Windows 10 22H2),
   * RtlDosPathNameToNtPathName_U refuses full paths of MAX_PATH characters or more.
   */
  longPathsEnabled?: boolean;
}

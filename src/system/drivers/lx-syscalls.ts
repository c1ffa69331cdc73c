// The Linux x86-64 system call numbers and errno values the miniature lxcore answers. Numbers from
// the kernel's arch/x86/entry/syscalls/syscall_64.tbl (read 0, write 1, getpid 39, exit 60,
// uname 63, getppid 110, gettid 186, exit_group 231); errno values from
// include/uapi/asm-generic/errno-base.h and errno.h (EBADF 9, EFAULT 14, ENOSYS 38).

export const LX_SYSCALL: Readonly<Record<string, number>> = {
  read: 0,
  write: 1,
  getpid: 39,
  exit: 60,
  uname: 63,
  getppid: 110,
  gettid: 186,
  exit_group: 231,
};

export const LX_ERRNO: Readonly<Record<string, number>> = {
  EPERM: 1,
  ENOENT: 2,
  ESRCH: 3,
  EBADF: 9,
  EFAULT: 14,
  EINVAL: 22,
  ENOSYS: 38,
};

/** `-38` → `ENOSYS`; undefined for a non-negative result or an unknown errno. */
export function lxErrnoName(rax: number): string | undefined {
  if (rax >= 0) return undefined;
  return Object.entries(LX_ERRNO).find(([, v]) => v === -rax)?.[0];
}

/**
 * struct new_utsname (include/uapi/linux/utsname.h): six fields of __NEW_UTS_LEN + 1 = 65 bytes —
 * sysname, nodename, release, version, machine, domainname.
 */
export const UTSNAME_FIELD = 65;
export const UTSNAME_SIZE = 6 * UTSNAME_FIELD;

/**
 * What WSL 1 on build 19041–19045 answers to uname: "Linux", the release "4.4.0-19041-Microsoft"
 * and a version such as "#2311-Microsoft Tue Nov 08 17:09:00 PST 2022" (`uname -a` transcripts
 * from Windows 10 22H2 machines), machine "x86_64", domainname "(none)" as Linux's default.
 */
export const WSL1_UTSNAME = {
  sysname: 'Linux',
  release: '4.4.0-19041-Microsoft',
  version: '#2311-Microsoft Tue Nov 08 17:09:00 PST 2022',
  machine: 'x86_64',
  domainname: '(none)',
} as const;

import { STATUS, type NTSTATUS } from '../../base/index.js';

/**
 * PS_CREATE_NOTIFY_INFO as a process-notify callback sees it (ntddk.h): a callback may refuse the
 * creation by setting CreationStatus to an error (Ex routines only).
 */
export interface PsCreateNotifyInfo {
  ParentProcessId: number;
  CreatingThreadId: { UniqueProcess: number; UniqueThread: number };
  ImageFileName: string;
  CommandLine: string | null;
  FileOpenNameAvailable: boolean;
  IsSubsystemProcess: boolean;
  CreationStatus: NTSTATUS;
}

/** PCREATE_PROCESS_NOTIFY_ROUTINE_EX: (Process, ProcessId, CreateInfo) — CreateInfo null on exit. */
export type CreateProcessNotifyRoutineEx = (
  process: unknown,
  processId: number,
  createInfo: PsCreateNotifyInfo | null,
) => void;
/** PCREATE_PROCESS_NOTIFY_ROUTINE: (ParentId, ProcessId, Create). */
export type CreateProcessNotifyRoutine = (parentId: number, processId: number, create: boolean) => void;
/** PCREATE_THREAD_NOTIFY_ROUTINE: (ProcessId, ThreadId, Create). */
export type CreateThreadNotifyRoutine = (processId: number, threadId: number, create: boolean) => void;
/** PLOAD_IMAGE_NOTIFY_ROUTINE: (FullImageName, ProcessId — 0 for a driver, ImageInfo). */
export type LoadImageNotifyRoutine = (
  fullImageName: string,
  processId: number,
  imageInfo: { ImageBase: number; ImageSize: number; SystemModeImage: boolean },
) => void;

/**
 * The kernel keeps at most 64 routines of each kind (PSP_MAX_CREATE_PROCESS_NOTIFY,
 * PSP_MAX_CREATE_THREAD_NOTIFY, PSP_MAX_LOAD_IMAGE_NOTIFY on Windows 10; Microsoft Learn
 * "PsSetCreateProcessNotifyRoutineEx": "up to 64"). Registering past that fails with
 * STATUS_INVALID_PARAMETER; removing a routine that is not registered fails with
 * STATUS_PROCEDURE_NOT_FOUND (Microsoft Learn, Return value sections).
 */
const MAX_ROUTINES = 64;

class RoutineList<T> {
  readonly routines: T[] = [];
  set(routine: T, remove: boolean): NTSTATUS {
    const at = this.routines.indexOf(routine);
    if (remove) {
      if (at < 0) return STATUS.PROCEDURE_NOT_FOUND;
      this.routines.splice(at, 1);
      return STATUS.SUCCESS;
    }
    if (at >= 0 || this.routines.length >= MAX_ROUTINES) return STATUS.INVALID_PARAMETER;
    this.routines.push(routine);
    return STATUS.SUCCESS;
  }
}

/** The notify-routine registrations of one kernel (PspCreateProcessNotifyRoutine & co.). */
export class PsNotifyRoutines {
  readonly processEx = new RoutineList<CreateProcessNotifyRoutineEx>();
  readonly process = new RoutineList<CreateProcessNotifyRoutine>();
  readonly thread = new RoutineList<CreateThreadNotifyRoutine>();
  readonly loadImage = new RoutineList<LoadImageNotifyRoutine>();

  PsSetCreateProcessNotifyRoutineEx(routine: CreateProcessNotifyRoutineEx, remove: boolean): NTSTATUS {
    return this.processEx.set(routine, remove);
  }
  PsSetCreateProcessNotifyRoutine(routine: CreateProcessNotifyRoutine, remove: boolean): NTSTATUS {
    return this.process.set(routine, remove);
  }
  PsSetCreateThreadNotifyRoutine(routine: CreateThreadNotifyRoutine): NTSTATUS {
    return this.thread.set(routine, false);
  }
  PsRemoveCreateThreadNotifyRoutine(routine: CreateThreadNotifyRoutine): NTSTATUS {
    return this.thread.set(routine, true);
  }
  PsSetLoadImageNotifyRoutine(routine: LoadImageNotifyRoutine): NTSTATUS {
    return this.loadImage.set(routine, false);
  }
  PsRemoveLoadImageNotifyRoutine(routine: LoadImageNotifyRoutine): NTSTATUS {
    return this.loadImage.set(routine, true);
  }

  /**
   * PspCallProcessNotifyRoutines at creation: Ex routines first may veto (the first error in
   * CreationStatus wins and creation fails with it), then the legacy routines are told.
   */
  notifyProcessCreate(
    process: unknown,
    processId: number,
    info: Omit<PsCreateNotifyInfo, 'CreationStatus'>,
  ): NTSTATUS {
    const createInfo: PsCreateNotifyInfo = { ...info, CreationStatus: STATUS.SUCCESS };
    for (const r of this.processEx.routines) {
      r(process, processId, createInfo);
      if (createInfo.CreationStatus !== STATUS.SUCCESS) return createInfo.CreationStatus;
    }
    for (const r of this.process.routines) r(info.ParentProcessId, processId, true);
    return STATUS.SUCCESS;
  }

  notifyProcessExit(process: unknown, processId: number, parentId: number): void {
    for (const r of this.processEx.routines) r(process, processId, null);
    for (const r of this.process.routines) r(parentId, processId, false);
  }
}

import { ModelError, STATUS, type NTSTATUS } from '../base/index.js';
import {
  IoReadFile,
  MemoryFileSystem,
  OverlayFileSystem,
  Volume,
  type FileSystem,
  type MemoryFsSnapshot,
} from '../kernel/io/index.js';
import { ObjectNamespace } from '../kernel/ob/index.js';
import {
  CmOpenKey,
  importRegFile,
  loadRegistry,
  regDword,
  saveRegistry,
  setWin32Value,
  type CmRegistry,
  type RegFileError,
  type RegistrySnapshot,
} from '../kernel/cm/index.js';
import { createWin10Registry, WIN10_22H2_USER_SID } from './images/win10-22h2-x64/registry.js';
import { RtlDosPathNameToNtPathName_U_WithStatus, type RtlPathContext } from '../ntdll/rtl/index.js';
import { PeImage, readApiSetSchema, type ApiSetSchema } from '../pe/index.js';
import { getSystemImage, synthesize, type SystemImage } from './images/index.js';

export interface MachineSettings {
  /** HKLM\System\CurrentControlSet\Control\Session Manager\SafeDllSearchMode (default on). */
  safeDllSearchMode: boolean;
  /** Virtualization-based security: a secure kernel and trustlets. */
  vbs: boolean;
  /** HKLM\SYSTEM\CurrentControlSet\Control\Lsa\RunAsPPL: lsass.exe as PsProtectedSignerLsa-Light. */
  lsaRunAsPpl: boolean;
  /**
   * The "Windows Subsystem for Linux" optional feature (WSL 1): lxss.sys/lxcore.sys load at boot and
   * lxcore registers as the pico provider (system/drivers/lxcore.ts). Off on a default install.
   */
  wsl?: boolean;
}

export interface MachineOptions {
  /** The embedded system image (scenario.md `machine.image`). */
  image?: string;
  /**
   * A file system (a host folder, from the tools layer) laid over C:\Windows\System32: its files
   * replace the embedded ones of the same name (`--system-root`, scenario.md `machine.systemRoot`).
   */
  systemRoot?: FileSystem;
  settings?: Partial<MachineSettings>;
}

/** The device name of C: on a default install (Recovery, EFI system partition, then Windows; the MSR has no volume). */
export const SYSTEM_VOLUME_DEVICE = '\\Device\\HarddiskVolume3';

/**
 * A simulated Windows machine before boot: the object namespace with its volumes and DOS device
 * links, the disk (C: in memory, with the image's files made lazily by the PE writer, and an
 * optional host System32 over it), the registry, and the settings. The kernel boots it (issue 4).
 */
export class Machine {
  readonly image: SystemImage;
  readonly settings: MachineSettings;
  readonly namespace = new ObjectNamespace();
  /** C: — the in-memory system volume. */
  readonly systemDrive = new MemoryFileSystem();
  /** The embedded System32 contents (under an overlay when a system root is given). */
  readonly embeddedSystem32 = new MemoryFileSystem();
  readonly systemRoot: FileSystem | null;
  /** The registry, with the image's default data and the settings applied. */
  registry: CmRegistry;
  /** The interactive user's SID (HKCU). */
  readonly userSid = WIN10_22H2_USER_SID;
  private apiSet: { status: NTSTATUS; schema: ApiSetSchema | null; source: string } | null = null;

  private constructor(options: MachineOptions) {
    this.image = getSystemImage(options.image ?? 'win10-22h2-x64');
    this.settings = { safeDllSearchMode: true, vbs: false, lsaRunAsPpl: false, ...options.settings };
    this.systemRoot = options.systemRoot ?? null;
    this.registry = this.buildRegistry();
    this.buildNamespace();
    this.buildDisk();
  }

  /** The simulated clock's time of assembly: registry LastWriteTimes start here (deterministic). */
  static readonly ASSEMBLY_TIME = 0;

  private buildRegistry(): CmRegistry {
    const r = createWin10Registry(Machine.ASSEMBLY_TIME);
    if (!r.registry)
      throw new ModelError(
        'machine.registry',
        `the ${this.image.name} registry data does not import: ${r.error}`,
      );
    const set = (key: string, name: string, value: number): void => {
      const status = setWin32Value(r.registry!, key, name, regDword(value), { time: Machine.ASSEMBLY_TIME });
      if (status !== STATUS.SUCCESS) throw new ModelError('machine.registry', `${key}\\${name}: ${status}`);
    };
    // Both values are absent on a default install (defaults: search mode on, LSA unprotected).
    if (!this.settings.safeDllSearchMode)
      set('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager', 'SafeDllSearchMode', 0);
    if (this.settings.lsaRunAsPpl) set('HKLM\\SYSTEM\\CurrentControlSet\\Control\\Lsa', 'RunAsPPL', 1);
    return r.registry;
  }

  /**
   * Imports a .reg file ("Windows Registry Editor Version 5.00" or REGEDIT4, UTF-16 or UTF-8):
   * all of it, or — on a malformed file — none of it, with the line and what is wrong.
   */
  importRegistryFile(input: string | Uint8Array): { status: NTSTATUS; error?: RegFileError } {
    return importRegFile(this.registry, input, { userSid: this.userSid, time: Machine.ASSEMBLY_TIME });
  }

  static assemble(options: MachineOptions = {}): Machine {
    return new Machine(options);
  }

  private buildNamespace(): void {
    const ns = this.namespace;
    for (const dir of [
      '\\Device',
      '\\GLOBAL??',
      '\\KnownDlls',
      '\\ObjectTypes',
      '\\Sessions',
      '\\BaseNamedObjects',
      '\\Windows',
    ])
      ns.ensureDirectory(dir);
    ns.insert(SYSTEM_VOLUME_DEVICE, Volume.type, new Volume('HarddiskVolume3', this.systemDrive));
    ns.insert('\\Device\\Null', { name: 'Device' }, { device: 'Null' });
    // The Multiple UNC Provider: UNC paths (\\??\\UNC\\server\\share) end here; the model has no
    // network, so every one is a bad network path (ERROR_BAD_NETPATH at the Win32 edge).
    ns.insert(
      '\\Device\\Mup',
      { name: 'Device', parse: () => ({ status: STATUS.BAD_NETWORK_PATH }) },
      { device: 'Mup' },
    );
    ns.createSymbolicLink('\\GLOBAL??\\UNC', '\\Device\\Mup');
    // \GLOBAL?? — the DOS device names (Windows Internals 7, ch. 8 "Object Manager": DosDevices).
    ns.createSymbolicLink('\\GLOBAL??\\C:', SYSTEM_VOLUME_DEVICE);
    ns.createSymbolicLink('\\GLOBAL??\\NUL', '\\Device\\Null');
    ns.createSymbolicLink('\\GLOBAL??\\GLOBALROOT', '');
    ns.createSymbolicLink('\\GLOBAL??\\Global', '\\GLOBAL??');
    ns.createSymbolicLink('\\DosDevices', '\\??');
    ns.createSymbolicLink('\\SystemRoot', `${SYSTEM_VOLUME_DEVICE}\\Windows`);
    // \REGISTRY is the configuration manager's root key object; its parse procedure (CmpParseKey)
    // takes the rest of the path.
    ns.insert(
      '\\REGISTRY',
      {
        name: 'Key',
        parse: (_: unknown, remaining: string) => {
          const r = CmOpenKey(this.registry, { name: '\\REGISTRY' + remaining });
          return r.key ? { status: r.status, object: r.key } : { status: r.status };
        },
      },
      { key: 'REGISTRY' },
    );
  }

  private buildDisk(): void {
    const c = this.systemDrive;
    for (const d of this.image.directories) c.ensureDirectory(components(d));
    const sys32 = components('C:\\Windows\\System32');
    const { name, files } = this.image;
    files.forEach((f, i) => {
      const parts = components(f.path);
      const inSystem32 =
        parts.length === sys32.length + 1 &&
        parts.slice(0, -1).every((p, j) => p.toUpperCase() === sys32[j]!.toUpperCase());
      const load = (): Uint8Array => synthesize(name, files, i);
      if (inSystem32) this.embeddedSystem32.addLazyFile(parts.slice(-1), load);
      else c.addLazyFile(parts, load);
    });
    c.mount(
      sys32,
      this.systemRoot ? new OverlayFileSystem(this.systemRoot, this.embeddedSystem32) : this.embeddedSystem32,
    );
  }

  /**
   * Mounts a file system (a host folder, from the tools layer) as the folder `win32Dir` on C: —
   * how `ntsim deps` puts the application's folder, the current folder and PATH folders on the
   * simulated disk. Parent folders are created; what the folder held before is hidden.
   */
  mountFolder(win32Dir: string, fs: FileSystem): void {
    const parts = components(win32Dir);
    if (parts.length === 0)
      throw new ModelError('machine.mount', `${win32Dir}: not a folder on C:`, { win32Dir });
    this.systemDrive.ensureDirectory(parts.slice(0, -1));
    this.systemDrive.mount(parts, fs);
  }

  /** Creates a folder on C: (and its parents). */
  addDirectory(win32Dir: string): void {
    const parts = components(win32Dir);
    const sys32 = components('C:\\Windows\\System32');
    const inSystem32 =
      parts.length > sys32.length && sys32.every((p, i) => p.toUpperCase() === parts[i]!.toUpperCase());
    if (inSystem32) this.embeddedSystem32.ensureDirectory(parts.slice(sys32.length));
    else this.systemDrive.ensureDirectory(parts);
  }

  /** Puts a file on C: (parent folders created), e.g. a program a tool synthesizes. */
  addFile(win32Path: string, bytes: Uint8Array): void {
    const parts = components(win32Path);
    if (parts.length === 0)
      throw new ModelError('machine.addFile', `${win32Path}: not a file on C:`, { win32Path });
    const sys32 = components('C:\\Windows\\System32');
    const inSystem32 =
      parts.length > sys32.length && sys32.every((p, i) => p.toUpperCase() === parts[i]!.toUpperCase());
    // System32 is a mount (the embedded files, under a host system root when given).
    if (inSystem32) {
      this.embeddedSystem32.ensureDirectory(parts.slice(sys32.length, -1));
      this.embeddedSystem32.addLazyFile(parts.slice(sys32.length), () => bytes);
      return;
    }
    this.systemDrive.ensureDirectory(parts.slice(0, -1));
    this.systemDrive.addLazyFile(parts, () => bytes);
  }

  /** `C:\Windows\System32` etc. as NT paths, with the machine's current directory for relative ones. */
  ntPath(win32Path: string, context: Partial<RtlPathContext> = {}): { status: NTSTATUS; ntPath: string } {
    const r = RtlDosPathNameToNtPathName_U_WithStatus(win32Path, {
      currentDirectory: 'C:\\Windows\\System32\\',
      ...context,
    });
    return { status: r.status, ntPath: r.ntPath };
  }

  /** Reads a file by Win32 path. */
  readFile(win32Path: string): { status: NTSTATUS; data?: Uint8Array } {
    const p = this.ntPath(win32Path);
    if (p.status !== STATUS.SUCCESS) return { status: p.status };
    return IoReadFile(this.namespace, p.ntPath);
  }

  /**
   * The API set schema every process gets mapped (PEB.ApiSetMap), read from the machine's
   * System32\apisetschema.dll: the embedded one, or the system root's (Wine ships a real v6 one).
   */
  get apiSetSchema(): { status: NTSTATUS; schema: ApiSetSchema | null; source: string } {
    if (!this.apiSet) {
      const path = 'C:\\Windows\\System32\\apisetschema.dll';
      const f = this.readFile(path);
      let status: NTSTATUS = f.status;
      let schema: ApiSetSchema | null = null;
      if (f.data) {
        try {
          schema = readApiSetSchema(PeImage.open(f.data));
          if (!schema) status = STATUS.INVALID_IMAGE_FORMAT;
        } catch (e) {
          status = (e as { status?: number }).status ?? STATUS.INVALID_IMAGE_FORMAT;
        }
      }
      this.apiSet = {
        status,
        schema,
        source:
          this.systemRoot && this.systemRoot.stat(['apisetschema.dll']).status === STATUS.SUCCESS
            ? this.systemRoot.description
            : `embedded ${this.image.name}`,
      };
    }
    return this.apiSet;
  }

  snapshot(): MachineSnapshot {
    return {
      image: this.image.name,
      settings: { ...this.settings },
      disk: this.systemDrive.snapshot(),
      system32: this.embeddedSystem32.snapshot(),
      registry: saveRegistry(this.registry),
    };
  }

  /** A machine in the state of a snapshot (the system root, a host folder, is given again). */
  static restore(s: MachineSnapshot, options: Pick<MachineOptions, 'systemRoot'> = {}): Machine {
    const m = Machine.assemble({ image: s.image, settings: s.settings, ...options });
    m.systemDrive.restore(s.disk);
    m.embeddedSystem32.restore(s.system32);
    const reg = loadRegistry(s.registry);
    if (!reg.registry)
      throw new ModelError('machine.snapshot', `the snapshot's registry does not load: ${reg.error}`);
    m.registry = reg.registry;
    return m;
  }
}

export interface MachineSnapshot {
  image: string;
  settings: MachineSettings;
  disk: MemoryFsSnapshot;
  system32: MemoryFsSnapshot;
  registry: RegistrySnapshot;
}

/** `C:\Windows\System32` → ['Windows', 'System32'] (drive-absolute Win32 paths of a manifest). */
function components(win32Path: string): string[] {
  return win32Path.slice(3).split('\\').filter(Boolean);
}

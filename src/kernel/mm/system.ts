import { layoutFor, STATUS, type ByteSource, type LayoutTable } from '../../base/index.js';
import type { PeImage } from '../../pe/index.js';
import { MiSectionState } from './aslr.js';
import { MiCreateImageFileMap } from './image-section.js';
import type { MmResult } from './result.js';
import { MmCreateDataSection, type Section } from './section.js';
import { MiCreateSharedUserData } from './shared-user-data.js';
import { PAGE } from './constants.js';

export interface MmSystemOptions {
  /** The boot's random source (a seeded Rng's nextU32): image bias, ASLR bases, cookies. */
  nextU32: () => number;
  /** 19045 (Windows 10 22H2) by default; picks the structure layouts. */
  buildNumber?: number;
  numberOfProcessors?: number;
  /** 8 GB of 4 KB pages by default. */
  numberOfPhysicalPages?: number;
  systemRoot?: string;
}

/**
 * The memory manager's system-wide state for one boot: the ASLR bitmaps and biases
 * (MI_SECTION_STATE), KUSER_SHARED_DATA, the image sections built so far (one per file, like the
 * control area a file's SECTION_OBJECT_POINTERS hold), and the API set schema section.
 */
export class MmSystem {
  readonly nextU32: () => number;
  readonly buildNumber: number;
  readonly majorVersion = 10;
  readonly minorVersion = 0;
  readonly numberOfProcessors: number;
  readonly numberOfPhysicalPages: number;
  readonly systemRoot: string;
  readonly layout: LayoutTable;
  readonly sectionState: MiSectionState;
  readonly sharedUserData: Section;
  private readonly imageSections = new Map<string, Section>();
  private readonly apiSetSections = new WeakMap<Uint8Array, Section>();

  constructor(o: MmSystemOptions) {
    this.nextU32 = o.nextU32;
    this.buildNumber = o.buildNumber ?? 19045;
    this.numberOfProcessors = o.numberOfProcessors ?? 4;
    this.numberOfPhysicalPages = o.numberOfPhysicalPages ?? 0x200000;
    this.systemRoot = o.systemRoot ?? 'C:\\Windows';
    this.layout = layoutFor(this.buildNumber);
    this.sectionState = new MiSectionState(this.nextU32);
    this.sharedUserData = MiCreateSharedUserData(this.layout, {
      buildNumber: this.buildNumber,
      majorVersion: this.majorVersion,
      minorVersion: this.minorVersion,
      systemRoot: this.systemRoot,
      numberOfPhysicalPages: this.numberOfPhysicalPages,
      numberOfProcessors: this.numberOfProcessors,
      cookie: this.nextU32(),
    });
  }

  /**
   * The image section of the file `key` (an NT path), built on first use by MiCreateImageFileMap
   * and then shared: every process that maps the file maps the same pages, at the same base.
   * A bad image gives its status and is not kept.
   */
  imageSection(key: string, load: () => Uint8Array | ByteSource | PeImage): MmResult<Section> {
    const k = key.toUpperCase();
    const known = this.imageSections.get(k);
    if (known) return { status: STATUS.SUCCESS, value: known };
    const r = MiCreateImageFileMap(load());
    if (r.value) this.imageSections.set(k, r.value);
    return r;
  }

  /** The read-only section holding an API set schema (one per schema, mapped into every process). */
  apiSetSection(schema: Uint8Array): Section {
    let s = this.apiSetSections.get(schema);
    if (!s) {
      s = MmCreateDataSection({ bytes: schema, protect: PAGE.READONLY }).value!;
      this.apiSetSections.set(schema, s);
    }
    return s;
  }
}

import { NtCreateKey, NtSetValueKey, type OBJECT_ATTRIBUTES, type PsSystem } from './ps/index.js';
import { answer, handle, num, type ServiceRegistrar } from './service-registrar.js';

/**
 * The registry writes (ps/key-write-services.ts) in KiServiceTable: NtCreateKey and NtSetValueKey,
 * arguments by their phnt names (ntregapi.h). NtOpenKey and NtQueryValueKey are the loader's
 * (loader-services.ts).
 */
export function registerRegistryWriteServices(on: ServiceRegistrar, ps: PsSystem): void {
  on('NtCreateKey', (args, caller) =>
    answer(
      NtCreateKey(ps, caller, {
        DesiredAccess: num(args.DesiredAccess),
        ObjectAttributes:
          args.ObjectAttributes && typeof args.ObjectAttributes === 'object'
            ? (args.ObjectAttributes as OBJECT_ATTRIBUTES)
            : null,
        CreateOptions: num(args.CreateOptions ?? 0),
      }),
      ['KeyHandle', 'Disposition'],
    ),
  );
  on('NtSetValueKey', (args, caller) => ({
    status: NtSetValueKey(ps, caller, {
      KeyHandle: handle(args.KeyHandle),
      ValueName: String(args.ValueName ?? ''),
      Type: num(args.Type),
      Data: args.Data as Uint8Array,
    }),
  }));
}

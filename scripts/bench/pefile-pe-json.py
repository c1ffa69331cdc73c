#!/usr/bin/python3
"""The peer side of `npm run bench -- pe`: python3-pefile reads the same files and writes the same
JSON lines ntsim's `pe --jsonl` does (headers, sections, imports, delay imports, exports, TLS
callbacks, relocation counts, debug, load config, certificates, CLR). Prints the time it spent
(excluding interpreter start) on stderr as `seconds=<float>`; the lines go to stdout."""
import json
import sys
import time

import pefile

D = pefile.DIRECTORY_ENTRY
DIRS = [D[n] for n in ('IMAGE_DIRECTORY_ENTRY_IMPORT', 'IMAGE_DIRECTORY_ENTRY_EXPORT', 'IMAGE_DIRECTORY_ENTRY_TLS',
                       'IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT', 'IMAGE_DIRECTORY_ENTRY_BASERELOC', 'IMAGE_DIRECTORY_ENTRY_DEBUG',
                       'IMAGE_DIRECTORY_ENTRY_LOAD_CONFIG', 'IMAGE_DIRECTORY_ENTRY_SECURITY')]


def s(b):
    return b.decode('latin-1') if isinstance(b, bytes) else b


def fns(e):
    return [{'name': s(i.name), 'hint': i.hint} if i.name is not None else {'ordinal': i.ordinal} for i in e.imports]


def view(path):
    pe = pefile.PE(path, fast_load=True)
    pe.parse_data_directories(directories=DIRS)
    fh, oh = pe.FILE_HEADER, pe.OPTIONAL_HEADER
    exp = getattr(pe, 'DIRECTORY_ENTRY_EXPORT', None)
    tls = getattr(pe, 'DIRECTORY_ENTRY_TLS', None)
    callbacks = []
    if tls is not None and tls.struct.AddressOfCallBacks:
        w = 8 if oh.Magic == 0x20B else 4
        rva = tls.struct.AddressOfCallBacks - oh.ImageBase
        while True:
            v = pe.get_qword_at_rva(rva) if w == 8 else pe.get_dword_at_rva(rva)
            if not v:
                break
            callbacks.append(hex(v))
            rva += w
    relocs = getattr(pe, 'DIRECTORY_ENTRY_BASERELOC', None)
    lc = getattr(pe, 'DIRECTORY_ENTRY_LOAD_CONFIG', None)
    return {
        'path': path,
        'format': 'PE32+' if oh.Magic == 0x20B else 'PE32',
        'machine': pefile.MACHINE_TYPE.get(fh.Machine, hex(fh.Machine)).replace('IMAGE_FILE_MACHINE_', ''),
        'characteristics': [n.replace('IMAGE_FILE_', '') for n, v in pefile.image_characteristics if fh.Characteristics & v],
        'timeDateStamp': fh.TimeDateStamp,
        'imageBase': hex(oh.ImageBase), 'entryPoint': oh.AddressOfEntryPoint, 'sizeOfImage': oh.SizeOfImage,
        'sectionAlignment': oh.SectionAlignment, 'fileAlignment': oh.FileAlignment, 'checksum': oh.CheckSum,
        'subsystem': pefile.SUBSYSTEM_TYPE.get(oh.Subsystem, oh.Subsystem),
        'dllCharacteristics': [n for n, v in pefile.dll_characteristics if oh.DllCharacteristics & v],
        'sections': [{'name': x.Name.rstrip(b'\0').decode('latin-1'), 'virtualAddress': x.VirtualAddress,
                      'virtualSize': x.Misc_VirtualSize, 'pointerToRawData': x.PointerToRawData,
                      'sizeOfRawData': x.SizeOfRawData, 'characteristics': hex(x.Characteristics)} for x in pe.sections],
        'imports': [{'dll': s(e.dll), 'functions': fns(e)} for e in getattr(pe, 'DIRECTORY_ENTRY_IMPORT', [])],
        'delayImports': [{'dll': s(e.dll), 'functions': fns(e)} for e in getattr(pe, 'DIRECTORY_ENTRY_DELAY_IMPORT', [])],
        'exports': None if exp is None else {
            'dllName': s(exp.name), 'ordinalBase': exp.struct.Base,
            'functions': [{'ordinal': x.ordinal, 'name': s(x.name), 'rva': None if x.forwarder else x.address,
                           'forwarder': s(x.forwarder)} for x in exp.symbols]},
        'tls': None if tls is None else {'callbacks': callbacks},
        'relocations': None if relocs is None else {'blocks': len(relocs), 'entries': sum(len(b.entries) for b in relocs)},
        'debug': [{'type': d.struct.Type} for d in getattr(pe, 'DIRECTORY_ENTRY_DEBUG', [])],
        'loadConfig': None if lc is None else {'guardFlags': hex(getattr(lc.struct, 'GuardFlags', 0))},
        'clr': oh.DATA_DIRECTORY[14].VirtualAddress != 0,
        'signature': {'present': oh.DATA_DIRECTORY[4].VirtualAddress != 0},
        'error': None,
    }


def main():
    paths = [l.strip() for l in sys.stdin if l.strip()]
    out = sys.stdout
    t0 = time.perf_counter()
    for p in paths:
        try:
            line = view(p)
        except Exception as e:
            line = {'path': p, 'error': str(e)}
        out.write(json.dumps(line) + '\n')
    out.flush()
    sys.stderr.write('seconds=%.6f\n' % (time.perf_counter() - t0))


if __name__ == '__main__':
    main()

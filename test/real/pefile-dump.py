#!/usr/bin/python3
"""Reads PE images with python3-pefile (the reference parser) and prints one JSON line per file
with the fields ntsim's reader is compared on: format, machine, image base, entry point, sections,
imports, delay imports, exports and the number of TLS callbacks. Used by test/real and the benchmark.
Usage: pefile-dump.py FILE... (or '-' to read file names from stdin)."""
import json
import sys

import pefile


def name(b):
    return b.decode('latin-1') if isinstance(b, bytes) else b


def functions(entry):
    out = []
    for imp in entry.imports:
        out.append({'name': name(imp.name)} if imp.name is not None else {'ordinal': imp.ordinal})
    return out


def tls_callbacks(pe):
    tls = getattr(pe, 'DIRECTORY_ENTRY_TLS', None)
    if tls is None:
        return None
    va = tls.struct.AddressOfCallBacks
    if not va:
        return 0
    width = 8 if pe.OPTIONAL_HEADER.Magic == 0x20B else 4
    rva = va - pe.OPTIONAL_HEADER.ImageBase
    n = 0
    while True:
        v = pe.get_qword_at_rva(rva + n * width) if width == 8 else pe.get_dword_at_rva(rva + n * width)
        if not v:
            return n
        n += 1


def dump(path):
    # fast_load, then only the directories compared: what ntsim's reader reads for these fields.
    pe = pefile.PE(path, fast_load=True)
    d = pefile.DIRECTORY_ENTRY
    pe.parse_data_directories(directories=[d['IMAGE_DIRECTORY_ENTRY_IMPORT'], d['IMAGE_DIRECTORY_ENTRY_EXPORT'],
                                           d['IMAGE_DIRECTORY_ENTRY_TLS'], d['IMAGE_DIRECTORY_ENTRY_DELAY_IMPORT']])
    oh = pe.OPTIONAL_HEADER
    exports = None
    if hasattr(pe, 'DIRECTORY_ENTRY_EXPORT'):
        exports = [{'ordinal': s.ordinal, 'name': name(s.name), 'forwarder': name(s.forwarder)}
                   for s in pe.DIRECTORY_ENTRY_EXPORT.symbols]
    return {
        'path': path,
        'format': 'PE32+' if oh.Magic == 0x20B else 'PE32',
        'machine': pefile.MACHINE_TYPE.get(pe.FILE_HEADER.Machine, hex(pe.FILE_HEADER.Machine)).replace('IMAGE_FILE_MACHINE_', ''),
        'imageBase': hex(oh.ImageBase),
        'entryPoint': oh.AddressOfEntryPoint,
        'sections': [{'name': s.Name.rstrip(b'\0').decode('latin-1'), 'virtualAddress': s.VirtualAddress,
                      'sizeOfRawData': s.SizeOfRawData} for s in pe.sections],
        'imports': [{'dll': name(e.dll), 'functions': functions(e)} for e in getattr(pe, 'DIRECTORY_ENTRY_IMPORT', [])],
        'delayImports': [{'dll': name(e.dll), 'functions': functions(e)} for e in getattr(pe, 'DIRECTORY_ENTRY_DELAY_IMPORT', [])],
        'exports': exports,
        'tlsCallbacks': tls_callbacks(pe),
    }


def main():
    paths = sys.argv[1:]
    if paths == ['-']:
        paths = [l.strip() for l in sys.stdin if l.strip()]
    for p in paths:
        try:
            line = dump(p)
        except Exception as e:  # pefile refuses the file: report it as a line, as ntsim does
            line = {'path': p, 'error': str(e)}
        sys.stdout.write(json.dumps(line) + '\n')


if __name__ == '__main__':
    main()

/* What a fixture DLL's own source needs: no <windows.h> (parsing it is most of a build's time).
 * Each DLL names itself with FIXTURE_DLL; the entry point shared by all of them (dllmain.c) and,
 * where linked in, the TLS callback (tls.c) print that name. */
#ifndef LOADER_FIXTURE_H
#define LOADER_FIXTURE_H

#define EXPORT __declspec(dllexport)
#define IMPORT __declspec(dllimport)

/* name: the DLL's file name; tag: which copy this is ("" if there is one copy); init_result: what
 * DllMain returns for DLL_PROCESS_ATTACH (1 TRUE, 0 FALSE). */
#define FIXTURE_DLL(name, tag, init_result)                                                          \
    const char fixture_name[] = name;                                                               \
    const char fixture_tag[] = tag;                                                                 \
    const int fixture_init_result = init_result;

#endif

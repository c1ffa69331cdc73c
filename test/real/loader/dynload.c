/* dynload.exe: a small interpreter of loader API calls, one step per argument, each printing one
 * line (DllMain lines of the DLLs it loads and frees come in between):
 *   load=NAME              LoadLibraryW            "load NAME -> <GetModuleFileNameW path>|error N"
 *   loadex=NAME,FLAGS      LoadLibraryExW          FLAGS: names below joined by '|', or 0
 *   free                   FreeLibrary on the most recently loaded handle still held
 *   handle=NAME            GetModuleHandleW        (takes no reference)
 *   proc=NAME | proc=#N    GetProcAddress on the most recent handle, then calls it as int(void)
 *   setdlldir=DIR          SetDllDirectoryW(DIR); "setdlldir=" passes L"", "setdlldir" passes NULL
 *   adddir=DIR             AddDllDirectory
 *   setdefault=FLAGS       SetDefaultDllDirectories
 * Paths are printed as the loader returns them (Windows form); the harness maps them back. */
#define _WIN32_WINNT 0x0A00
#include "common.h"

static const struct {
    const WCHAR *name;
    DWORD value;
} flag_names[] = {
    {L"DONT_RESOLVE_DLL_REFERENCES", 0x1},
    {L"AS_DATAFILE", 0x2},
    {L"ALTERED_SEARCH_PATH", 0x8},
    {L"AS_IMAGE_RESOURCE", 0x20},
    {L"AS_DATAFILE_EXCLUSIVE", 0x40},
    {L"SEARCH_DLL_LOAD_DIR", 0x100},
    {L"SEARCH_APPLICATION_DIR", 0x200},
    {L"SEARCH_USER_DIRS", 0x400},
    {L"SEARCH_SYSTEM32", 0x800},
    {L"SEARCH_DEFAULT_DIRS", 0x1000},
};

static HMODULE held[64];
static int nheld;

/* Parses "A|B|C" (or a decimal number) into flag bits; unknown names abort the program. */
static DWORD parse_flags(const WCHAR *s)
{
    DWORD flags = 0;
    while (*s) {
        const WCHAR *end = s;
        unsigned i;
        int found = 0;
        while (*end && *end != L'|') end++;
        if (*s >= L'0' && *s <= L'9') {
            DWORD v = 0;
            const WCHAR *p;
            for (p = s; p < end; p++) v = v * 10 + (DWORD)(*p - L'0');
            flags |= v;
            found = 1;
        }
        for (i = 0; !found && i < sizeof flag_names / sizeof flag_names[0]; i++) {
            if (lstrlenW(flag_names[i].name) == end - s &&
                CompareStringOrdinal(s, (int)(end - s), flag_names[i].name, -1, FALSE) == CSTR_EQUAL) {
                flags |= flag_names[i].value;
                found = 1;
            }
        }
        if (!found) {
            say("bad flag", NULL);
            ExitProcess(3);
        }
        s = *end ? end + 1 : end;
    }
    return flags;
}

static void result_ok(line_t *l, BOOL ok)
{
    line_add(l, " -> ");
    if (ok) line_add(l, "ok");
    else {
        line_add(l, "error ");
        line_dec(l, (long long)GetLastError());
    }
    line_emit(l);
}

static void result_module(line_t *l, HMODULE h)
{
    WCHAR path[MAX_PATH];
    line_add(l, " -> ");
    if (!h) {
        line_add(l, "error ");
        line_dec(l, (long long)GetLastError());
    } else if (GetModuleFileNameW(h, path, MAX_PATH)) {
        line_addw(l, path);
    } else {
        line_add(l, "(no file name) error ");
        line_dec(l, (long long)GetLastError());
    }
    line_emit(l);
}

int wmain(int argc, WCHAR **argv)
{
    int i;
    for (i = 1; i < argc; i++) {
        WCHAR *step = argv[i];
        WCHAR *arg = step;
        line_t l;
        while (*arg && *arg != L'=') arg++;
        if (*arg) *arg++ = 0;
        else arg = NULL;
        line_init(&l);
        line_addw(&l, step);
        if (arg) {
            line_add(&l, " ");
            line_addw(&l, arg);
        }
        SetLastError(0);
        if (!lstrcmpW(step, L"load")) {
            HMODULE h = LoadLibraryW(arg);
            if (h && nheld < 64) held[nheld++] = h;
            result_module(&l, h);
        } else if (!lstrcmpW(step, L"loadex")) {
            WCHAR *comma = arg;
            HMODULE h;
            while (*comma && *comma != L',') comma++;
            if (*comma) *comma++ = 0;
            h = LoadLibraryExW(arg, NULL, parse_flags(comma));
            if (h && nheld < 64) held[nheld++] = h;
            result_module(&l, h);
        } else if (!lstrcmpW(step, L"free")) {
            if (!nheld) {
                line_add(&l, " -> nothing held");
                line_emit(&l);
                continue;
            }
            result_ok(&l, FreeLibrary(held[--nheld]));
        } else if (!lstrcmpW(step, L"handle")) {
            result_module(&l, GetModuleHandleW(arg));
        } else if (!lstrcmpW(step, L"proc")) {
            FARPROC p;
            if (!nheld) {
                line_add(&l, " -> nothing held");
                line_emit(&l);
                continue;
            }
            if (arg[0] == L'#') {
                ULONG_PTR ord = 0;
                const WCHAR *q;
                for (q = arg + 1; *q; q++) ord = ord * 10 + (ULONG_PTR)(*q - L'0');
                p = GetProcAddress(held[nheld - 1], (LPCSTR)ord);
            } else {
                char name[128];
                WideCharToMultiByte(CP_ACP, 0, arg, -1, name, sizeof name, NULL, NULL);
                p = GetProcAddress(held[nheld - 1], name);
            }
            line_add(&l, " -> ");
            if (p) {
                line_add(&l, "returns ");
                line_dec(&l, ((int (*)(void))(void *)p)());
            } else {
                line_add(&l, "error ");
                line_dec(&l, (long long)GetLastError());
            }
            line_emit(&l);
        } else if (!lstrcmpW(step, L"setdlldir")) {
            result_ok(&l, SetDllDirectoryW(arg));
        } else if (!lstrcmpW(step, L"adddir")) {
            result_ok(&l, AddDllDirectory(arg) != NULL);
        } else if (!lstrcmpW(step, L"setdefault")) {
            result_ok(&l, SetDefaultDllDirectories(parse_flags(arg)));
        } else {
            line_add(&l, " -> unknown step");
            line_emit(&l);
            return 3;
        }
    }
    return 0;
}

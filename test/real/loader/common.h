/* Output helpers shared by every loader fixture. No CRT: DLLs are linked with -nostdlib and their
 * entry point is DllMain itself, so only kernel32 is used here. Each call to say() is one
 * WriteFile of one whole line, so lines from DllMain and from the program never interleave. */
#ifndef LOADER_COMMON_H
#define LOADER_COMMON_H
#define WIN32_LEAN_AND_MEAN
#include <windows.h>

#define LINE_MAX_CHARS 1024

typedef struct {
    char text[LINE_MAX_CHARS];
    int len;
} line_t;

static __attribute__((unused)) void line_init(line_t *l) { l->len = 0; l->text[0] = 0; }

static __attribute__((unused)) void line_add(line_t *l, const char *s)
{
    while (*s && l->len < LINE_MAX_CHARS - 2) l->text[l->len++] = *s++;
    l->text[l->len] = 0;
}

static __attribute__((unused)) void line_addw(line_t *l, const WCHAR *s)
{
    int room = LINE_MAX_CHARS - 2 - l->len;
    int n = room > 0 ? WideCharToMultiByte(CP_UTF8, 0, s, -1, l->text + l->len, room, NULL, NULL) : 0;
    if (n > 0) l->len += n - 1; /* n counts the terminating NUL */
    l->text[l->len] = 0;
}

static __attribute__((unused)) void line_dec(line_t *l, long long v)
{
    char buf[24];
    int i = 23;
    unsigned long long u = v < 0 ? (unsigned long long)(-v) : (unsigned long long)v;
    buf[i] = 0;
    do { buf[--i] = (char)('0' + u % 10); u /= 10; } while (u);
    if (v < 0) buf[--i] = '-';
    line_add(l, buf + i);
}

static __attribute__((unused)) void line_hex(line_t *l, unsigned long v)
{
    static const char digits[] = "0123456789ABCDEF";
    char buf[11];
    int i;
    buf[0] = '0';
    buf[1] = 'x';
    for (i = 0; i < 8; i++) buf[2 + i] = digits[(v >> (28 - 4 * i)) & 15];
    buf[10] = 0;
    line_add(l, buf);
}

static __attribute__((unused)) void line_emit(line_t *l)
{
    DWORD n;
    l->text[l->len++] = '\n';
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), l->text, (DWORD)l->len, &n, NULL);
    l->len = 0;
}

/* say("a", "b", NULL): one line "ab". */
static __attribute__((unused)) void say(const char *first, ...)
{
    line_t l;
    const char *s;
    __builtin_va_list ap;
    line_init(&l);
    __builtin_va_start(ap, first);
    for (s = first; s; s = __builtin_va_arg(ap, const char *)) line_add(&l, s);
    __builtin_va_end(ap);
    line_emit(&l);
}

/* The full path the loader recorded for a module, as one line: "<label> <path>". */
static __attribute__((unused)) void say_module(const char *label, HMODULE h)
{
    line_t l;
    WCHAR path[MAX_PATH];
    line_init(&l);
    line_add(&l, label);
    line_add(&l, " ");
    if (h && GetModuleFileNameW(h, path, MAX_PATH)) line_addw(&l, path);
    else {
        line_add(&l, "error ");
        line_dec(&l, (long long)GetLastError());
    }
    line_emit(&l);
}

#endif

/* probe.dll (and sysprobe.dll): the same source built once per location, with TAG naming the copy
 * (appdir, cwd, path, extra, system32). DllMain prints "attach probe.dll (TAG) ..."; where()
 * returns TAG. Built with -DNAME=\"probe.dll\" -DTAG=\"appdir\" and so on. */
#include "../fixture.h"
FIXTURE_DLL(NAME, TAG, 1)
EXPORT const char *where(void) { return TAG; }

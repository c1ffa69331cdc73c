/* refuse.dll: DllMain returns FALSE for DLL_PROCESS_ATTACH. (GNU ld sorts import descriptors by DLL
 * name, so initfail.exe imports okinit.dll first, then refuse.dll.) */
#include "../fixture.h"
FIXTURE_DLL("refuse.dll", "", 0)
EXPORT int refuse_value(void) { return 2; }

/* part.dll: exports only Present (@1). The import library the failure programs link against
 * (part-import.def) also declares Missing (by name) and ordinal 42, which part.dll lacks. */
#include "../fixture.h"
FIXTURE_DLL("part.dll", "", 1)
EXPORT int Present(void) { return 1; }

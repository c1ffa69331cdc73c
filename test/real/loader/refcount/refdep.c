/* refdep.dll: the dependency of refc.dll. */
#include "../fixture.h"
FIXTURE_DLL("refdep.dll", "", 1)
EXPORT int refdep_value(void) { return 1; }

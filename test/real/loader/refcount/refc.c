/* refc.dll: imports refdep.dll. */
#include "../fixture.h"
FIXTURE_DLL("refc.dll", "", 1)
IMPORT int refdep_value(void);
EXPORT int refc_value(void) { return 1 + refdep_value(); }

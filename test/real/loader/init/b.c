/* b.dll: imports c.dll and d.dll; has a TLS callback of its own (linked with obj/tls-dll.o). */
#include "../fixture.h"
FIXTURE_DLL("b.dll", "", 1)
IMPORT int c_value(void);
IMPORT int d_value(void);
EXPORT int b_value(void) { return 20 + c_value() + d_value(); }

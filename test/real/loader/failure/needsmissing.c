/* needsmissing.dll: imports part.dll!Missing (absent); for LoadLibrary of a DLL with an
 * unresolvable import. Windows: LoadLibrary fails with ERROR_PROC_NOT_FOUND (127). */
#include "../fixture.h"
FIXTURE_DLL("needsmissing.dll", "", 1)
IMPORT int Missing(void);
EXPORT int needsmissing_value(void) { return Missing(); }

/* outer.dll: imports inner.dll, which exists only beside outer.dll (search/extra). Loading outer.dll
 * by full path finds inner.dll only if the loader searches outer.dll's own folder:
 * LOAD_WITH_ALTERED_SEARCH_PATH or LOAD_LIBRARY_SEARCH_DLL_LOAD_DIR. */
#include "../fixture.h"
FIXTURE_DLL("outer.dll", "", 1)
IMPORT int inner_value(void);
EXPORT int outer_value(void) { return 100 + inner_value(); }

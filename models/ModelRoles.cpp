// ModelRoles is a header-only enum; this translation unit keeps it compiled on its own, so a
// broken include shows up here first.
#include "ModelRoles.h"

// ModelRoles is a header-only enum; this file keeps the models library non-empty until its models
// land and gives the roles a translation unit for static checks.
#include "ModelRoles.h"

static_assert(cc::SortRole > Qt::UserRole, "custom roles start after Qt::UserRole");

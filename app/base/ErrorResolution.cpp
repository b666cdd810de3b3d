#include "ErrorResolution.h"

namespace cc {

bool ErrorResolution::resolves(const ErrorEntry &entry) const
{
    if (!entry.isOpen() || !at.isValid() || entry.at > at)
        return false;
    return entry.learnerId.isEmpty() ? wholeRuns : learnerIds.contains(entry.learnerId);
}

} // namespace cc

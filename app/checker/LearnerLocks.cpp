#include "LearnerLocks.h"

namespace cc {

bool LearnerLocks::tryLock(const QString &learnerId)
{
    if (m_locked.contains(learnerId))
        return false;
    m_locked.insert(learnerId);
    return true;
}

void LearnerLocks::unlock(const QString &learnerId)
{
    if (m_locked.remove(learnerId))
        emit released(learnerId);
}

} // namespace cc

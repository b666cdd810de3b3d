#pragma once

#include <QObject>
#include <QSet>

namespace cc {

// Which learners are being checked right now, so a manual check and a run never work on the same
// learner at once. Used from the checker thread only.
class LearnerLocks : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    bool tryLock(const QString &learnerId);
    void unlock(const QString &learnerId);
    bool isLocked(const QString &learnerId) const { return m_locked.contains(learnerId); }

signals:
    void released(const QString &learnerId);

private:
    QSet<QString> m_locked;
};

} // namespace cc

#include "DataDirectoryLock.h"

#include <QDir>
#include <QFileInfo>
#include <QLockFile>

namespace cc {

DataDirectoryLock::DataDirectoryLock() = default;
DataDirectoryLock::~DataDirectoryLock() = default;

bool DataDirectoryLock::acquire(const QString &databasePath, int waitMs)
{
    const QString dir = QFileInfo(databasePath).absolutePath();
    if (!QDir().mkpath(dir)) {
        m_error = QStringLiteral("cannot create the data directory %1").arg(dir);
        return false;
    }
    m_lock = std::make_unique<QLockFile>(QDir(dir).filePath(lockFileName()));
    m_lock->setStaleLockTime(0); // stale only when its process is gone, however long it ran
    if (m_lock->tryLock(waitMs)) {
        m_error.clear();
        return true;
    }
    qint64 pid = 0;
    QString host, app;
    switch (m_lock->error()) {
    case QLockFile::LockFailedError:
        if (m_lock->getLockInfo(&pid, &host, &app))
            m_error = QStringLiteral(
                          "another Completion Checker (%1, process %2 on %3) is using the data directory "
                          "%4")
                          .arg(app.isEmpty() ? QStringLiteral("completion-checker") : app)
                          .arg(pid)
                          .arg(host, dir);
        else
            m_error = QStringLiteral("another Completion Checker is using the data directory %1").arg(dir);
        break;
    case QLockFile::PermissionError:
        m_error = QStringLiteral("cannot write the lock file in the data directory %1 (permission denied)")
                      .arg(dir);
        break;
    default:
        m_error = QStringLiteral("cannot lock the data directory %1").arg(dir);
        break;
    }
    m_lock.reset();
    return false;
}

bool DataDirectoryLock::isLocked() const
{
    return m_lock && m_lock->isLocked();
}

} // namespace cc

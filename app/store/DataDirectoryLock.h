#pragma once

#include <QString>

#include <memory>

class QLockFile;

namespace cc {

// One checker per data directory: the desktop app, --headless, --once and --check of one machine
// share the local database, and each would mark the other's live run "interrupted" when it opens
// it. The lock is a QLockFile beside the database; a stale one (its process is gone) is taken over.
class DataDirectoryLock
{
public:
    DataDirectoryLock();
    ~DataDirectoryLock();
    DataDirectoryLock(const DataDirectoryLock &) = delete;
    DataDirectoryLock &operator=(const DataDirectoryLock &) = delete;

    // The lock for the directory that holds `databasePath`. waitMs: 0 = try once, -1 = wait for ever.
    bool acquire(const QString &databasePath, int waitMs = 0);
    bool isLocked() const;
    // Why acquire() failed, naming the directory and the process that holds it.
    QString error() const { return m_error; }

    static QString lockFileName() { return QStringLiteral("completion-checker.lock"); }

private:
    std::unique_ptr<QLockFile> m_lock;
    QString m_error;
};

} // namespace cc

#pragma once

#include <QSqlDatabase>
#include <QString>

class QSqlError;
class QSqlQuery;

namespace cc {

// One SQLite connection of the local store. Qt Sql connections belong to the thread that made
// them, so every LocalStore owns its own uniquely named connection, creates and uses it in one
// thread and removes it when it goes away. It also turns SQLite failures into one clear sentence
// that names the file and the cause, kept in lastError().
class StoreConnection
{
public:
    StoreConnection();
    ~StoreConnection();
    StoreConnection(const StoreConnection &) = delete;
    StoreConnection &operator=(const StoreConnection &) = delete;

    // Opens (creating the directory and file when needed) and sets the per-connection pragmas.
    // Checks the file is a readable SQLite database; writes nothing to it.
    bool open(const QString &filePath);
    void close();
    bool isOpen() const;
    QString filePath() const { return m_filePath; }
    QString connectionName() const { return m_connectionName; }
    QSqlDatabase database() const;

    // Switches the file to write-ahead logging (persistent; readers and the writer stop blocking
    // each other). Done after the schema check so a refused file is left untouched.
    bool useWriteAheadLog();

    QString lastError() const { return m_lastError; }
    // Records a failure of `action` ("insert a run") and returns false.
    bool fail(const QString &action, const QSqlError &error) const;
    bool fail(const QString &action, const QString &cause) const;

    // Prepares `sql` into `query`, recording a failure.
    bool prepare(QSqlQuery &query, const QString &sql, const QString &action) const;
    // Executes a prepared query, recording a failure.
    bool exec(QSqlQuery &query, const QString &action) const;
    // Executes a statement without parameters.
    bool exec(const QString &sql, const QString &action) const;

    // Runs `body` (returning bool) in one write transaction. BEGIN IMMEDIATE takes the write lock
    // up front, so two connections never deadlock upgrading a read lock (SQLITE_BUSY without
    // waiting); busy_timeout then makes the second writer wait instead of failing.
    template <typename Body> bool writeTransaction(const QString &action, Body &&body)
    {
        if (!exec(QStringLiteral("BEGIN IMMEDIATE"), action))
            return false;
        if (!body()) {
            rollback();
            return false;
        }
        if (!exec(QStringLiteral("COMMIT"), action)) {
            rollback();
            return false;
        }
        return true;
    }

private:
    void rollback() const;

    QString m_connectionName;
    QString m_filePath;
    mutable QString m_lastError;
};

} // namespace cc

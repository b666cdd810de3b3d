#include "StoreConnection.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

namespace cc {

namespace {
QAtomicInteger<quint64> g_connectionCounter;

// SQLite primary result codes the operator can act on.
enum SqliteCode { Busy = 5, ReadOnly = 8, IoError = 10, Corrupt = 11, Full = 13, CantOpen = 14, NotADb = 26 };

// A sentence saying what the operator can do about the failure, empty when nothing specific.
QString hintFor(int code, const QString &text)
{
    const QString lower = text.toLower();
    if (code == NotADb || code == Corrupt || lower.contains(QLatin1String("not a database")) ||
        lower.contains(QLatin1String("malformed")))
        return QStringLiteral("The file is not a SQLite database or is damaged; move it away (the app "
                              "recreates it) or restore a backup.");
    if (code == Full || lower.contains(QLatin1String("disk is full")))
        return QStringLiteral("The disk is full; free some space.");
    if (code == CantOpen || code == ReadOnly || lower.contains(QLatin1String("unable to open")) ||
        lower.contains(QLatin1String("readonly")))
        return QStringLiteral("Check that the directory exists and is writable, or set "
                              "COMPLETION_CHECKER_DATA_DIR to another directory.");
    if (code == Busy || lower.contains(QLatin1String("locked")))
        return QStringLiteral("Another program kept the database locked.");
    if (code == IoError)
        return QStringLiteral("The system reported an I/O error.");
    return {};
}

int primaryCode(const QSqlError &error)
{
    bool ok = false;
    const int code = error.nativeErrorCode().toInt(&ok);
    return ok ? (code & 0xff) : 0;
}
} // namespace

StoreConnection::StoreConnection()
    : m_connectionName(QStringLiteral("cc-local-store-%1").arg(g_connectionCounter.fetchAndAddRelaxed(1)))
{}

StoreConnection::~StoreConnection()
{
    close();
}

bool StoreConnection::open(const QString &filePath)
{
    close();
    m_lastError.clear();
    m_filePath = QFileInfo(filePath).absoluteFilePath();

    const QString dir = QFileInfo(m_filePath).absolutePath();
    if (!QDir().mkpath(dir)) {
        return fail(QStringLiteral("create its directory"),
                    QStringLiteral("the directory \"%1\" cannot be created. Check that it is writable, or "
                                   "set COMPLETION_CHECKER_DATA_DIR to another directory.")
                        .arg(QDir::toNativeSeparators(dir)));
    }

    QSqlError openError;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
        db.setDatabaseName(m_filePath);
        if (!db.open())
            openError = db.lastError();
    }
    if (openError.isValid()) {
        close();
        return fail(QStringLiteral("open"), openError);
    }

    // SQLite opens lazily: the first read tells a database from garbage ("file is not a database").
    const bool ok =
        exec(QStringLiteral("PRAGMA busy_timeout = 5000"), QStringLiteral("set the busy timeout")) &&
        exec(QStringLiteral("SELECT count(*) FROM sqlite_master"), QStringLiteral("read")) &&
        exec(QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("enable foreign keys")) &&
        exec(QStringLiteral("PRAGMA synchronous = NORMAL"), QStringLiteral("set synchronous"));
    if (!ok) {
        const QString error = m_lastError;
        close();
        m_lastError = error;
        return false;
    }
    return true;
}

bool StoreConnection::useWriteAheadLog()
{
    QSqlQuery query(database());
    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return fail(QStringLiteral("switch to write-ahead logging"), query.lastError());
    // A file system without shared memory support keeps the old mode: slower, still correct.
    return true;
}

void StoreConnection::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool StoreConnection::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && database().isOpen();
}

QSqlDatabase StoreConnection::database() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

bool StoreConnection::fail(const QString &action, const QSqlError &error) const
{
    QString cause = error.databaseText().trimmed();
    if (cause.isEmpty())
        cause = error.text().trimmed();
    if (cause.isEmpty())
        cause = QStringLiteral("unknown error");
    const QString hint = hintFor(primaryCode(error), cause);
    return fail(action, hint.isEmpty() ? cause : cause + QStringLiteral(". ") + hint);
}

bool StoreConnection::fail(const QString &action, const QString &cause) const
{
    m_lastError = QStringLiteral("Local database \"%1\": cannot %2: %3")
                      .arg(QDir::toNativeSeparators(m_filePath), action, cause);
    return false;
}

bool StoreConnection::prepare(QSqlQuery &query, const QString &sql, const QString &action) const
{
    if (!query.prepare(sql))
        return fail(action, query.lastError());
    return true;
}

bool StoreConnection::exec(QSqlQuery &query, const QString &action) const
{
    if (!query.exec())
        return fail(action, query.lastError());
    return true;
}

bool StoreConnection::exec(const QString &sql, const QString &action) const
{
    if (!isOpen())
        return fail(action, QStringLiteral("the database is not open"));
    QSqlQuery query(database());
    if (!query.exec(sql))
        return fail(action, query.lastError());
    return true;
}

void StoreConnection::rollback() const
{
    // Keep the error of the statement that failed, not of the rollback.
    QSqlQuery query(database());
    query.exec(QStringLiteral("ROLLBACK"));
}

} // namespace cc

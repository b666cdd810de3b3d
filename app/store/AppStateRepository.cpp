#include "AppStateRepository.h"

#include "StoreConnection.h"
#include "StoredValues.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QVariant>

namespace cc {

namespace {
bool looksLikeSecret(const QString &key)
{
    static const char *const kWords[] = {"secret",  "password", "token",     "apikey",
                                         "api_key", "api-key",  "credential"};
    const QString lower = key.toLower();
    for (const char *word : kWords) {
        if (lower.contains(QLatin1String(word)))
            return true;
    }
    return false;
}
} // namespace

QString AppStateRepository::value(const QString &key, const QString &fallback) const
{
    const QString action = QStringLiteral("read app state \"%1\"").arg(key);
    QSqlQuery query(m_connection.database());
    if (!m_connection.prepare(query, QStringLiteral("SELECT value FROM app_state WHERE key=?"), action))
        return fallback;
    query.addBindValue(key);
    if (!m_connection.exec(query, action) || !query.next())
        return fallback;
    return query.value(0).toString();
}

bool AppStateRepository::contains(const QString &key) const
{
    QSqlQuery query(m_connection.database());
    const QString action = QStringLiteral("read app state \"%1\"").arg(key);
    if (!m_connection.prepare(query, QStringLiteral("SELECT 1 FROM app_state WHERE key=?"), action))
        return false;
    query.addBindValue(key);
    return m_connection.exec(query, action) && query.next();
}

bool AppStateRepository::setValue(const QString &key, const QString &value)
{
    const QString action = QStringLiteral("save app state \"%1\"").arg(key);
    if (key.isEmpty())
        return m_connection.fail(action, QStringLiteral("the key is empty"));
    if (looksLikeSecret(key))
        return m_connection.fail(action, QStringLiteral("secrets are never stored in the local database"));
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(
                query,
                QStringLiteral("INSERT INTO app_state (key, value, updated_at) VALUES (?,?,?) "
                               "ON CONFLICT(key) DO UPDATE SET value=excluded.value, "
                               "updated_at=excluded.updated_at"),
                action))
            return false;
        query.addBindValue(key);
        query.addBindValue(storedText(value));
        query.addBindValue(QDateTime::currentMSecsSinceEpoch());
        return m_connection.exec(query, action);
    });
}

bool AppStateRepository::remove(const QString &key)
{
    const QString action = QStringLiteral("remove app state \"%1\"").arg(key);
    return m_connection.writeTransaction(action, [&] {
        QSqlQuery query(m_connection.database());
        if (!m_connection.prepare(query, QStringLiteral("DELETE FROM app_state WHERE key=?"), action))
            return false;
        query.addBindValue(key);
        return m_connection.exec(query, action);
    });
}

} // namespace cc

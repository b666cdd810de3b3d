#pragma once

#include <QString>

namespace cc {

class StoreConnection;

// Small pieces of app state that must survive a restart (e.g. the scheduler's last evaluated
// slot). Never secrets: keys that look like one are refused, so a slip cannot put a key on disk.
class AppStateRepository
{
public:
    explicit AppStateRepository(StoreConnection &connection) : m_connection(connection) {}

    QString value(const QString &key, const QString &fallback = {}) const;
    bool contains(const QString &key) const;
    bool setValue(const QString &key, const QString &value);
    bool remove(const QString &key);

private:
    StoreConnection &m_connection;
};

} // namespace cc

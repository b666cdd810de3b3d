#pragma once

#include "Collection.h"
#include "SandboxOptions.h"

#include <QJsonObject>
#include <QMap>
#include <memory>

namespace sandbox {

// Appwrite's side of the demo world: one database with the `learners` and `webhook_events`
// collections (schema per docs/ARCHITECTURE.md §11.2), or none at all (`emptyDatabase`, for
// provisioning), plus those a client creates, and the executions of the one function.
class AppwriteStore
{
public:
    struct Execution
    {
        QJsonObject json;
        qint64 completesAt = 0; // async executions turn `completed` at this time
        QString responseBody;   // what an async execution answers once completed
    };

    // Rebuilds the schema (minus the attributes/indexes the options drop) with no documents; with
    // options.emptyDatabase the database has no collections.
    void reset(const SandboxOptions &options);

    const QString &databaseId() const { return m_databaseId; }
    qint64 databaseCreatedAt() const { return m_createdAt; }
    Collection *collection(const QString &id) const;
    QStringList collectionIds() const { return m_collections.keys(); }
    // A new empty collection; null if the id is taken.
    Collection *createCollection(const QString &id, const QString &name, qint64 now);
    Collection *learners() const { return collection(QStringLiteral("learners")); }
    Collection *events() const { return collection(QStringLiteral("webhook_events")); }

    QList<Execution> &executions() { return m_executions; }
    // Applies the lazy waiting -> completed transition before an execution is shown.
    static void settle(Execution &execution, qint64 now);

    static QString newId(qint64 nowMs, quint32 random); // 20 lowercase hex, uniqid-like

private:
    QString m_databaseId;
    qint64 m_createdAt = 0;
    QMap<QString, std::shared_ptr<Collection>> m_collections;
    QList<Execution> m_executions;
};

} // namespace sandbox

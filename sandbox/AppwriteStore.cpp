#include "AppwriteStore.h"

#include "IsoTime.h"

#include <QJsonArray>

namespace sandbox {

namespace {
// Fixed schema timestamps so state dumps are reproducible.
constexpr qint64 kSchemaCreatedAt = 1735689600000LL; // 2025-01-01T00:00:00Z

SchemaItem stringAttribute(const char *key, int size, bool required)
{
    SchemaItem a;
    a.key = QString::fromLatin1(key);
    a.type = QStringLiteral("string");
    a.size = size;
    a.required = required;
    a.createdAt = a.updatedAt = kSchemaCreatedAt;
    return a;
}

SchemaItem datetimeAttribute(const char *key, bool required)
{
    SchemaItem a;
    a.key = QString::fromLatin1(key);
    a.type = QStringLiteral("datetime");
    a.required = required;
    a.createdAt = a.updatedAt = kSchemaCreatedAt;
    return a;
}

SchemaItem integerAttribute(const char *key)
{
    SchemaItem a;
    a.key = QString::fromLatin1(key);
    a.type = QStringLiteral("integer");
    a.createdAt = a.updatedAt = kSchemaCreatedAt;
    return a;
}

SchemaItem index(const char *key, const char *type, const char *attribute)
{
    SchemaItem i;
    i.key = QString::fromLatin1(key);
    i.type = QString::fromLatin1(type);
    i.attributes = QStringList{QString::fromLatin1(attribute)};
    i.orders = QStringList{QStringLiteral("ASC")};
    i.createdAt = i.updatedAt = kSchemaCreatedAt;
    return i;
}
} // namespace

void AppwriteStore::reset(const SandboxOptions &options)
{
    m_databaseId = options.databaseId;
    m_createdAt = kSchemaCreatedAt;
    m_collections.clear();
    m_executions.clear();
    if (options.emptyDatabase)
        return;

    auto learners = std::make_shared<Collection>(m_databaseId, QStringLiteral("learners"),
                                                 QStringLiteral("Learners"), kSchemaCreatedAt);
    learners->addAttribute(stringAttribute("email", 255, true));
    learners->addAttribute(stringAttribute("name", 255, false));
    learners->addAttribute(stringAttribute("course_id", 255, true));
    learners->addAttribute(stringAttribute("status", 50, true));
    learners->addAttribute(stringAttribute("completion_data", 5000, false));
    learners->addAttribute(datetimeAttribute("completed_at", false));
    learners->addAttribute(datetimeAttribute("last_completion_check", false));
    learners->addIndex(index("status_index", "key", "status"));
    learners->addIndex(index("last_completion_check_index", "key", "last_completion_check"));

    auto events = std::make_shared<Collection>(m_databaseId, QStringLiteral("webhook_events"),
                                               QStringLiteral("Webhook events"), kSchemaCreatedAt);
    events->addAttribute(stringAttribute("event_id", 255, true));
    events->addAttribute(stringAttribute("event_type", 100, false));
    events->addAttribute(stringAttribute("source", 100, true));
    events->addAttribute(stringAttribute("learner_id", 36, false));
    events->addAttribute(stringAttribute("email", 255, false));
    events->addAttribute(stringAttribute("course_id", 255, false));
    events->addAttribute(stringAttribute("payload", 10000, true));
    events->addAttribute(stringAttribute("status", 50, true));
    events->addAttribute(datetimeAttribute("received_at", true));
    events->addIndex(index("event_id_unique", "unique", "event_id"));

    // The shared run ledger, as --provision-schema creates it (docs/ARCHITECTURE.md §11.7).
    auto runs = std::make_shared<Collection>(m_databaseId, QStringLiteral("checker_runs"),
                                             QStringLiteral("Checker runs"), kSchemaCreatedAt);
    runs->addAttribute(datetimeAttribute("slot", true));
    runs->addAttribute(stringAttribute("holder", 128, true));
    runs->addAttribute(stringAttribute("trigger", 16, true));
    runs->addAttribute(stringAttribute("state", 16, true));
    runs->addAttribute(datetimeAttribute("started_at", false));
    runs->addAttribute(datetimeAttribute("finished_at", false));
    for (const char *count : {"processed", "completed", "already_recorded", "errors"})
        runs->addAttribute(integerAttribute(count));
    runs->addAttribute(stringAttribute("app_version", 32, false));
    runs->addIndex(index("slot_index", "key", "slot"));

    m_collections.insert(learners->id(), learners);
    m_collections.insert(events->id(), events);
    m_collections.insert(runs->id(), runs);

    for (const QString &spec : options.dropAttributes) {
        if (Collection *c = collection(spec.section(QLatin1Char('.'), 0, 0)))
            c->removeAttribute(spec.section(QLatin1Char('.'), 1));
    }
    for (const QString &spec : options.requireAttributes) {
        if (Collection *c = collection(spec.section(QLatin1Char('.'), 0, 0)))
            c->addAttribute(
                stringAttribute(spec.section(QLatin1Char('.'), 1).toUtf8().constData(), 255, true));
    }
    for (const QString &id : options.dropCollections)
        m_collections.remove(id);
    for (const QString &spec : options.dropIndexes) {
        if (Collection *c = collection(spec.section(QLatin1Char('.'), 0, 0)))
            c->removeIndex(spec.section(QLatin1Char('.'), 1));
    }
}

Collection *AppwriteStore::collection(const QString &id) const
{
    const auto it = m_collections.constFind(id);
    return it == m_collections.constEnd() ? nullptr : it->get();
}

Collection *AppwriteStore::createCollection(const QString &id, const QString &name, qint64 now)
{
    if (m_collections.contains(id))
        return nullptr;
    auto created = std::make_shared<Collection>(m_databaseId, id, name, now);
    m_collections.insert(id, created);
    return created.get();
}

void AppwriteStore::settle(Execution &execution, qint64 now)
{
    if (execution.completesAt == 0 || now < execution.completesAt)
        return;
    execution.completesAt = 0;
    execution.json.insert(QStringLiteral("status"), QStringLiteral("completed"));
    execution.json.insert(QStringLiteral("$updatedAt"), IsoTime::format(now));
    execution.json.insert(QStringLiteral("responseStatusCode"), 200);
    execution.json.insert(QStringLiteral("duration"), 0.25);
    execution.json.insert(QStringLiteral("responseBody"), execution.responseBody);
    execution.json.insert(
        QStringLiteral("responseHeaders"),
        QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("content-type")},
                               {QStringLiteral("value"), QStringLiteral("application/json")}}});
}

QString AppwriteStore::newId(qint64 nowMs, quint32 random)
{
    // PHP uniqid(): 8 hex seconds + 5 hex microseconds, then 7 random hex.
    const qint64 micros = (nowMs % 1000) * 1000 + (random >> 20) % 1000;
    return QString::asprintf("%08llx%05llx%07x", static_cast<unsigned long long>(nowMs / 1000),
                             static_cast<unsigned long long>(micros), random & 0xfffffffu);
}

} // namespace sandbox

#include "SchemaRequirements.h"

#include <QJsonArray>

#include <algorithm>

namespace cc {

SchemaRequirements::Collection SchemaRequirements::learners(const EngineSettings &s)
{
    const LearnerAttributes &a = s.attributes;
    return {s.learnersCollection,
            {{a.email, QStringLiteral("string")},
             // The run selects it (the window shows it): a missing one fails every listing.
             {a.name, QStringLiteral("string")},
             {a.courseId, QStringLiteral("string")},
             {a.status, QStringLiteral("string"), 9},
             {a.completionData, QStringLiteral("string"), 1000},
             {a.completedAt, QStringLiteral("datetime")},
             {a.lastCompletionCheck, QStringLiteral("datetime")}},
            {{a.status, false}, {a.lastCompletionCheck, false}}};
}

SchemaRequirements::Collection SchemaRequirements::events(const EngineSettings &s)
{
    const QString str = QStringLiteral("string");
    return {s.eventsCollection,
            {{QStringLiteral("event_id"), str, 80},
             {QStringLiteral("event_type"), str},
             {QStringLiteral("source"), str},
             {QStringLiteral("learner_id"), str},
             {QStringLiteral("email"), str},
             {QStringLiteral("course_id"), str},
             {QStringLiteral("payload"), str, 1000},
             {QStringLiteral("status"), str},
             {QStringLiteral("received_at"), QStringLiteral("datetime")}},
            {{QStringLiteral("event_id"), true}},
            true};
}

QStringList SchemaRequirements::compare(const Collection &required, const QJsonObject &collection)
{
    QStringList problems;
    const QJsonArray attributes = collection.value(QStringLiteral("attributes")).toArray();
    const QJsonArray indexes = collection.value(QStringLiteral("indexes")).toArray();
    for (const Attribute &want : required.attributes) {
        QJsonObject found;
        for (const QJsonValue &v : attributes) {
            if (v.toObject().value(QStringLiteral("key")).toString() == want.key)
                found = v.toObject();
        }
        const QString where = QStringLiteral("%1: attribute '%2'").arg(required.id, want.key);
        if (found.isEmpty()) {
            problems << QStringLiteral("%1 (%2) is missing").arg(where, want.type);
            continue;
        }
        const QString type = found.value(QStringLiteral("type")).toString();
        // Appwrite reports datetime attributes as type "datetime" (older: string with format "datetime").
        const bool typeOk = type == want.type ||
                            (want.type == QLatin1String("datetime") &&
                             found.value(QStringLiteral("format")).toString() == QLatin1String("datetime"));
        if (!typeOk)
            problems << QStringLiteral("%1 has type %2, expected %3").arg(where, type, want.type);
        const int size = found.value(QStringLiteral("size")).toInt(0);
        if (typeOk && want.minSize > 0 && size > 0 && size < want.minSize)
            problems
                << QStringLiteral("%1 has size %2, needs at least %3").arg(where).arg(size).arg(want.minSize);
        const QString status = found.value(QStringLiteral("status")).toString();
        if (!status.isEmpty() && status != QLatin1String("available"))
            problems << QStringLiteral("%1 is '%2', not available").arg(where, status);
    }
    if (required.createdByChecker) {
        for (const QJsonValue &v : attributes) {
            const QJsonObject a = v.toObject();
            const QString key = a.value(QStringLiteral("key")).toString();
            const bool ours = std::any_of(required.attributes.cbegin(), required.attributes.cend(),
                                          [&](const Attribute &w) { return w.key == key; });
            if (!ours && a.value(QStringLiteral("required")).toBool())
                problems << QStringLiteral(
                                "%1: attribute '%2' is required, but the checker does not set it: every "
                                "event it writes would be refused (make it optional or give it a default)")
                                .arg(required.id, key);
        }
    }
    for (const Index &want : required.indexes) {
        bool found = false;
        for (const QJsonValue &v : indexes) {
            const QJsonObject index = v.toObject();
            const QJsonArray on = index.value(QStringLiteral("attributes")).toArray();
            const bool unique = index.value(QStringLiteral("type")).toString() == QLatin1String("unique");
            if (!on.isEmpty() && on.first().toString() == want.attribute && (unique || !want.unique))
                found = true;
        }
        if (!found) {
            problems << (want.unique
                             ? QStringLiteral(
                                   "%1: no unique index on '%2' (duplicate events would not be refused)")
                             : QStringLiteral(
                                   "%1: no index on '%2' (queries will be slow on large collections)"))
                            .arg(required.id, want.attribute);
        }
    }
    return problems;
}

} // namespace cc

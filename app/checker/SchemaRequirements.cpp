#include "SchemaRequirements.h"

#include <QJsonArray>

#include <algorithm>

namespace cc {

namespace {
const QString kString = QStringLiteral("string");
const QString kDatetime = QStringLiteral("datetime");
const QString kInteger = QStringLiteral("integer");

SchemaRequirements::Attribute text(const QString &key, int size, int minSize = 0, bool required = false)
{
    return {key, kString, minSize, size, required};
}
SchemaRequirements::Attribute field(const QString &key, const QString &type, bool required = false)
{
    return {key, type, 0, 0, required};
}
} // namespace

SchemaRequirements::Collection SchemaRequirements::learners(const EngineSettings &s)
{
    const LearnerAttributes &a = s.attributes;
    return {s.learnersCollection,
            QStringLiteral("Learners"),
            {text(a.email, 320),
             // The run selects it (the window shows it): a missing one fails every listing.
             text(a.name, 255), text(a.courseId, 255), text(a.status, 50, 9, true),
             text(a.completionData, 5000, 1000), field(a.completedAt, kDatetime),
             field(a.lastCompletionCheck, kDatetime)},
            {{a.status, false, QStringLiteral("status_index")},
             {a.lastCompletionCheck, false, QStringLiteral("last_completion_check_index")}}};
}

SchemaRequirements::Collection SchemaRequirements::events(const EngineSettings &s)
{
    return {s.eventsCollection,
            QStringLiteral("Webhook events"),
            {text(QStringLiteral("event_id"), 255, 80, true), text(QStringLiteral("event_type"), 64),
             text(QStringLiteral("source"), 100), text(QStringLiteral("learner_id"), 36),
             text(QStringLiteral("email"), 320), text(QStringLiteral("course_id"), 255),
             text(QStringLiteral("payload"), 10000, 1000), text(QStringLiteral("status"), 50),
             field(QStringLiteral("received_at"), kDatetime, true)},
            {{QStringLiteral("event_id"), true, QStringLiteral("event_id_unique")}},
            true};
}

SchemaRequirements::Collection SchemaRequirements::runs(const EngineSettings &s)
{
    return {s.runsCollection,
            QStringLiteral("Checker runs"),
            {field(QStringLiteral("slot"), kDatetime, true), text(QStringLiteral("holder"), 128, 0, true),
             text(QStringLiteral("trigger"), 16, 0, true), text(QStringLiteral("state"), 16, 0, true),
             field(QStringLiteral("started_at"), kDatetime), field(QStringLiteral("finished_at"), kDatetime),
             field(QStringLiteral("processed"), kInteger), field(QStringLiteral("completed"), kInteger),
             field(QStringLiteral("already_recorded"), kInteger), field(QStringLiteral("errors"), kInteger),
             text(QStringLiteral("app_version"), 32)},
            {{QStringLiteral("slot"), false, QStringLiteral("slot_index")}},
            true};
}

QList<SchemaRequirements::Collection> SchemaRequirements::all(const EngineSettings &settings)
{
    return {learners(settings), events(settings), runs(settings)};
}

QJsonObject SchemaRequirements::findField(const QJsonObject &collection, const QString &key,
                                          const AppwriteFamily &family)
{
    for (const QJsonValue &v : collection.value(QLatin1String(family.fields)).toArray()) {
        if (v.toObject().value(QStringLiteral("key")).toString() == key)
            return v.toObject();
    }
    return {};
}

bool SchemaRequirements::typeMatches(const Attribute &want, const QJsonObject &found)
{
    const QString type = found.value(QStringLiteral("type")).toString();
    if (want.type == kString)
        return AppwriteFamily::isTextType(type) &&
               found.value(QStringLiteral("format")).toString() != QLatin1String("datetime");
    // Appwrite reports datetime fields as type "datetime" (older: string with format "datetime").
    if (want.type == kDatetime)
        return type == kDatetime || found.value(QStringLiteral("format")).toString() == kDatetime;
    return type == want.type;
}

QJsonObject SchemaRequirements::findIndex(const QJsonObject &collection, const Index &want,
                                          const AppwriteFamily &family)
{
    QJsonObject best;
    for (const QJsonValue &v : collection.value(QStringLiteral("indexes")).toArray()) {
        const QJsonObject index = v.toObject();
        const QJsonArray on = index.value(QLatin1String(family.fields)).toArray();
        const bool unique = index.value(QStringLiteral("type")).toString() == QLatin1String("unique");
        if (on.isEmpty() || on.first().toString() != want.attribute || (want.unique && !unique))
            continue;
        if (best.isEmpty() || isAvailable(index)) // an available one wins over a broken duplicate
            best = index;
    }
    return best;
}

bool SchemaRequirements::hasIndex(const QJsonObject &collection, const Index &want,
                                  const AppwriteFamily &family)
{
    return !findIndex(collection, want, family).isEmpty();
}

bool SchemaRequirements::isAvailable(const QJsonObject &item)
{
    const QString status = item.value(QStringLiteral("status")).toString();
    return status.isEmpty() || status == QLatin1String("available");
}

QStringList SchemaRequirements::compare(const Collection &required, const QJsonObject &collection,
                                        const AppwriteFamily &family)
{
    QStringList problems;
    const QString fieldWord = QLatin1String(family.field);
    for (const Attribute &want : required.attributes) {
        const QJsonObject found = findField(collection, want.key, family);
        const QString where = QStringLiteral("%1: %2 '%3'").arg(required.id, fieldWord, want.key);
        if (found.isEmpty()) {
            problems << QStringLiteral("%1 (%2) is missing").arg(where, want.type);
            continue;
        }
        const bool typeOk = typeMatches(want, found);
        if (!typeOk)
            problems << QStringLiteral("%1 has type %2, expected %3")
                            .arg(where, found.value(QStringLiteral("type")).toString(), want.type);
        const int size = found.value(QStringLiteral("size")).toInt(0);
        if (typeOk && want.minSize > 0 && size > 0 && size < want.minSize)
            problems
                << QStringLiteral("%1 has size %2, needs at least %3").arg(where).arg(size).arg(want.minSize);
        if (!isAvailable(found))
            problems << QStringLiteral("%1 is '%2', not available")
                            .arg(where, found.value(QStringLiteral("status")).toString());
    }
    if (required.createdByChecker) {
        for (const QJsonValue &v : collection.value(QLatin1String(family.fields)).toArray()) {
            const QJsonObject a = v.toObject();
            const QString key = a.value(QStringLiteral("key")).toString();
            const bool ours = std::any_of(required.attributes.cbegin(), required.attributes.cend(),
                                          [&](const Attribute &w) { return w.key == key; });
            if (!ours && a.value(QStringLiteral("required")).toBool())
                problems << QStringLiteral(
                                "%1: %2 '%3' is required, but the checker does not set it: every "
                                "%4 it writes would be refused (make it optional or give it a default)")
                                .arg(required.id, fieldWord, key, QLatin1String(family.record));
        }
    }
    for (const Index &want : required.indexes) {
        const QJsonObject found = findIndex(collection, want, family);
        if (found.isEmpty())
            problems << (want.unique
                             ? QStringLiteral("%1: no unique index on '%2' (duplicate events would not "
                                              "be refused)")
                                   .arg(required.id, want.attribute)
                             : QStringLiteral("%1: no index on '%2' (queries will be slow on large %3s)")
                                   .arg(required.id, want.attribute, QLatin1String(family.container)));
        else if (!isAvailable(found))
            problems << QStringLiteral("%1: the index on '%2' is '%3', not available")
                            .arg(required.id, want.attribute,
                                 found.value(QStringLiteral("status")).toString());
    }
    return problems;
}

} // namespace cc

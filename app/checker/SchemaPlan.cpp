#include "SchemaPlan.h"

#include <QJsonArray>

#include <algorithm>

namespace cc {

namespace {
using Mode = SchemaProvisionReport::Mode;
using State = SchemaPlan::Action::State;
using Kind = SchemaPlan::Action::Kind;

const QString kAvailable = QStringLiteral("available");
const QString kLeftAlone = QStringLiteral("left as it is");

QString requiredSuffix(bool required)
{
    return required ? QStringLiteral(", required") : QString();
}

// What provisioning would create, in the words the server will see ("varchar 320, required").
QString wantedSpec(const SchemaRequirements::Attribute &want, const QString &textKind)
{
    if (want.type == QLatin1String("string"))
        return QStringLiteral("%1 %2").arg(textKind).arg(want.size) + requiredSuffix(want.required);
    return want.type + requiredSuffix(want.required);
}

// What Appwrite describes ("varchar 320", "datetime, required").
QString foundSpec(const QJsonObject &found)
{
    QString spec = found.value(QStringLiteral("type")).toString();
    const int size = found.value(QStringLiteral("size")).toInt(0);
    if (size > 0)
        spec += QStringLiteral(" %1").arg(size);
    return spec + requiredSuffix(found.value(QStringLiteral("required")).toBool());
}

QString indexSpec(const QString &type, const QStringList &fields)
{
    return QStringLiteral("%1 on %2").arg(type, fields.join(QStringLiteral(", ")));
}

// How a missing part is listed in this mode.
State missingState(Mode mode)
{
    return mode == Mode::Verify ? State::Missing : State::WouldCreate;
}

// An existing field or index: fine, still being built, or broken.
void noteStatus(SchemaPlan::Step &step, const QJsonObject &item, Mode mode)
{
    const QString status = item.value(QStringLiteral("status")).toString();
    if (status.isEmpty() || status == kAvailable)
        return;
    if (SchemaPlan::isBroken(status)) {
        step.action.state = State::Problem;
        step.action.problem = SchemaPlan::brokenText(item) +
                              QStringLiteral("; %1 (delete it in the Appwrite console, then provision "
                                             "again)")
                                  .arg(kLeftAlone);
    } else if (mode == Mode::Verify) {
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("is '%1', not available yet").arg(status);
    } else {
        // Still processing (an earlier provisioning, or someone in the console): wait for it.
        step.action.spec += QStringLiteral(", %1").arg(status);
        step.awaitAvailable = mode == Mode::Provision;
    }
}

SchemaPlan::Step fieldStep(const SchemaRequirements::Attribute &want, const QJsonObject &found,
                           const QString &textKind, Mode mode)
{
    SchemaPlan::Step step;
    step.action.kind = Kind::Field;
    step.action.key = want.key;
    if (found.isEmpty()) {
        step.action.state = missingState(mode);
        step.action.spec = wantedSpec(want, textKind);
        step.fieldKind = want.type;
        step.fieldBody =
            QJsonObject{{QStringLiteral("key"), want.key}, {QStringLiteral("required"), want.required}};
        if (want.type == QLatin1String("string"))
            step.fieldBody.insert(QStringLiteral("size"), want.size);
        return step;
    }
    step.action.state = State::AlreadyThere;
    step.action.spec = foundSpec(found);
    const int size = found.value(QStringLiteral("size")).toInt(0);
    if (!SchemaRequirements::typeMatches(want, found)) {
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("has type %1, the checker needs %2; %3")
                                  .arg(found.value(QStringLiteral("type")).toString(), want.type, kLeftAlone);
    } else if (want.minSize > 0 && size > 0 && size < want.minSize) {
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("has size %1, the checker needs at least %2; %3")
                                  .arg(size)
                                  .arg(want.minSize)
                                  .arg(kLeftAlone);
    } else {
        noteStatus(step, found, mode);
    }
    return step;
}

// The index covering `want` (first field, and unique when it must be), or an empty object.
QJsonObject findIndex(const QJsonObject &collection, const SchemaRequirements::Index &want,
                      const AppwriteFamily &family)
{
    for (const QJsonValue &v : collection.value(QStringLiteral("indexes")).toArray()) {
        const QJsonObject index = v.toObject();
        const QJsonArray on = index.value(QLatin1String(family.fields)).toArray();
        const bool unique = index.value(QStringLiteral("type")).toString() == QLatin1String("unique");
        if (!on.isEmpty() && on.first().toString() == want.attribute && (unique || !want.unique))
            return index;
    }
    return {};
}

QJsonObject findIndexByKey(const QJsonObject &collection, const QString &key)
{
    for (const QJsonValue &v : collection.value(QStringLiteral("indexes")).toArray()) {
        if (v.toObject().value(QStringLiteral("key")).toString() == key)
            return v.toObject();
    }
    return {};
}

SchemaPlan::Step indexStep(const SchemaRequirements::Index &want, const QJsonObject &collection,
                           const AppwriteFamily &family, Mode mode)
{
    SchemaPlan::Step step;
    step.action.kind = Kind::Index;
    step.indexType = want.unique ? QStringLiteral("unique") : QStringLiteral("key");
    step.indexFields = QStringList{want.attribute};
    const QJsonObject found = findIndex(collection, want, family);
    if (!found.isEmpty()) {
        // A deployment may have named it otherwise: any index that does the job will do.
        step.action.key = found.value(QStringLiteral("key")).toString();
        step.action.state = State::AlreadyThere;
        QStringList on;
        for (const QJsonValue &f : found.value(QLatin1String(family.fields)).toArray())
            on << f.toString();
        step.action.spec = indexSpec(found.value(QStringLiteral("type")).toString(), on);
        noteStatus(step, found, mode);
        return step;
    }
    step.action.key = want.key;
    step.action.spec = indexSpec(step.indexType, step.indexFields);
    if (!findIndexByKey(collection, want.key).isEmpty()) {
        // Its name is taken by an index that does something else: creating it would answer 409.
        step.action.state = State::Problem;
        step.action.problem = QStringLiteral("an index named '%1' exists, but not %2; %3")
                                  .arg(want.key, step.action.spec, kLeftAlone);
        return step;
    }
    step.action.state = missingState(mode);
    return step;
}
} // namespace

QString SchemaPlan::brokenText(const QJsonObject &item)
{
    const QString error = item.value(QStringLiteral("error")).toString();
    return QStringLiteral("Appwrite reports it '%1'%2")
        .arg(item.value(QStringLiteral("status")).toString(),
             error.isEmpty() ? QString() : QStringLiteral(": ") + error);
}

QList<SchemaPlan::Step> SchemaPlan::make(const SchemaRequirements::Collection &required,
                                         const std::optional<QJsonObject> &collection,
                                         const AppwriteFamily &family, const QString &serverVersion,
                                         Mode mode)
{
    const QJsonObject existing = collection.value_or(QJsonObject());
    const QString textKind = family.textFieldKind(serverVersion);
    QList<Step> steps;

    Step container;
    container.action.kind = Kind::Container;
    container.action.key = required.id;
    container.action.state = collection ? State::AlreadyThere : missingState(mode);
    steps << container;

    for (const SchemaRequirements::Attribute &want : required.attributes)
        steps << fieldStep(want, SchemaRequirements::findField(existing, want.key, family), textKind, mode);

    if (required.createdByChecker) {
        // Another required field would make every write of the checker fail; provisioning cannot
        // fix that without changing what the deployment made, so it says so.
        for (const QJsonValue &v : existing.value(QLatin1String(family.fields)).toArray()) {
            const QJsonObject field = v.toObject();
            const QString key = field.value(QStringLiteral("key")).toString();
            const bool ours =
                std::any_of(required.attributes.cbegin(), required.attributes.cend(),
                            [&](const SchemaRequirements::Attribute &w) { return w.key == key; });
            if (ours || !field.value(QStringLiteral("required")).toBool())
                continue;
            Step extra;
            extra.action.kind = Kind::Field;
            extra.action.key = key;
            extra.action.spec = foundSpec(field);
            extra.action.state = State::Problem;
            extra.action.problem =
                QStringLiteral("is required, but the checker does not set it: every %1 it writes would be "
                               "refused (make it optional or give it a default); %2")
                    .arg(QLatin1String(family.record), kLeftAlone);
            steps << extra;
        }
    }

    for (const SchemaRequirements::Index &want : required.indexes)
        steps << indexStep(want, existing, family, mode);
    return steps;
}

} // namespace cc

#include "SchemaCreationRoutes.h"

#include "AppwriteError.h"
#include "IsoTime.h"
#include "SchemaRoutes.h"

#include <QJsonArray>
#include <algorithm>
#include <cmath>
#include <limits>

namespace sandbox {

namespace {
constexpr int kProcessingMs = 200;
constexpr int kMaxStringSize = 1073741824;
// "Maximum size is 16381" (the varchar route's spec text).
constexpr int kMaxVarcharSize = 16381;
// A text column has no size in its request or model. A TEXT holds 65,535 bytes, so at four bytes
// a character (utf8mb4) any value up to this many characters fits.
constexpr int kTextSize = 16383;

HttpResponse notBoolean(const QString &param)
{
    return AppwriteError::argumentInvalid(param, QStringLiteral("Value must be a valid boolean"));
}

// An optional boolean parameter; null counts as absent, as PHP's nullable params do.
bool readBool(const QJsonObject &body, const QString &param, bool fallback, bool *value)
{
    const QJsonValue v = body.value(param);
    if (v.isUndefined() || v.isNull()) {
        *value = fallback;
        return true;
    }
    *value = v.toBool();
    return v.isBool();
}

bool isInteger(const QJsonValue &v)
{
    return v.isDouble() && std::floor(v.toDouble()) == v.toDouble();
}

// Whether `value` fits the field's type, as a default must.
bool fitsType(const SchemaItem &field, const QJsonValue &value)
{
    if (field.isText())
        return value.isString() && value.toString().size() <= field.size;
    if (field.type == QLatin1String("datetime")) {
        qint64 ms = 0;
        return value.isString() && IsoTime::parse(value.toString(), &ms);
    }
    return isInteger(value) && (!field.hasRange || (qint64(value.toDouble()) >= field.min &&
                                                    qint64(value.toDouble()) <= field.max));
}
} // namespace

bool SchemaCreationRoutes::handles(RouteId id)
{
    switch (id) {
    case RouteId::AwCreateCollection:
    case RouteId::AwCreateStringAttribute:
    case RouteId::AwCreateVarcharAttribute:
    case RouteId::AwCreateTextAttribute:
    case RouteId::AwCreateDatetimeAttribute:
    case RouteId::AwCreateIntegerAttribute:
    case RouteId::AwCreateIndex:
    case RouteId::AwCreateTable:
    case RouteId::AwCreateStringColumn:
    case RouteId::AwCreateVarcharColumn:
    case RouteId::AwCreateTextColumn:
    case RouteId::AwCreateDatetimeColumn:
    case RouteId::AwCreateIntegerColumn:
    case RouteId::AwCreateTableIndex:
        return true;
    default:
        return false;
    }
}

HttpResponse SchemaCreationRoutes::handle(const RouteTable::Match &route, const ApiFamily &family,
                                          const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    if (route.id == RouteId::AwCreateCollection || route.id == RouteId::AwCreateTable)
        return createParent(route, family, body, now);
    HttpResponse error;
    Collection *collection = m_context.collection(route, family, &error);
    if (!collection)
        return error;
    switch (route.id) {
    case RouteId::AwCreateStringAttribute:
    case RouteId::AwCreateStringColumn:
        return createField(collection, family, QStringLiteral("string"), body, now);
    case RouteId::AwCreateVarcharAttribute:
    case RouteId::AwCreateVarcharColumn:
        return createField(collection, family, QStringLiteral("varchar"), body, now);
    case RouteId::AwCreateTextAttribute:
    case RouteId::AwCreateTextColumn:
        return createField(collection, family, QStringLiteral("text"), body, now);
    case RouteId::AwCreateDatetimeAttribute:
    case RouteId::AwCreateDatetimeColumn:
        return createField(collection, family, QStringLiteral("datetime"), body, now);
    case RouteId::AwCreateIntegerAttribute:
    case RouteId::AwCreateIntegerColumn:
        return createField(collection, family, QStringLiteral("integer"), body, now);
    default:
        return createIndex(collection, family, body, now);
    }
}

HttpResponse SchemaCreationRoutes::createParent(const RouteTable::Match &route, const ApiFamily &family,
                                                const QJsonObject &body, qint64 now)
{
    const QString idParam = QLatin1String(family.parentParam);
    for (const QString &param : {idParam, QStringLiteral("name")}) {
        if (!body.contains(param))
            return AppwriteError::missingParam(param);
    }
    QString id = body.value(idParam).toString();
    if (!body.value(idParam).isString() ||
        (id != QLatin1String("unique()") && !AppwriteError::isValidCustomId(id)))
        return AppwriteError::argumentInvalid(idParam, AppwriteError::customIdDescription());
    const QString name = body.value(QStringLiteral("name")).toString();
    if (!body.value(QStringLiteral("name")).isString() || name.isEmpty() || name.size() > 128)
        return AppwriteError::argumentInvalid(
            QStringLiteral("name"),
            QStringLiteral("Value must be a valid string and at least 1 chars and no longer than 128 chars"));
    QStringList permissions;
    const QJsonValue given = body.value(QStringLiteral("permissions"));
    if (!given.isUndefined() && !given.isNull()) {
        const QJsonArray list = given.toArray();
        const bool allStrings =
            given.isArray() &&
            std::all_of(list.begin(), list.end(), [](const QJsonValue &p) { return p.isString(); });
        if (!allStrings)
            return AppwriteError::argumentInvalid(QStringLiteral("permissions"),
                                                  QStringLiteral("Permissions must be an array of strings."));
        for (const QJsonValue &p : list)
            permissions << p.toString();
    }
    const QString securityParam = QLatin1String(family.securityKey);
    bool security = false, enabled = true;
    if (!readBool(body, securityParam, false, &security))
        return notBoolean(securityParam);
    if (!readBool(body, QStringLiteral("enabled"), true, &enabled))
        return notBoolean(QStringLiteral("enabled"));
    // 1.8.1+ also takes the schema inline. Not imitated: refused rather than silently dropped, so a
    // client relying on it finds out here and not at its first write.
    for (const QString &param : {QString::fromLatin1(family.fieldsKey), QStringLiteral("indexes")}) {
        if (!body.value(param).toArray().isEmpty())
            return AppwriteError::argumentInvalid(
                param,
                QStringLiteral("the sandbox does not create %1 inline; create each with its own request")
                    .arg(param));
    }
    const QString databaseId = route.params.value(QStringLiteral("databaseId"));
    if (databaseId != m_context.store->databaseId())
        return AppwriteError::databaseNotFound(databaseId);
    if (id == QLatin1String("unique()"))
        id = m_context.newId(now);
    Collection *created = m_context.store->createCollection(id, name, now);
    if (!created)
        return AppwriteError::parentExists(family);
    created->setAccess(permissions, security, enabled);
    return HttpResponse::json(201, SchemaRoutes::collectionJson(*created, family, now));
}

HttpResponse SchemaCreationRoutes::createField(Collection *collection, const ApiFamily &family,
                                               const QString &type, const QJsonObject &body, qint64 now)
{
    const QJsonValue key = body.value(QStringLiteral("key"));
    if (key.isUndefined())
        return AppwriteError::missingParam(QStringLiteral("key"));
    if (!key.isString() || !AppwriteError::isValidCustomId(key.toString()))
        return AppwriteError::argumentInvalid(QStringLiteral("key"), AppwriteError::customIdDescription());
    SchemaItem a;
    a.key = key.toString();
    a.type = type;
    if (type == QLatin1String("string") || type == QLatin1String("varchar")) {
        const bool isString = type == QLatin1String("string");
        const int maxSize = isString ? kMaxStringSize : kMaxVarcharSize;
        const QJsonValue size = body.value(QStringLiteral("size"));
        if (size.isUndefined())
            return AppwriteError::missingParam(QStringLiteral("size"));
        if (!isInteger(size) || size.toDouble() < 1 || size.toDouble() > maxSize)
            return AppwriteError::argumentInvalid(
                QStringLiteral("size"),
                QStringLiteral("Value must be a valid range between 1 and %1")
                    .arg(isString ? QStringLiteral("1,073,741,824") : QStringLiteral("16,381")));
        a.size = size.toInt();
    } else if (type == QLatin1String("text")) {
        a.size = kTextSize;
    }
    const QJsonValue required = body.value(QStringLiteral("required"));
    if (required.isUndefined())
        return AppwriteError::missingParam(QStringLiteral("required"));
    if (!required.isBool())
        return notBoolean(QStringLiteral("required"));
    a.required = required.toBool();
    if (!readBool(body, QStringLiteral("array"), false, &a.array))
        return notBoolean(QStringLiteral("array"));
    if (a.isText() && !readBool(body, QStringLiteral("encrypt"), false, &a.encrypt))
        return notBoolean(QStringLiteral("encrypt"));
    if (type == QLatin1String("integer")) {
        const QJsonValue min = body.value(QStringLiteral("min")), max = body.value(QStringLiteral("max"));
        for (const QString &param : {QStringLiteral("min"), QStringLiteral("max")}) {
            const QJsonValue value = body.value(param);
            if (!value.isUndefined() && !value.isNull() && !isInteger(value))
                return AppwriteError::argumentInvalid(param, QStringLiteral("Value must be a valid integer"));
        }
        a.hasRange = min.isDouble() || max.isDouble();
        a.min = min.isDouble() ? qint64(min.toDouble()) : std::numeric_limits<qint64>::min() + 1;
        a.max = max.isDouble() ? qint64(max.toDouble()) : std::numeric_limits<qint64>::max();
        if (a.min > a.max)
            return AppwriteError::make(400, family.fieldType("value_invalid"),
                                       QStringLiteral("Minimum value must be lesser than maximum value"));
    }
    a.defaultValue = body.value(QStringLiteral("default"));
    const bool hasDefault = !a.defaultValue.isUndefined() && !a.defaultValue.isNull();
    if (hasDefault && !fitsType(a, a.defaultValue))
        return AppwriteError::argumentInvalid(QStringLiteral("default"),
                                              QStringLiteral("Value does not fit the %1 type").arg(type));
    if (a.required && hasDefault)
        return AppwriteError::make(
            400, family.fieldType("default_unsupported"),
            QStringLiteral("Cannot set default value for required %1").arg(QLatin1String(family.field)));
    if (collection->attribute(a.key))
        return AppwriteError::fieldExists(family);
    a.createdAt = a.updatedAt = now;
    a.availableAt = now + kProcessingMs;
    collection->addAttribute(a);
    return HttpResponse::json(202, SchemaRoutes::attributeJson(collection->attributes().last(), now));
}

HttpResponse SchemaCreationRoutes::createIndex(Collection *collection, const ApiFamily &family,
                                               const QJsonObject &body, qint64 now)
{
    const QString fieldsParam = QLatin1String(family.fieldsKey); // "attributes" | "columns"
    for (const QString &param : {QStringLiteral("key"), QStringLiteral("type"), fieldsParam}) {
        if (!body.contains(param))
            return AppwriteError::missingParam(param);
    }
    SchemaItem i;
    i.key = body.value(QStringLiteral("key")).toString();
    if (!AppwriteError::isValidCustomId(i.key))
        return AppwriteError::argumentInvalid(QStringLiteral("key"), AppwriteError::customIdDescription());
    i.type = body.value(QStringLiteral("type")).toString();
    if (i.type != QLatin1String("key") && i.type != QLatin1String("unique") &&
        i.type != QLatin1String("fulltext"))
        return AppwriteError::argumentInvalid(
            QStringLiteral("type"), QStringLiteral("Value must be one of (key, fulltext, unique, spatial)"));
    const QJsonArray fields = body.value(fieldsParam).toArray();
    if (fields.isEmpty() || fields.size() > 100)
        return AppwriteError::argumentInvalid(
            fieldsParam, QStringLiteral("Value must a valid array no longer than 100 items and "
                                        "Value must be a valid string and at least 1 chars and no "
                                        "longer than 128 chars"));
    for (const QJsonValue &v : body.value(QStringLiteral("orders")).toArray()) {
        const QString order = v.toString().toUpper();
        if (order != QLatin1String("ASC") && order != QLatin1String("DESC"))
            return AppwriteError::argumentInvalid(
                QStringLiteral("orders"), QStringLiteral("Value must a valid array no longer than 100 items "
                                                         "and Value must be one of (asc, desc)"));
        i.orders << order;
    }
    for (const QJsonValue &v : body.value(QStringLiteral("lengths")).toArray()) {
        if (!isInteger(v))
            return AppwriteError::argumentInvalid(
                QStringLiteral("lengths"),
                QStringLiteral("Value must a valid array no longer than 100 items and Value must be a "
                               "valid integer"));
        i.lengths << v.toInt();
    }
    for (const QJsonValue &v : fields) {
        const QString name = v.toString();
        if (!collection->attribute(name) && !name.startsWith(QLatin1Char('$')))
            return AppwriteError::make(400, family.fieldType("unknown"),
                                       QStringLiteral("Unknown %1: %2. Verify the %1 name or create the %1.")
                                           .arg(QLatin1String(family.field), name));
        i.attributes << name;
    }
    if (collection->index(i.key))
        return AppwriteError::indexExists(family);
    i.createdAt = i.updatedAt = now;
    i.availableAt = now + kProcessingMs;
    collection->addIndex(i);
    return HttpResponse::json(202, SchemaRoutes::indexJson(*collection->index(i.key), family, now));
}

} // namespace sandbox

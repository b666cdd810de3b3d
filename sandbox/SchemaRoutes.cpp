#include "SchemaRoutes.h"

#include "AppwriteError.h"
#include "IsoTime.h"

#include <QJsonArray>

namespace sandbox {

namespace {
constexpr int kProcessingMs = 200;
} // namespace

QJsonObject SchemaRoutes::attributeJson(SchemaItem &a, qint64 now)
{
    QJsonObject o{{QStringLiteral("key"), a.key},
                  {QStringLiteral("type"), a.type},
                  {QStringLiteral("status"), a.observeStatus(now)},
                  {QStringLiteral("error"), QString()},
                  {QStringLiteral("required"), a.required},
                  {QStringLiteral("array"), a.array},
                  {QStringLiteral("$createdAt"), IsoTime::format(a.createdAt)},
                  {QStringLiteral("$updatedAt"), IsoTime::format(a.updatedAt)}};
    const QJsonValue def = a.defaultValue.isUndefined() ? QJsonValue(QJsonValue::Null) : a.defaultValue;
    if (a.type == QLatin1String("string")) {
        o.insert(QStringLiteral("size"), a.size);
        o.insert(QStringLiteral("default"), def);
        o.insert(QStringLiteral("encrypt"), false);
    } else if (a.type == QLatin1String("datetime")) {
        o.insert(QStringLiteral("format"), QStringLiteral("datetime"));
        o.insert(QStringLiteral("default"), def);
    } else if (a.type == QLatin1String("integer")) {
        o.insert(QStringLiteral("min"), a.hasRange ? QJsonValue(a.min) : QJsonValue(-9223372036854775807LL));
        o.insert(QStringLiteral("max"), a.hasRange ? QJsonValue(a.max) : QJsonValue(9223372036854775807LL));
        o.insert(QStringLiteral("default"), def);
    }
    return o;
}

QJsonObject SchemaRoutes::indexJson(SchemaItem &i, const ApiFamily &family, qint64 now)
{
    const QJsonArray lengths; // no explicit index lengths were requested
    return QJsonObject{{QStringLiteral("$id"), i.key},
                       {QStringLiteral("$createdAt"), IsoTime::format(i.createdAt)},
                       {QStringLiteral("$updatedAt"), IsoTime::format(i.updatedAt)},
                       {QStringLiteral("key"), i.key},
                       {QStringLiteral("type"), i.type},
                       {QStringLiteral("status"), i.observeStatus(now)},
                       {QStringLiteral("error"), QString()},
                       {QLatin1String(family.fieldsKey), QJsonArray::fromStringList(i.attributes)},
                       {QStringLiteral("lengths"), lengths},
                       {QStringLiteral("orders"), QJsonArray::fromStringList(i.orders)}};
}

HttpResponse SchemaRoutes::handle(const RouteTable::Match &route, const ApiFamily &family,
                                  const HttpRequest &request, qint64 now)
{
    HttpResponse error;
    Collection *collection = m_context.collection(route, family, &error);
    if (!collection)
        return error;
    const QString key = route.params.value(QStringLiteral("key"));
    switch (route.id) {
    case RouteId::AwCollection:
    case RouteId::AwTable:
        return collectionJson(collection, family, now);
    case RouteId::AwListAttributes:
    case RouteId::AwListColumns: {
        QJsonArray list;
        for (SchemaItem &a : collection->attributes())
            list.append(attributeJson(a, now));
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("total"), list.size()},
                                                   {QLatin1String(family.fieldsKey), list}});
    }
    case RouteId::AwGetAttribute:
    case RouteId::AwGetColumn: {
        SchemaItem *a = collection->attribute(key);
        return a ? HttpResponse::json(200, attributeJson(*a, now))
                 : AppwriteError::fieldNotFound(family, key);
    }
    case RouteId::AwListIndexes:
    case RouteId::AwListTableIndexes: {
        QJsonArray list;
        for (SchemaItem &i : collection->indexes())
            list.append(indexJson(i, family, now));
        return HttpResponse::json(
            200, QJsonObject{{QStringLiteral("total"), list.size()}, {QStringLiteral("indexes"), list}});
    }
    case RouteId::AwGetIndex:
    case RouteId::AwGetTableIndex: {
        SchemaItem *i = collection->index(key);
        return i ? HttpResponse::json(200, indexJson(*i, family, now))
                 : AppwriteError::indexNotFound(family, key);
    }
    case RouteId::AwCreateStringAttribute:
        return createAttribute(collection, QStringLiteral("string"), request, now);
    case RouteId::AwCreateDatetimeAttribute:
        return createAttribute(collection, QStringLiteral("datetime"), request, now);
    case RouteId::AwCreateIntegerAttribute:
        return createAttribute(collection, QStringLiteral("integer"), request, now);
    case RouteId::AwCreateIndex:
        return createIndex(collection, request, now);
    default:
        return AppwriteError::routeNotFound();
    }
}

HttpResponse SchemaRoutes::collectionJson(Collection *c, const ApiFamily &family, qint64 now)
{
    QJsonArray attributes, indexes;
    for (SchemaItem &a : c->attributes())
        attributes.append(attributeJson(a, now));
    for (SchemaItem &i : c->indexes())
        indexes.append(indexJson(i, family, now));
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("$id"), c->id()},
                         {QStringLiteral("$createdAt"), IsoTime::format(c->createdAt())},
                         {QStringLiteral("$updatedAt"), IsoTime::format(c->updatedAt())},
                         {QStringLiteral("$permissions"), QJsonArray()},
                         {QStringLiteral("databaseId"), c->databaseId()},
                         {QStringLiteral("name"), c->name()},
                         {QStringLiteral("enabled"), true},
                         {QLatin1String(family.securityKey), false},
                         {QLatin1String(family.fieldsKey), attributes},
                         {QStringLiteral("indexes"), indexes},
                         {QStringLiteral("bytesMax"), 65535},
                         {QStringLiteral("bytesUsed"), 1500 + 4 * int(c->attributes().size())}});
}

HttpResponse SchemaRoutes::createAttribute(Collection *collection, const QString &type,
                                           const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    const QJsonValue key = body.value(QStringLiteral("key"));
    if (key.isUndefined())
        return AppwriteError::missingParam(QStringLiteral("key"));
    if (!key.isString() || !AppwriteError::isValidCustomId(key.toString()))
        return AppwriteError::argumentInvalid(QStringLiteral("key"), AppwriteError::customIdDescription());
    const QJsonValue required = body.value(QStringLiteral("required"));
    if (required.isUndefined())
        return AppwriteError::missingParam(QStringLiteral("required"));
    if (!required.isBool())
        return AppwriteError::argumentInvalid(QStringLiteral("required"),
                                              QStringLiteral("Value must be a valid boolean"));
    SchemaItem a;
    a.key = key.toString();
    a.type = type;
    a.required = required.toBool();
    a.array = body.value(QStringLiteral("array")).toBool(false);
    a.defaultValue = body.value(QStringLiteral("default"));
    if (type == QLatin1String("string")) {
        const QJsonValue size = body.value(QStringLiteral("size"));
        if (size.isUndefined())
            return AppwriteError::missingParam(QStringLiteral("size"));
        if (!size.isDouble() || size.toInt() < 1 || size.toInt() > 1073741824)
            return AppwriteError::argumentInvalid(
                QStringLiteral("size"),
                QStringLiteral("Value must be a valid range between 1 and 1,073,741,824"));
        a.size = size.toInt();
    } else if (type == QLatin1String("integer")) {
        a.hasRange = body.contains(QStringLiteral("min")) || body.contains(QStringLiteral("max"));
        a.min = body.value(QStringLiteral("min")).isDouble()
                    ? qint64(body.value(QStringLiteral("min")).toDouble())
                    : -9223372036854775807LL;
        a.max = body.value(QStringLiteral("max")).isDouble()
                    ? qint64(body.value(QStringLiteral("max")).toDouble())
                    : 9223372036854775807LL;
    }
    if (a.required && !a.defaultValue.isNull() && !a.defaultValue.isUndefined())
        return AppwriteError::make(400, QStringLiteral("attribute_default_unsupported"),
                                   QStringLiteral("Cannot set default value for required attribute"));
    if (collection->attribute(a.key))
        return AppwriteError::make(
            409, QStringLiteral("attribute_already_exists"),
            QStringLiteral("Attribute with the requested key already exists. Attribute keys "
                           "must be unique, try again with a different key."));
    a.createdAt = a.updatedAt = now;
    a.availableAt = now + kProcessingMs;
    collection->addAttribute(a);
    return HttpResponse::json(202, attributeJson(collection->attributes().last(), now));
}

HttpResponse SchemaRoutes::createIndex(Collection *collection, const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    for (const char *param : {"key", "type", "attributes"}) {
        if (!body.contains(QLatin1String(param)))
            return AppwriteError::missingParam(QLatin1String(param));
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
    const QJsonArray attributes = body.value(QStringLiteral("attributes")).toArray();
    if (attributes.isEmpty())
        return AppwriteError::argumentInvalid(
            QStringLiteral("attributes"),
            QStringLiteral("Value must a valid array no longer than 100 items and "
                           "Value must be a valid string and at least 1 chars and no "
                           "longer than 128 chars"));
    for (const QJsonValue &v : attributes) {
        const QString name = v.toString();
        if (!collection->attribute(name) && !name.startsWith(QLatin1Char('$')))
            return AppwriteError::make(
                400, QStringLiteral("attribute_unknown"),
                QStringLiteral("Unknown attribute: %1. Verify the attribute name or create the "
                               "attribute.")
                    .arg(name));
        i.attributes << name;
    }
    for (const QJsonValue &v : body.value(QStringLiteral("orders")).toArray())
        i.orders << v.toString().toUpper();
    if (collection->index(i.key))
        return AppwriteError::make(
            409, QStringLiteral("index_already_exists"),
            QStringLiteral("Index with the requested key already exists. Try again with a "
                           "different key."));
    i.createdAt = i.updatedAt = now;
    i.availableAt = now + kProcessingMs;
    collection->addIndex(i);
    return HttpResponse::json(202, indexJson(*collection->index(i.key), ApiFamily::documents(), now));
}

} // namespace sandbox

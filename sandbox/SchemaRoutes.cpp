#include "SchemaRoutes.h"

#include "AppwriteError.h"
#include "IsoTime.h"

#include <QJsonArray>

namespace sandbox {

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
    if (a.isText()) {
        // The text model has no size: the column holds what a TEXT holds.
        if (a.type != QLatin1String("text"))
            o.insert(QStringLiteral("size"), a.size);
        o.insert(QStringLiteral("default"), def);
        o.insert(QStringLiteral("encrypt"), a.encrypt);
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
    QJsonArray lengths;
    for (int length : i.lengths)
        lengths.append(length);
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

HttpResponse SchemaRoutes::handle(const RouteTable::Match &route, const ApiFamily &family, qint64 now)
{
    HttpResponse error;
    Collection *collection = m_context.collection(route, family, &error);
    if (!collection)
        return error;
    const QString key = route.params.value(QStringLiteral("key"));
    switch (route.id) {
    case RouteId::AwCollection:
    case RouteId::AwTable:
        return HttpResponse::json(200, collectionJson(*collection, family, now));
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
    default:
        return AppwriteError::routeNotFound();
    }
}

QJsonObject SchemaRoutes::collectionJson(Collection &c, const ApiFamily &family, qint64 now)
{
    QJsonArray attributes, indexes;
    for (SchemaItem &a : c.attributes())
        attributes.append(attributeJson(a, now));
    for (SchemaItem &i : c.indexes())
        indexes.append(indexJson(i, family, now));
    return QJsonObject{{QStringLiteral("$id"), c.id()},
                       {QStringLiteral("$createdAt"), IsoTime::format(c.createdAt())},
                       {QStringLiteral("$updatedAt"), IsoTime::format(c.updatedAt())},
                       {QStringLiteral("$permissions"), QJsonArray::fromStringList(c.permissions())},
                       {QStringLiteral("databaseId"), c.databaseId()},
                       {QStringLiteral("name"), c.name()},
                       {QStringLiteral("enabled"), c.enabled()},
                       {QLatin1String(family.securityKey), c.recordSecurity()},
                       {QLatin1String(family.fieldsKey), attributes},
                       {QStringLiteral("indexes"), indexes},
                       {QStringLiteral("bytesMax"), 65535},
                       {QStringLiteral("bytesUsed"), 1500 + 4 * int(c.attributes().size())}};
}

} // namespace sandbox

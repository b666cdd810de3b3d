#include "DocumentRoutes.h"

#include "AppwriteError.h"
#include "DocumentQuery.h"
#include "IsoTime.h"

#include <QJsonArray>

namespace sandbox {

namespace {
HttpResponse queryError(const QString &message)
{
    return AppwriteError::make(400, QStringLiteral("general_query_invalid"), message);
}

HttpResponse duplicate(const QString &id)
{
    return AppwriteError::make(
        409, QStringLiteral("document_already_exists"),
        QStringLiteral("Document with the requested ID '%1' already exists. Try again with a "
                       "different ID or use ID.unique() to generate a unique ID.")
            .arg(id));
}

bool readPermissions(const QJsonObject &body, QStringList *permissions, bool *present)
{
    const QJsonValue v = body.value(QStringLiteral("permissions"));
    *present = !v.isUndefined() && !v.isNull();
    if (!*present)
        return true;
    if (!v.isArray())
        return false;
    for (const QJsonValue &p : v.toArray()) {
        if (!p.isString())
            return false;
        *permissions << p.toString();
    }
    return true;
}
} // namespace

HttpResponse DocumentRoutes::handle(const RouteTable::Match &route, const HttpRequest &request, bool guest,
                                    qint64 now)
{
    const QString databaseId = route.params.value(QStringLiteral("databaseId"));
    if (databaseId != m_context.store->databaseId())
        return AppwriteError::databaseNotFound(databaseId);
    const QString collectionId = route.params.value(QStringLiteral("collectionId"));
    Collection *collection = m_context.store->collection(collectionId);
    if (!collection)
        return AppwriteError::collectionNotFound(collectionId);
    if (guest) // the collections grant guests no permission at all
        return AppwriteError::userUnauthorized();
    const QString documentId = route.params.value(QStringLiteral("documentId"));
    switch (route.id) {
    case RouteId::AwListDocuments:
        return list(collection, request, now);
    case RouteId::AwGetDocument:
        return get(collection, documentId, request, now);
    case RouteId::AwCreateDocument:
        return create(collection, request, now);
    case RouteId::AwUpdateDocument:
        return update(collection, documentId, request, now);
    default:
        return remove(collection, documentId);
    }
}

HttpResponse DocumentRoutes::list(Collection *collection, const HttpRequest &request, qint64 now)
{
    bool countTotal = true;
    if (request.hasQuery(QStringLiteral("total"))) {
        const QString total = request.queryValue(QStringLiteral("total")).toLower();
        if (total == QLatin1String("false") || total == QLatin1String("0"))
            countTotal = false;
        else if (total != QLatin1String("true") && total != QLatin1String("1"))
            return AppwriteError::argumentInvalid(QStringLiteral("total"),
                                                  QStringLiteral("Value must be a valid boolean"));
    }
    DocumentQuery query;
    QString message;
    if (!query.parse(request.queryArray(QStringLiteral("queries")), *collection, now, &message))
        return queryError(message);
    const DocumentQuery::Result result = query.execute(*collection, countTotal);
    switch (result.error) {
    case DocumentQuery::Error::CursorNotFound:
        return AppwriteError::make(400, QStringLiteral("general_cursor_not_found"), result.message);
    case DocumentQuery::Error::OrderNull:
        return AppwriteError::make(400, QStringLiteral("database_query_order_null"), result.message);
    case DocumentQuery::Error::QueryInvalid:
        return queryError(result.message);
    case DocumentQuery::Error::None:
        break;
    }
    QJsonArray documents;
    for (const Document *doc : result.documents)
        documents.append(collection->toJson(*doc, query.select()));
    return HttpResponse::json(
        200, QJsonObject{{QStringLiteral("total"), result.total}, {QStringLiteral("documents"), documents}});
}

HttpResponse DocumentRoutes::get(Collection *collection, const QString &id, const HttpRequest &request,
                                 qint64 now)
{
    DocumentQuery query;
    QString message;
    if (!query.parse(request.queryArray(QStringLiteral("queries")), *collection, now, &message))
        return queryError(message);
    if (!query.onlySelectAllowed())
        return queryError(QStringLiteral("Invalid query: Only select queries are allowed here"));
    const Document *doc = collection->find(id);
    if (!doc)
        return AppwriteError::documentNotFound(id);
    return HttpResponse::json(200, collection->toJson(*doc, query.select()));
}

HttpResponse DocumentRoutes::create(Collection *collection, const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    const QJsonValue idValue = body.value(QStringLiteral("documentId"));
    const QJsonValue dataValue = body.value(QStringLiteral("data"));
    if (idValue.isUndefined() || idValue.isNull() || !dataValue.isObject() || dataValue.toObject().isEmpty())
        return AppwriteError::make(
            400, QStringLiteral("document_missing_data"),
            QStringLiteral("The document data is missing. Try again with document data "
                           "populated"));
    QString id = idValue.toString();
    if (!idValue.isString() || (id != QLatin1String("unique()") && !AppwriteError::isValidCustomId(id)))
        return AppwriteError::argumentInvalid(QStringLiteral("documentId"),
                                              AppwriteError::customIdDescription());
    if (id == QLatin1String("unique()"))
        id = m_context.newId(now);
    QStringList permissions;
    bool hasPermissions = false;
    if (!readPermissions(body, &permissions, &hasPermissions))
        return AppwriteError::argumentInvalid(
            QStringLiteral("permissions"),
            QStringLiteral("Value must a valid array no longer than 100 items and "
                           "Permission must be a valid string."));
    Collection::Changes changes;
    QString message;
    if (!collection->readData(dataValue.toObject(), false, nullptr, &changes, &message, now))
        return AppwriteError::make(400, QStringLiteral("document_invalid_structure"), message);

    auto doc = std::make_unique<Document>();
    doc->system[0] = FieldValue::ofString(id);
    doc->system[1] = FieldValue::ofDateTime(now);
    doc->system[2] = FieldValue::ofDateTime(now);
    doc->permissions = permissions;
    for (const auto &change : changes)
        doc->setField(change.first, change.second);
    if (collection->find(id))
        return duplicate(id);
    doc->system[3] = FieldValue::ofInteger(collection->nextSequence());
    Document *stored = doc.get();
    if (collection->insert(std::move(doc)) != Collection::WriteResult::Ok)
        return duplicate(id); // a unique index clash is reported as the same duplicate
    return HttpResponse::json(201, collection->toJson(*stored));
}

HttpResponse DocumentRoutes::update(Collection *collection, const QString &id, const HttpRequest &request,
                                    qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    Document *doc = collection->find(id);
    if (!doc)
        return AppwriteError::documentNotFound(id);
    // Optimistic concurrency as Appwrite does it: refuse the write when the document changed after
    // the time the client says it read it.
    const QByteArray readAt = request.header("x-appwrite-timestamp");
    if (!readAt.isEmpty()) {
        qint64 readAtMs = 0;
        if (!IsoTime::parse(QString::fromUtf8(readAt), &readAtMs))
            return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                       QStringLiteral("Invalid X-Appwrite-Timestamp header value"));
        if (doc->field(SlotUpdatedAt).integer > readAtMs)
            return AppwriteError::make(409, QStringLiteral("document_update_conflict"),
                                       QStringLiteral("Remote document is newer than local."));
    }
    const QJsonObject data = body.value(QStringLiteral("data")).toObject();
    QStringList permissions;
    bool hasPermissions = false;
    if (!readPermissions(body, &permissions, &hasPermissions))
        return AppwriteError::argumentInvalid(
            QStringLiteral("permissions"),
            QStringLiteral("Value must a valid array no longer than 100 items and "
                           "Permission must be a valid string."));
    if (data.isEmpty() && !hasPermissions)
        return AppwriteError::make(
            400, QStringLiteral("document_missing_payload"),
            QStringLiteral("The document data and permissions are missing. You must provide "
                           "either document data or permissions to be updated."));
    Collection::Changes changes;
    QString message;
    if (!collection->readData(data, true, doc, &changes, &message, now))
        return AppwriteError::make(400, QStringLiteral("document_invalid_structure"), message);
    if (collection->update(doc, changes, now) != Collection::WriteResult::Ok)
        return duplicate(id);
    if (hasPermissions)
        doc->permissions = permissions;
    return HttpResponse::json(200, collection->toJson(*doc));
}

HttpResponse DocumentRoutes::remove(Collection *collection, const QString &id)
{
    if (!collection->remove(id))
        return AppwriteError::documentNotFound(id);
    return HttpResponse::empty(204);
}

} // namespace sandbox

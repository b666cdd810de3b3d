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

DocumentRoutes::Action DocumentRoutes::actionOf(RouteId id)
{
    switch (id) {
    case RouteId::AwListDocuments:
    case RouteId::AwListRows:
        return Action::List;
    case RouteId::AwGetDocument:
    case RouteId::AwGetRow:
        return Action::Get;
    case RouteId::AwCreateDocument:
    case RouteId::AwCreateRow:
        return Action::Create;
    case RouteId::AwUpdateDocument:
    case RouteId::AwUpdateRow:
        return Action::Update;
    default:
        return Action::Delete;
    }
}

HttpResponse DocumentRoutes::handle(const RouteTable::Match &route, const ApiFamily &family,
                                    const HttpRequest &request, bool guest, qint64 now)
{
    HttpResponse error;
    Collection *collection = m_context.collection(route, family, &error);
    if (!collection)
        return error;
    if (guest) // the collections grant guests no permission at all
        return AppwriteError::userUnauthorized();
    const QString id = route.params.value(QLatin1String(family.recordParam));
    switch (actionOf(route.id)) {
    case Action::List:
        return list(collection, family, request, now);
    case Action::Get:
        return get(collection, family, id, request, now);
    case Action::Create:
        return create(collection, family, request, now);
    case Action::Update:
        return update(collection, family, id, request, now);
    case Action::Delete:
        break;
    }
    return remove(collection, family, id);
}

HttpResponse DocumentRoutes::list(Collection *collection, const ApiFamily &family, const HttpRequest &request,
                                  qint64 now)
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
    const DocumentJsonStyle style = m_context.jsonStyle(family);
    QJsonArray documents;
    for (const Document *doc : result.documents)
        documents.append(collection->toJson(*doc, query.select(), style));
    return HttpResponse::json(200, QJsonObject{{QStringLiteral("total"), result.total},
                                               {QLatin1String(family.listKey), documents}});
}

HttpResponse DocumentRoutes::get(Collection *collection, const ApiFamily &family, const QString &id,
                                 const HttpRequest &request, qint64 now)
{
    DocumentQuery query;
    QString message;
    if (!query.parse(request.queryArray(QStringLiteral("queries")), *collection, now, &message))
        return queryError(message);
    if (!query.onlySelectAllowed())
        return queryError(QStringLiteral("Invalid query: Only select queries are allowed here"));
    const Document *doc = collection->find(id);
    if (!doc)
        return AppwriteError::recordNotFound(family, id);
    return HttpResponse::json(200, collection->toJson(*doc, query.select(), m_context.jsonStyle(family)));
}

HttpResponse DocumentRoutes::create(Collection *collection, const ApiFamily &family,
                                    const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    const QJsonValue idValue = body.value(QLatin1String(family.recordParam));
    const QJsonValue dataValue = body.value(QStringLiteral("data"));
    if (idValue.isUndefined() || idValue.isNull() || !dataValue.isObject() || dataValue.toObject().isEmpty())
        return AppwriteError::missingData(family);
    QString id = idValue.toString();
    if (!idValue.isString() || (id != QLatin1String("unique()") && !AppwriteError::isValidCustomId(id)))
        return AppwriteError::argumentInvalid(QLatin1String(family.recordParam),
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
        return AppwriteError::invalidStructure(family, message);

    auto doc = std::make_unique<Document>();
    doc->system[0] = FieldValue::ofString(id);
    doc->system[1] = FieldValue::ofDateTime(now);
    doc->system[2] = FieldValue::ofDateTime(now);
    doc->permissions = permissions;
    for (const auto &change : changes)
        doc->setField(change.first, change.second);
    if (collection->find(id))
        return AppwriteError::recordExists(family, id);
    doc->system[3] = FieldValue::ofInteger(collection->nextSequence());
    Document *stored = doc.get();
    if (collection->insert(std::move(doc)) != Collection::WriteResult::Ok)
        return AppwriteError::recordExists(family, id); // a unique index clash is the same duplicate
    return HttpResponse::json(201, collection->toJson(*stored, {}, m_context.jsonStyle(family)));
}

HttpResponse DocumentRoutes::update(Collection *collection, const ApiFamily &family, const QString &id,
                                    const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    Document *doc = collection->find(id);
    if (!doc)
        return AppwriteError::recordNotFound(family, id);
    // Optimistic concurrency as Appwrite does it: refuse the write when the document changed after
    // the time the client says it read it.
    const QByteArray readAt = request.header("x-appwrite-timestamp");
    if (!readAt.isEmpty()) {
        qint64 readAtMs = 0;
        if (!IsoTime::parse(QString::fromUtf8(readAt), &readAtMs))
            return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                       QStringLiteral("Invalid X-Appwrite-Timestamp header value"));
        if (doc->field(SlotUpdatedAt).integer > readAtMs)
            return AppwriteError::updateConflict(family);
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
        return AppwriteError::missingPayload(family);
    Collection::Changes changes;
    QString message;
    if (!collection->readData(data, true, doc, &changes, &message, now))
        return AppwriteError::invalidStructure(family, message);
    if (collection->update(doc, changes, now) != Collection::WriteResult::Ok)
        return AppwriteError::recordExists(family, id);
    if (hasPermissions)
        doc->permissions = permissions;
    return HttpResponse::json(200, collection->toJson(*doc, {}, m_context.jsonStyle(family)));
}

HttpResponse DocumentRoutes::remove(Collection *collection, const ApiFamily &family, const QString &id)
{
    if (!collection->remove(id))
        return AppwriteError::recordNotFound(family, id);
    return HttpResponse::empty(204);
}

} // namespace sandbox

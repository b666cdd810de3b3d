#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// Provisioning in both families: create a collection (table), its attributes (columns: string,
// 1.9's varchar and text, datetime, integer) and indexes. Collections answer 201 at once;
// attributes and indexes 202 in `processing`, turning `available` as SchemaItem describes. A
// created collection is an ordinary one: documents and rows are written and validated as in the
// seeded ones.
class SchemaCreationRoutes
{
public:
    explicit SchemaCreationRoutes(const AppwriteContext &context) : m_context(context) {}

    static bool handles(RouteId id);
    HttpResponse handle(const RouteTable::Match &route, const ApiFamily &family, const HttpRequest &request,
                        qint64 now);

private:
    HttpResponse createParent(const RouteTable::Match &route, const ApiFamily &family,
                              const QJsonObject &body, qint64 now);
    HttpResponse createField(Collection *collection, const ApiFamily &family, const QString &type,
                             const QJsonObject &body, qint64 now);
    HttpResponse createIndex(Collection *collection, const ApiFamily &family, const QJsonObject &body,
                             qint64 now);

    AppwriteContext m_context;
};

} // namespace sandbox

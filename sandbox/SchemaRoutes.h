#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// Collection, attribute and index reads, and attribute/index creation (202, processing → available);
// on TablesDB the reads of the same schema as table, columns and indexes.
class SchemaRoutes
{
public:
    explicit SchemaRoutes(const AppwriteContext &context) : m_context(context) {}

    HttpResponse handle(const RouteTable::Match &route, const ApiFamily &family, const HttpRequest &request,
                        qint64 now);

    static QJsonObject attributeJson(SchemaItem &attribute, qint64 now);
    static QJsonObject indexJson(SchemaItem &index, const ApiFamily &family, qint64 now);

private:
    HttpResponse collectionJson(Collection *collection, const ApiFamily &family, qint64 now);
    HttpResponse createAttribute(Collection *collection, const QString &type, const HttpRequest &request,
                                 qint64 now);
    HttpResponse createIndex(Collection *collection, const HttpRequest &request, qint64 now);

    AppwriteContext m_context;
};

} // namespace sandbox

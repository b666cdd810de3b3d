#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// Collection, attribute and index reads; on TablesDB the reads of the same schema as table, columns
// and indexes. Creation is SchemaCreationRoutes'; the JSON shapes here serve both.
class SchemaRoutes
{
public:
    explicit SchemaRoutes(const AppwriteContext &context) : m_context(context) {}

    HttpResponse handle(const RouteTable::Match &route, const ApiFamily &family, qint64 now);

    static QJsonObject attributeJson(SchemaItem &attribute, qint64 now);
    static QJsonObject indexJson(SchemaItem &index, const ApiFamily &family, qint64 now);
    static QJsonObject collectionJson(Collection &collection, const ApiFamily &family, qint64 now);

private:
    AppwriteContext m_context;
};

} // namespace sandbox

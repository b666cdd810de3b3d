#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// List, get, create, update and delete documents (Databases API, collections).
class DocumentRoutes
{
public:
    explicit DocumentRoutes(const AppwriteContext &context) : m_context(context) {}

    HttpResponse handle(const RouteTable::Match &route, const HttpRequest &request, bool guest, qint64 now);

private:
    HttpResponse list(Collection *collection, const HttpRequest &request, qint64 now);
    HttpResponse get(Collection *collection, const QString &id, const HttpRequest &request, qint64 now);
    HttpResponse create(Collection *collection, const HttpRequest &request, qint64 now);
    HttpResponse update(Collection *collection, const QString &id, const HttpRequest &request, qint64 now);
    HttpResponse remove(Collection *collection, const QString &id);

    AppwriteContext m_context;
};

} // namespace sandbox

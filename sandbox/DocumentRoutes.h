#pragma once

#include "AppwriteContext.h"
#include "HttpResponse.h"
#include "RouteTable.h"

namespace sandbox {

// List, get, create, update and delete documents (Databases API, collections) or rows (TablesDB,
// tables): the same store and the same logic, named after the family the route belongs to.
class DocumentRoutes
{
public:
    explicit DocumentRoutes(const AppwriteContext &context) : m_context(context) {}

    HttpResponse handle(const RouteTable::Match &route, const ApiFamily &family, const HttpRequest &request,
                        bool guest, qint64 now);

private:
    enum class Action { List, Get, Create, Update, Delete };
    static Action actionOf(RouteId id);

    HttpResponse list(Collection *collection, const ApiFamily &family, const HttpRequest &request,
                      qint64 now);
    HttpResponse get(Collection *collection, const ApiFamily &family, const QString &id,
                     const HttpRequest &request, qint64 now);
    HttpResponse create(Collection *collection, const ApiFamily &family, const HttpRequest &request,
                        qint64 now);
    HttpResponse update(Collection *collection, const ApiFamily &family, const QString &id,
                        const HttpRequest &request, qint64 now);
    HttpResponse remove(Collection *collection, const ApiFamily &family, const QString &id);

    AppwriteContext m_context;
};

} // namespace sandbox

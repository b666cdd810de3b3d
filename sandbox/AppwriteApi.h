#pragma once

#include "AppwriteContext.h"
#include "DocumentRoutes.h"
#include "ExecutionRoutes.h"
#include "RouteTable.h"
#include "SchemaCreationRoutes.h"
#include "SchemaRoutes.h"

#include <QHash>

namespace sandbox {

// The `/v1` front door: the imitated version (1.7 has no TablesDB, varchar/text arrive in 1.9),
// project header, API key →
// scopes, per-route rate-limit headers, then the route handlers. Unknown keys act as guests, as
// Appwrite does. A route accepts any one of its scopes (TablesDB: rows.* or documents.*).
class AppwriteApi
{
public:
    explicit AppwriteApi(const AppwriteContext &context);

    HttpResponse handle(const RouteTable::Match &route, const HttpRequest &request);
    void resetRateWindows() { m_windows.clear(); }

private:
    enum class Caller { Admin, ReadOnly, Guest };
    static QStringList allowedScopes(RouteId id);
    bool hasScope(Caller caller, const QString &scope) const;
    bool keyScopesInclude(const QString &scope) const;
    HttpResponse dispatch(const RouteTable::Match &route, const HttpRequest &request, bool guest);
    void addRateLimitHeaders(const RouteTable::Match &route, const HttpRequest &request,
                             HttpResponse *response);

    struct Window
    {
        qint64 resetAt = 0;
        int used = 0;
    };

    AppwriteContext m_context;
    DocumentRoutes m_documents;
    SchemaRoutes m_schema;
    SchemaCreationRoutes m_schemaCreation;
    ExecutionRoutes m_executions;
    QHash<QString, Window> m_windows;
};

} // namespace sandbox

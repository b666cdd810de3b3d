#include "AppwriteApi.h"

#include "AppwriteError.h"
#include "IsoTime.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace sandbox {

AppwriteApi::AppwriteApi(const AppwriteContext &context)
    : m_context(context), m_documents(context), m_schema(context), m_schemaCreation(context),
      m_executions(context)
{}

QStringList AppwriteApi::allowedScopes(RouteId id)
{
    // As the routes' `scope` labels in Appwrite's spec: the deprecated routes name only the old
    // scopes, TablesDB names the new ones first and accepts the old ones too.
    const QString tablesRead = QStringLiteral("tables.read"),
                  collectionsRead = QStringLiteral("collections.read");
    const QString tablesWrite = QStringLiteral("tables.write"),
                  collectionsWrite = QStringLiteral("collections.write");
    switch (id) {
    case RouteId::AwHealth:
        return {QStringLiteral("health.read")};
    case RouteId::AwDatabase:
    case RouteId::AwTablesDatabase:
        return {QStringLiteral("databases.read")};
    case RouteId::AwCollection:
    case RouteId::AwListAttributes:
    case RouteId::AwGetAttribute:
    case RouteId::AwListIndexes:
    case RouteId::AwGetIndex:
        return {collectionsRead};
    case RouteId::AwTable:
        return {tablesRead, collectionsRead};
    case RouteId::AwListColumns:
    case RouteId::AwGetColumn:
        return {tablesRead, collectionsRead, QStringLiteral("columns.read"),
                QStringLiteral("attributes.read")};
    case RouteId::AwListTableIndexes:
    case RouteId::AwGetTableIndex:
        return {tablesRead, collectionsRead, QStringLiteral("indexes.read")};
    case RouteId::AwCreateCollection:
    case RouteId::AwCreateStringAttribute:
    case RouteId::AwCreateVarcharAttribute:
    case RouteId::AwCreateTextAttribute:
    case RouteId::AwCreateDatetimeAttribute:
    case RouteId::AwCreateIntegerAttribute:
    case RouteId::AwCreateIndex:
        return {collectionsWrite};
    case RouteId::AwCreateTable:
        return {tablesWrite, collectionsWrite};
    case RouteId::AwCreateStringColumn:
    case RouteId::AwCreateVarcharColumn:
    case RouteId::AwCreateTextColumn:
    case RouteId::AwCreateDatetimeColumn:
    case RouteId::AwCreateIntegerColumn:
        return {tablesWrite, collectionsWrite, QStringLiteral("columns.write"),
                QStringLiteral("attributes.write")};
    case RouteId::AwCreateTableIndex:
        return {tablesWrite, collectionsWrite, QStringLiteral("indexes.write")};
    case RouteId::AwListDocuments:
    case RouteId::AwGetDocument:
        return {QStringLiteral("documents.read")};
    case RouteId::AwCreateDocument:
    case RouteId::AwUpdateDocument:
    case RouteId::AwDeleteDocument:
        return {QStringLiteral("documents.write")};
    case RouteId::AwListRows:
    case RouteId::AwGetRow:
        return {QStringLiteral("rows.read"), QStringLiteral("documents.read")};
    case RouteId::AwCreateRow:
    case RouteId::AwUpdateRow:
    case RouteId::AwDeleteRow:
        return {QStringLiteral("rows.write"), QStringLiteral("documents.write")};
    case RouteId::AwListExecutions:
    case RouteId::AwGetExecution:
        return {QStringLiteral("execution.read")};
    case RouteId::AwCreateExecution:
        return {QStringLiteral("execution.write")};
    default:
        return {};
    }
}

bool AppwriteApi::keyScopesInclude(const QString &scope) const
{
    static const QStringList oldOnly{QStringLiteral("documents."), QStringLiteral("collections."),
                                     QStringLiteral("attributes.")};
    static const QStringList newOnly{QStringLiteral("rows."), QStringLiteral("tables."),
                                     QStringLiteral("columns."), QStringLiteral("indexes.")};
    const auto startsWithAny = [&scope](const QStringList &prefixes) {
        return std::any_of(prefixes.begin(), prefixes.end(),
                           [&scope](const QString &prefix) { return scope.startsWith(prefix); });
    };
    switch (m_context.options->keyScopes) {
    case SandboxOptions::KeyScopes::Rows:
        return !startsWithAny(oldOnly);
    case SandboxOptions::KeyScopes::Documents:
        return !startsWithAny(newOnly);
    case SandboxOptions::KeyScopes::Both:
        break;
    }
    return true;
}

bool AppwriteApi::hasScope(Caller caller, const QString &scope) const
{
    switch (caller) {
    case Caller::Admin:
        return keyScopesInclude(scope);
    case Caller::ReadOnly:
        return (scope == QLatin1String("documents.read") || scope == QLatin1String("rows.read")) &&
               keyScopesInclude(scope);
    case Caller::Guest:
        // Guests hold the document and row scopes, but the collections grant them no permission
        // (→ 401 user_unauthorized later). The function grants guests nothing either, reported as
        // a scope error.
        return scope == QLatin1String("documents.read") || scope == QLatin1String("documents.write") ||
               scope == QLatin1String("rows.read") || scope == QLatin1String("rows.write");
    }
    return false;
}

HttpResponse AppwriteApi::handle(const RouteTable::Match &route, const HttpRequest &request)
{
    const SandboxOptions::AppwriteVersion version = m_context.options->appwriteVersion;
    if (route.id == RouteId::None ||
        (RouteTable::isTablesDb(route.id) && version == SandboxOptions::AppwriteVersion::V1_7) ||
        (RouteTable::isSince19(route.id) && version != SandboxOptions::AppwriteVersion::V1_9))
        return AppwriteError::routeNotFound();
    if (route.id == RouteId::AwHealthVersion) // public: no project, no key
        return HttpResponse::json(
            200, QJsonObject{{QStringLiteral("version"), SandboxOptions::fullVersion(version)}});
    if (QString::fromUtf8(request.header("x-appwrite-project")) != m_context.options->projectId)
        return AppwriteError::projectNotFound();

    const QString key = QString::fromUtf8(request.header("x-appwrite-key"));
    const Caller caller = key.isEmpty()                              ? Caller::Guest
                          : key == m_context.options->apiKey         ? Caller::Admin
                          : key == m_context.options->readOnlyApiKey ? Caller::ReadOnly
                                                                     : Caller::Guest;
    const QStringList scopes = allowedScopes(route.id);
    const bool allowed = scopes.isEmpty()
                             ? caller == Caller::Admin
                             : std::any_of(scopes.begin(), scopes.end(),
                                           [&](const QString &scope) { return hasScope(caller, scope); });
    HttpResponse response;
    if (!allowed) {
        const QString who = caller == Caller::Guest
                                ? QStringLiteral("User (role: guests)")
                                : QStringLiteral("app.%1@service.localhost (role: applications)")
                                      .arg(m_context.options->projectId);
        // PHP's json_encode of the route's scope list: ["rows.read","documents.read"]
        const QString list = QString::fromUtf8(
            QJsonDocument(QJsonArray::fromStringList(scopes)).toJson(QJsonDocument::Compact));
        response = AppwriteError::make(401, QStringLiteral("general_unauthorized_scope"),
                                       QStringLiteral("%1 missing scopes (%2)").arg(who, list));
    } else {
        response = dispatch(route, request, caller == Caller::Guest);
    }
    addRateLimitHeaders(route, request, &response);
    return response;
}

HttpResponse AppwriteApi::dispatch(const RouteTable::Match &route, const HttpRequest &request, bool guest)
{
    const qint64 now = IsoTime::nowMs();
    switch (route.id) {
    case RouteId::AwHealth:
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("name"), QStringLiteral("http")},
                                                   {QStringLiteral("ping"), 0},
                                                   {QStringLiteral("status"), QStringLiteral("pass")}});
    case RouteId::AwDatabase:
    case RouteId::AwTablesDatabase: {
        const QString id = route.params.value(QStringLiteral("databaseId"));
        if (id != m_context.store->databaseId())
            return AppwriteError::databaseNotFound(id);
        const QString at = IsoTime::format(m_context.store->databaseCreatedAt());
        return HttpResponse::json(200, QJsonObject{{QStringLiteral("$id"), id},
                                                   {QStringLiteral("name"), QStringLiteral("Main")},
                                                   {QStringLiteral("$createdAt"), at},
                                                   {QStringLiteral("$updatedAt"), at},
                                                   {QStringLiteral("enabled"), true},
                                                   {QStringLiteral("type"), QStringLiteral("legacy")}});
    }
    case RouteId::AwListDocuments:
    case RouteId::AwCreateDocument:
    case RouteId::AwGetDocument:
    case RouteId::AwUpdateDocument:
    case RouteId::AwDeleteDocument:
        return m_documents.handle(route, ApiFamily::documents(), request, guest, now);
    case RouteId::AwListRows:
    case RouteId::AwCreateRow:
    case RouteId::AwGetRow:
    case RouteId::AwUpdateRow:
    case RouteId::AwDeleteRow:
        return m_documents.handle(route, ApiFamily::rows(), request, guest, now);
    case RouteId::AwCreateExecution:
    case RouteId::AwListExecutions:
    case RouteId::AwGetExecution:
        return m_executions.handle(route, request, now);
    default: {
        const ApiFamily &family =
            RouteTable::isTablesDb(route.id) ? ApiFamily::rows() : ApiFamily::documents();
        if (SchemaCreationRoutes::handles(route.id))
            return m_schemaCreation.handle(route, family, request, now);
        return m_schema.handle(route, family, now);
    }
    }
}

void AppwriteApi::addRateLimitHeaders(const RouteTable::Match &route, const HttpRequest &request,
                                      HttpResponse *response)
{
    int limit = 0;
    if (route.id == RouteId::AwCreateDocument || route.id == RouteId::AwUpdateDocument ||
        route.id == RouteId::AwCreateRow || route.id == RouteId::AwUpdateRow)
        limit = 120;
    else if (route.id == RouteId::AwDeleteDocument || route.id == RouteId::AwDeleteRow)
        limit = 60;
    if (limit == 0)
        return;
    // Keyed like Appwrite's abuse key: ip, method, url (route template). API keys are never blocked.
    const qint64 nowSeconds = IsoTime::nowMs() / 1000;
    Window &w = m_windows[request.peerAddress + route.routeKey];
    if (w.resetAt <= nowSeconds) {
        w.resetAt = nowSeconds + 60;
        w.used = 0;
    }
    ++w.used;
    response->setHeader("X-RateLimit-Limit", QByteArray::number(limit));
    response->setHeader("X-RateLimit-Remaining", QByteArray::number(std::max(0, limit - w.used)));
    response->setHeader("X-RateLimit-Reset", QByteArray::number(w.resetAt));
}

} // namespace sandbox

#include "ExecutionRoutes.h"

#include "AppwriteError.h"
#include "IsoTime.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace sandbox {

namespace {
constexpr int kAsyncCompletionMs = 300;
const QString kDeploymentId = QStringLiteral("6740e0000001abcd1234");

QJsonArray headerArray(const QJsonObject &headers)
{
    QJsonArray out;
    for (auto it = headers.begin(); it != headers.end(); ++it)
        out.append(QJsonObject{{QStringLiteral("name"), it.key().toLower()},
                               {QStringLiteral("value"), it.value().toString()}});
    return out;
}

// What the deployed checker function answers: an acknowledgement naming the action it was asked for.
QString functionResponse(const QString &requestBody)
{
    const QJsonObject request = QJsonDocument::fromJson(requestBody.toUtf8()).object();
    const QString action = request.value(QStringLiteral("action")).toString(QStringLiteral("process_batch"));
    QJsonObject response{{QStringLiteral("ok"), true}, {QStringLiteral("action"), action}};
    if (action == QLatin1String("health")) {
        response.insert(QStringLiteral("appwrite"), QStringLiteral("pass"));
        response.insert(QStringLiteral("graphy"), QStringLiteral("pass"));
    } else {
        response.insert(QStringLiteral("processed"), 0);
        response.insert(QStringLiteral("completed"), 0);
        response.insert(QStringLiteral("errors"), 0);
    }
    return QString::fromUtf8(QJsonDocument(response).toJson(QJsonDocument::Compact));
}
} // namespace

HttpResponse ExecutionRoutes::handle(const RouteTable::Match &route, const HttpRequest &request, qint64 now)
{
    if (route.params.value(QStringLiteral("functionId")) != m_context.options->functionId)
        return AppwriteError::make(404, QStringLiteral("function_not_found"),
                                   QStringLiteral("Function with the requested ID could not be found."));
    auto &executions = m_context.store->executions();
    if (route.id == RouteId::AwCreateExecution)
        return create(request, now);
    if (route.id == RouteId::AwListExecutions) {
        QJsonArray list;
        for (auto &e : executions) {
            AppwriteStore::settle(e, now);
            QJsonObject item = e.json;
            item.insert(QStringLiteral("responseBody"), QString()); // list items carry no body
            list.append(item);
        }
        return HttpResponse::json(
            200, QJsonObject{{QStringLiteral("total"), list.size()}, {QStringLiteral("executions"), list}});
    }
    const QString id = route.params.value(QStringLiteral("executionId"));
    for (auto &e : executions) {
        if (e.json.value(QStringLiteral("$id")).toString() == id) {
            AppwriteStore::settle(e, now);
            return HttpResponse::json(200, e.json);
        }
    }
    return AppwriteError::make(404, QStringLiteral("execution_not_found"),
                               QStringLiteral("Execution with the requested ID could not be found."));
}

HttpResponse ExecutionRoutes::create(const HttpRequest &request, qint64 now)
{
    QJsonObject body;
    if (!AppwriteContext::jsonBody(request, &body))
        return AppwriteError::make(400, QStringLiteral("general_argument_invalid"),
                                   QStringLiteral("Invalid JSON body"));
    const QJsonValue bodyValue = body.value(QStringLiteral("body"));
    if (!bodyValue.isUndefined() && !bodyValue.isNull() && !bodyValue.isString())
        return AppwriteError::argumentInvalid(
            QStringLiteral("body"),
            QStringLiteral("Value must be a valid string and no longer than 10485760 chars"));
    const QJsonValue asyncValue = body.value(QStringLiteral("async"));
    if (!asyncValue.isUndefined() && !asyncValue.isBool())
        return AppwriteError::argumentInvalid(QStringLiteral("async"),
                                              QStringLiteral("Value must be a valid boolean"));
    const QString method = body.value(QStringLiteral("method")).toString(QStringLiteral("POST"));
    static const QStringList methods = {
        QStringLiteral("GET"),    QStringLiteral("POST"),    QStringLiteral("PUT"), QStringLiteral("PATCH"),
        QStringLiteral("DELETE"), QStringLiteral("OPTIONS"), QStringLiteral("HEAD")};
    if (!methods.contains(method))
        return AppwriteError::argumentInvalid(
            QStringLiteral("method"),
            QStringLiteral("Value must be one of (GET, POST, PUT, PATCH, DELETE, OPTIONS, HEAD)"));
    const bool async = asyncValue.toBool(false);
    const QString at = IsoTime::format(now);
    QJsonObject e{
        {QStringLiteral("$id"), m_context.newId(now)},
        {QStringLiteral("$createdAt"), at},
        {QStringLiteral("$updatedAt"), at},
        {QStringLiteral("$permissions"), QJsonArray()},
        {QStringLiteral("functionId"), m_context.options->functionId},
        {QStringLiteral("deploymentId"), kDeploymentId},
        {QStringLiteral("trigger"), QStringLiteral("http")},
        {QStringLiteral("status"), async ? QStringLiteral("waiting") : QStringLiteral("completed")},
        {QStringLiteral("requestMethod"), method},
        {QStringLiteral("requestPath"), body.value(QStringLiteral("path")).toString(QStringLiteral("/"))},
        {QStringLiteral("requestHeaders"), headerArray(body.value(QStringLiteral("headers")).toObject())},
        {QStringLiteral("responseStatusCode"), async ? 0 : 200},
        {QStringLiteral("responseBody"), async ? QString() : functionResponse(bodyValue.toString())},
        {QStringLiteral("responseHeaders"),
         async ? QJsonArray()
               : QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("content-type")},
                                        {QStringLiteral("value"), QStringLiteral("application/json")}}}},
        {QStringLiteral("logs"), QString()},
        {QStringLiteral("errors"), QString()},
        {QStringLiteral("duration"), async ? 0.0 : 0.05},
        {QStringLiteral("scheduledAt"), QJsonValue::Null}};
    AppwriteStore::Execution execution;
    execution.json = e;
    if (async) {
        execution.completesAt = now + kAsyncCompletionMs;
        execution.responseBody = functionResponse(bodyValue.toString());
    }
    m_context.store->executions().append(execution);
    return HttpResponse::json(async ? 202 : 201, e);
}

} // namespace sandbox

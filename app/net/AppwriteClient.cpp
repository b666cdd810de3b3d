#include "AppwriteClient.h"

#include "JsonBody.h"
#include "SecretRedactor.h"

#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QUrlQuery>

namespace cc {

namespace {
QString pathSegment(const QString &s)
{
    return AppwriteFamily::pathSegment(s);
}
} // namespace

AppwriteClient::AppwriteClient(const AppwriteSettings &settings, ServiceChannel *channel, QObject *parent)
    : QObject(parent), m_settings(settings), m_channel(channel), m_selector(settings.api)
{
    SecretRedactor::registerSecret(settings.apiKey);
    m_channel->setErrorBodyParser(&AppwriteClient::parseErrorBody);
}

void AppwriteClient::parseErrorBody(const HttpResult &result, ServiceError &error)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(result.body, &parseError);
    if (parseError.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject obj = doc.object();
        error.type = obj.value(QStringLiteral("type")).toString();
        error.message = obj.value(QStringLiteral("message")).toString();
        return;
    }
    const QByteArray contentType = result.header("content-type");
    error.message = QStringLiteral("answer is not an Appwrite error object (%1)")
                        .arg(contentType.isEmpty() ? QStringLiteral("no content type")
                                                   : QString::fromLatin1(contentType));
}

bool AppwriteClient::isValidCustomId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,35}$"));
    return re.match(id).hasMatch();
}

QString AppwriteClient::formatDateTime(const QDateTime &time)
{
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("+00:00");
}

QDateTime AppwriteClient::parseDateTime(const QString &text)
{
    if (text.isEmpty())
        return {};
    QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!t.isValid())
        t = QDateTime::fromString(text, Qt::ISODate);
    return t.isValid() ? t.toUTC() : QDateTime();
}

HttpRequestSpec AppwriteClient::makeRequest(const QByteArray &method, const QString &path,
                                            const QString &operation,
                                            const QList<AppwriteQuery> &queries) const
{
    HttpRequestSpec spec;
    spec.method = method;
    spec.operation = operation;
    QUrl url = m_settings.endpoint;
    QString base = url.path();
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(base + path, QUrl::TolerantMode);
    if (!queries.isEmpty()) {
        // Repeated `queries[]`, each JSON string percent-encoded, as the SDKs send them.
        QString query;
        for (const AppwriteQuery &q : queries) {
            if (!query.isEmpty())
                query += QLatin1Char('&');
            query +=
                QStringLiteral("queries%5B%5D=") + QString::fromLatin1(QUrl::toPercentEncoding(q.toString()));
        }
        url.setQuery(query, QUrl::StrictMode);
    }
    spec.url = url;
    spec.headers = {{"X-Appwrite-Project", m_settings.projectId.toUtf8()}, {"Accept", "application/json"}};
    if (!m_settings.apiKey.isEmpty())
        spec.headers.append(qMakePair(QByteArray("X-Appwrite-Key"), m_settings.apiKey.toUtf8()));
    if (!m_settings.responseFormat.isEmpty())
        spec.headers.append(
            qMakePair(QByteArray("X-Appwrite-Response-Format"), m_settings.responseFormat.toUtf8()));
    return spec;
}

namespace {
// An answer that must be one JSON object: the object, or the error (the call's, or a malformed body).
void deliverObject(const HttpResult &r, const AppwriteClient::Callback<QJsonObject> &done)
{
    if (!r.ok())
        return done(r.error);
    ServiceError error;
    const auto obj = JsonBody::object(r, &error);
    if (!obj)
        return done(error);
    done(*obj);
}
} // namespace

void AppwriteClient::setJsonBody(HttpRequestSpec &spec, const QJsonObject &body)
{
    spec.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    spec.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
}

void AppwriteClient::sendForObject(HttpRequestSpec spec, QObject *context, Callback<QJsonObject> done)
{
    m_channel->send(spec, context, [done = std::move(done)](const HttpResult &r) { deliverObject(r, done); });
}

void AppwriteClient::sendInFamily(const RequestBuilder &build, QObject *context, ResultHandler handle)
{
    const AppwriteFamily &used = m_selector.current();
    m_channel->send(build(used), context,
                    [this, self = QPointer<AppwriteClient>(this), build, context, handle = std::move(handle),
                     &used](const HttpResult &r) {
                        bool switched = false;
                        if (r.ok() || !self || !m_selector.retryAfter(used, r.error, &switched))
                            return handle(r, used);
                        if (switched)
                            emit familyChanged(m_selector.description());
                        const AppwriteFamily &now = m_selector.current();
                        m_channel->send(build(now), context,
                                        [handle, &now](const HttpResult &again) { handle(again, now); });
                    });
}

void AppwriteClient::sendObjectInFamily(const RequestBuilder &build, QObject *context,
                                        Callback<QJsonObject> done)
{
    sendInFamily(build, context, [done = std::move(done)](const HttpResult &r, const AppwriteFamily &) {
        deliverObject(r, done);
    });
}

void AppwriteClient::sendCreateInFamily(const RequestBuilder &build, QObject *context,
                                        Callback<CreateOutcome> done)
{
    sendInFamily(build, context, [done = std::move(done)](const HttpResult &r, const AppwriteFamily &) {
        if (!r.ok()) {
            // Every create here names its ID, so "…_already_exists" means it is there: done.
            if (r.status == 409 && r.error.type.endsWith(QLatin1String("_already_exists")))
                return done(CreateOutcome{false, {}});
            return done(r.error);
        }
        ServiceError error;
        const auto obj = JsonBody::object(r, &error);
        if (!obj)
            return done(error);
        done(CreateOutcome{true, *obj});
    });
}

void AppwriteClient::listDocuments(const QString &collectionId, const QList<AppwriteQuery> &queries,
                                   QObject *context, Callback<DocumentList> done, bool withTotal)
{
    const auto build = [this, collectionId, queries, withTotal](const AppwriteFamily &f) {
        HttpRequestSpec spec = makeRequest("GET", f.recordsPath(m_settings.databaseId, collectionId),
                                           f.operation("list") + QLatin1Char('s'), queries);
        if (!withTotal) {
            QUrlQuery q(spec.url);
            q.addQueryItem(QStringLiteral("total"), QStringLiteral("false"));
            spec.url.setQuery(q);
        }
        return spec;
    };
    sendInFamily(build, context, [done = std::move(done)](const HttpResult &r, const AppwriteFamily &f) {
        if (!r.ok())
            return done(r.error);
        ServiceError error;
        const auto list = JsonBody::list(r, QLatin1String(f.records), &error);
        if (!list)
            return done(error);
        done(DocumentList{list->total, list->items});
    });
}

void AppwriteClient::getDocument(const QString &collectionId, const QString &documentId, QObject *context,
                                 Callback<QJsonObject> done)
{
    sendObjectInFamily(
        [this, collectionId, documentId](const AppwriteFamily &f) {
            return makeRequest("GET",
                               f.recordsPath(m_settings.databaseId, collectionId) + QLatin1Char('/') +
                                   pathSegment(documentId),
                               f.operation("get"));
        },
        context, std::move(done));
}

void AppwriteClient::createDocument(const QString &collectionId, const QString &documentId,
                                    const QJsonObject &data, QObject *context, Callback<CreateOutcome> done)
{
    sendCreateInFamily(
        [this, collectionId, documentId, data](const AppwriteFamily &f) {
            HttpRequestSpec spec = makeRequest("POST", f.recordsPath(m_settings.databaseId, collectionId),
                                               f.operation("create"));
            // A repeat of a create with our own deterministic ID is harmless: it answers 409.
            spec.retryable = documentId != QLatin1String("unique()");
            setJsonBody(spec, QJsonObject{{QLatin1String(f.recordIdKey), documentId},
                                          {QStringLiteral("data"), data}});
            return spec;
        },
        context, std::move(done));
}

void AppwriteClient::updateDocument(const QString &collectionId, const QString &documentId,
                                    const QJsonObject &data, QObject *context, Callback<QJsonObject> done,
                                    const QDateTime &unchangedSince)
{
    sendObjectInFamily(
        [this, collectionId, documentId, data, unchangedSince](const AppwriteFamily &f) {
            HttpRequestSpec spec = makeRequest("PATCH",
                                               f.recordsPath(m_settings.databaseId, collectionId) +
                                                   QLatin1Char('/') + pathSegment(documentId),
                                               f.operation("update"));
            if (unchangedSince.isValid())
                spec.headers.push_back({"X-Appwrite-Timestamp", formatDateTime(unchangedSince).toUtf8()});
            setJsonBody(spec, QJsonObject{{QStringLiteral("data"), data}});
            return spec;
        },
        context, std::move(done));
}

bool AppwriteClient::isUpdateConflict(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Http && error.httpStatus == 409 &&
           (error.type == QLatin1String("document_update_conflict") ||
            error.type == QLatin1String("row_update_conflict"));
}

bool AppwriteClient::isDocumentNotFound(const ServiceError &error)
{
    return error.kind == ServiceError::Kind::Http && error.httpStatus == 404 &&
           (error.type == QLatin1String("document_not_found") ||
            error.type == QLatin1String("row_not_found"));
}

void AppwriteClient::version(QObject *context, Callback<QString> done)
{
    HttpRequestSpec spec = makeRequest("GET", QStringLiteral("/health/version"), QStringLiteral("version"));
    sendForObject(spec, context, [this, done = std::move(done)](const Result<QJsonObject> &r) {
        if (!r.ok())
            return done(r.error());
        const QJsonValue v = r.value().value(QStringLiteral("version"));
        if (!v.isString()) {
            ServiceError e;
            e.kind = ServiceError::Kind::Malformed;
            e.service = QStringLiteral("appwrite");
            e.operation = QStringLiteral("version");
            e.type = QStringLiteral("malformed_response");
            e.message = QStringLiteral("no 'version' string in the answer");
            return done(e);
        }
        if (m_selector.noteServerVersion(v.toString()))
            emit familyChanged(m_selector.description());
        done(v.toString());
    });
}

void AppwriteClient::health(QObject *context, Callback<QJsonObject> done)
{
    sendForObject(makeRequest("GET", QStringLiteral("/health"), QStringLiteral("health")), context,
                  std::move(done));
}

void AppwriteClient::createExecution(const QString &functionId, const QString &body, bool async,
                                     QObject *context, Callback<QJsonObject> done)
{
    HttpRequestSpec spec =
        makeRequest("POST", QStringLiteral("/functions/%1/executions").arg(pathSegment(functionId)),
                    QStringLiteral("createExecution"));
    spec.retryable = false; // an execution runs the function: never send it twice
    spec.timeoutMs = 35000; // Appwrite holds a synchronous execution for up to 30 s
    setJsonBody(spec,
                QJsonObject{{QStringLiteral("body"), body},
                            {QStringLiteral("async"), async},
                            {QStringLiteral("path"), QStringLiteral("/")},
                            {QStringLiteral("method"), QStringLiteral("POST")},
                            {QStringLiteral("headers"), QJsonObject{{QStringLiteral("content-type"),
                                                                     QStringLiteral("application/json")}}}});
    sendForObject(spec, context, std::move(done));
}

void AppwriteClient::listExecutions(const QString &functionId, const QList<AppwriteQuery> &queries,
                                    QObject *context, Callback<ExecutionList> done)
{
    HttpRequestSpec spec =
        makeRequest("GET", QStringLiteral("/functions/%1/executions").arg(pathSegment(functionId)),
                    QStringLiteral("listExecutions"), queries);
    m_channel->send(spec, context, [done = std::move(done)](const HttpResult &r) {
        if (!r.ok())
            return done(r.error);
        ServiceError error;
        const auto list = JsonBody::list(r, QStringLiteral("executions"), &error);
        if (!list)
            return done(error);
        done(ExecutionList{list->total, list->items});
    });
}

void AppwriteClient::getExecution(const QString &functionId, const QString &executionId, QObject *context,
                                  Callback<QJsonObject> done)
{
    sendForObject(makeRequest("GET",
                              QStringLiteral("/functions/%1/executions/%2")
                                  .arg(pathSegment(functionId), pathSegment(executionId)),
                              QStringLiteral("getExecution")),
                  context, std::move(done));
}

void AppwriteClient::adoptFamilySelector(const AppwriteFamilySelector &selector)
{
    const bool changed = selector.current().api != m_selector.current().api;
    m_selector = selector;
    if (changed)
        emit familyChanged(m_selector.description());
}

} // namespace cc

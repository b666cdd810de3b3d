#include "AppwriteClient.h"

#include "JsonBody.h"
#include "SecretRedactor.h"

#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrlQuery>

namespace cc {

namespace {
QString pathSegment(const QString &s)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(s));
}
} // namespace

AppwriteClient::AppwriteClient(const AppwriteSettings &settings, ServiceChannel *channel, QObject *parent)
    : QObject(parent), m_settings(settings), m_channel(channel)
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

QString AppwriteClient::documentsPath(const QString &collectionId) const
{
    return QStringLiteral("/databases/%1/collections/%2/documents")
        .arg(pathSegment(m_settings.databaseId), pathSegment(collectionId));
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

void AppwriteClient::sendForObject(HttpRequestSpec spec, QObject *context, Callback<QJsonObject> done)
{
    if (!spec.body.isEmpty())
        spec.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    m_channel->send(spec, context, [done = std::move(done)](const HttpResult &r) {
        if (!r.ok())
            return done(r.error);
        ServiceError error;
        const auto obj = JsonBody::object(r, &error);
        if (!obj)
            return done(error);
        done(*obj);
    });
}

void AppwriteClient::listDocuments(const QString &collectionId, const QList<AppwriteQuery> &queries,
                                   QObject *context, Callback<DocumentList> done, bool withTotal)
{
    HttpRequestSpec spec =
        makeRequest("GET", documentsPath(collectionId), QStringLiteral("listDocuments"), queries);
    if (!withTotal) {
        QUrlQuery q(spec.url);
        q.addQueryItem(QStringLiteral("total"), QStringLiteral("false"));
        spec.url.setQuery(q);
    }
    m_channel->send(spec, context, [done = std::move(done)](const HttpResult &r) {
        if (!r.ok())
            return done(r.error);
        ServiceError error;
        const auto list = JsonBody::list(r, QStringLiteral("documents"), &error);
        if (!list)
            return done(error);
        done(DocumentList{list->total, list->items});
    });
}

void AppwriteClient::getDocument(const QString &collectionId, const QString &documentId, QObject *context,
                                 Callback<QJsonObject> done)
{
    sendForObject(makeRequest("GET", documentsPath(collectionId) + QLatin1Char('/') + pathSegment(documentId),
                              QStringLiteral("getDocument")),
                  context, std::move(done));
}

void AppwriteClient::createDocument(const QString &collectionId, const QString &documentId,
                                    const QJsonObject &data, QObject *context, Callback<CreateOutcome> done)
{
    HttpRequestSpec spec = makeRequest("POST", documentsPath(collectionId), QStringLiteral("createDocument"));
    // A repeat of a create with our own deterministic ID is harmless: it answers 409.
    spec.retryable = documentId != QLatin1String("unique()");
    spec.body =
        QJsonDocument(QJsonObject{{QStringLiteral("documentId"), documentId}, {QStringLiteral("data"), data}})
            .toJson(QJsonDocument::Compact);
    spec.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
    m_channel->send(spec, context, [done = std::move(done)](const HttpResult &r) {
        if (!r.ok()) {
            if (r.status == 409 && r.error.type == QLatin1String("document_already_exists"))
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

void AppwriteClient::updateDocument(const QString &collectionId, const QString &documentId,
                                    const QJsonObject &data, QObject *context, Callback<QJsonObject> done,
                                    const QDateTime &unchangedSince)
{
    HttpRequestSpec spec =
        makeRequest("PATCH", documentsPath(collectionId) + QLatin1Char('/') + pathSegment(documentId),
                    QStringLiteral("updateDocument"));
    if (unchangedSince.isValid())
        spec.headers.push_back({"X-Appwrite-Timestamp", formatDateTime(unchangedSince).toUtf8()});
    spec.body = QJsonDocument(QJsonObject{{QStringLiteral("data"), data}}).toJson(QJsonDocument::Compact);
    sendForObject(spec, context, std::move(done));
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
           error.type == QLatin1String("document_not_found");
}

void AppwriteClient::version(QObject *context, Callback<QString> done)
{
    HttpRequestSpec spec = makeRequest("GET", QStringLiteral("/health/version"), QStringLiteral("version"));
    sendForObject(spec, context, [done = std::move(done)](const Result<QJsonObject> &r) {
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
        done(v.toString());
    });
}

void AppwriteClient::health(QObject *context, Callback<QJsonObject> done)
{
    sendForObject(makeRequest("GET", QStringLiteral("/health"), QStringLiteral("health")), context,
                  std::move(done));
}

void AppwriteClient::getCollection(const QString &collectionId, QObject *context, Callback<QJsonObject> done)
{
    const QString path = QStringLiteral("/databases/%1/collections/%2")
                             .arg(pathSegment(m_settings.databaseId), pathSegment(collectionId));
    sendForObject(makeRequest("GET", path, QStringLiteral("getCollection")), context, std::move(done));
}

void AppwriteClient::createAttribute(const QString &collectionId, const QString &kind,
                                     const QJsonObject &body, QObject *context, Callback<QJsonObject> done)
{
    const QString path =
        QStringLiteral("/databases/%1/collections/%2/attributes/%3")
            .arg(pathSegment(m_settings.databaseId), pathSegment(collectionId), pathSegment(kind));
    HttpRequestSpec spec = makeRequest("POST", path, QStringLiteral("createAttribute"));
    spec.retryable = false;
    spec.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    sendForObject(spec, context, std::move(done));
}

void AppwriteClient::createIndex(const QString &collectionId, const QString &key, const QString &type,
                                 const QStringList &attributes, QObject *context, Callback<QJsonObject> done)
{
    const QString path = QStringLiteral("/databases/%1/collections/%2/indexes")
                             .arg(pathSegment(m_settings.databaseId), pathSegment(collectionId));
    HttpRequestSpec spec = makeRequest("POST", path, QStringLiteral("createIndex"));
    spec.retryable = false;
    spec.body =
        QJsonDocument(QJsonObject{{QStringLiteral("key"), key},
                                  {QStringLiteral("type"), type},
                                  {QStringLiteral("attributes"), QJsonArray::fromStringList(attributes)}})
            .toJson(QJsonDocument::Compact);
    sendForObject(spec, context, std::move(done));
}

void AppwriteClient::createExecution(const QString &functionId, const QString &body, bool async,
                                     QObject *context, Callback<QJsonObject> done)
{
    HttpRequestSpec spec =
        makeRequest("POST", QStringLiteral("/functions/%1/executions").arg(pathSegment(functionId)),
                    QStringLiteral("createExecution"));
    spec.retryable = false; // an execution runs the function: never send it twice
    spec.timeoutMs = 35000; // Appwrite holds a synchronous execution for up to 30 s
    spec.body =
        QJsonDocument(
            QJsonObject{{QStringLiteral("body"), body},
                        {QStringLiteral("async"), async},
                        {QStringLiteral("path"), QStringLiteral("/")},
                        {QStringLiteral("method"), QStringLiteral("POST")},
                        {QStringLiteral("headers"),
                         QJsonObject{{QStringLiteral("content-type"), QStringLiteral("application/json")}}}})
            .toJson(QJsonDocument::Compact);
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

} // namespace cc

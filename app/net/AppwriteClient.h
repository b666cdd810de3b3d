#pragma once

#include "AppwriteQuery.h"
#include "Result.h"
#include "ServiceChannel.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QUrl>
#include <functional>

namespace cc {

struct AppwriteSettings
{
    QUrl endpoint; // e.g. https://cloud.appwrite.io/v1
    QString projectId;
    QString apiKey; // secret: registered with SecretRedactor, never reported
    QString databaseId = QStringLiteral("main");
    QString responseFormat; // optional X-Appwrite-Response-Format, e.g. "1.8.0"
};

struct DocumentList
{
    int total = 0; // Appwrite caps the count at 5000
    QList<QJsonObject> documents;
};

// A create with a custom ID either made the document or found it there already (409).
struct CreateOutcome
{
    bool created = false;
    QJsonObject document; // empty when it already existed
};

struct ExecutionList
{
    int total = 0;
    QList<QJsonObject> executions;
};

// Appwrite's server REST API, the subset this product uses (docs/ARCHITECTURE.md §11.4).
class AppwriteClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    AppwriteClient(const AppwriteSettings &settings, ServiceChannel *channel, QObject *parent = nullptr);

    const AppwriteSettings &settings() const { return m_settings; }
    ServiceChannel *channel() const { return m_channel; }

    void listDocuments(const QString &collectionId, const QList<AppwriteQuery> &queries, QObject *context,
                       Callback<DocumentList> done, bool withTotal = true);
    void getDocument(const QString &collectionId, const QString &documentId, QObject *context,
                     Callback<QJsonObject> done);
    // `documentId` must be a valid custom ID or "unique()". 409 document_already_exists is a
    // CreateOutcome with created == false, not an error.
    void createDocument(const QString &collectionId, const QString &documentId, const QJsonObject &data,
                        QObject *context, Callback<CreateOutcome> done);
    // With `unchangedSince` (the `$updatedAt` the caller read), Appwrite refuses the update with 409
    // document_update_conflict if the document changed after it (X-Appwrite-Timestamp).
    void updateDocument(const QString &collectionId, const QString &documentId, const QJsonObject &data,
                        QObject *context, Callback<QJsonObject> done, const QDateTime &unchangedSince = {});
    static bool isUpdateConflict(const ServiceError &error);
    static bool isDocumentNotFound(const ServiceError &error); // 404 document_not_found

    // GET /health/version: public, proves reachability only.
    void version(QObject *context, Callback<QString> done);
    // GET /health: needs the health.read scope.
    void health(QObject *context, Callback<QJsonObject> done);

    void getCollection(const QString &collectionId, QObject *context, Callback<QJsonObject> done);
    // kind: "string", "datetime" or "integer"; `body` carries key, required, size, ...
    void createAttribute(const QString &collectionId, const QString &kind, const QJsonObject &body,
                         QObject *context, Callback<QJsonObject> done);
    void createIndex(const QString &collectionId, const QString &key, const QString &type,
                     const QStringList &attributes, QObject *context, Callback<QJsonObject> done);

    void createExecution(const QString &functionId, const QString &body, bool async, QObject *context,
                         Callback<QJsonObject> done);
    void listExecutions(const QString &functionId, const QList<AppwriteQuery> &queries, QObject *context,
                        Callback<ExecutionList> done);
    void getExecution(const QString &functionId, const QString &executionId, QObject *context,
                      Callback<QJsonObject> done);

    // Appwrite custom ID rules: 1-36 chars of [A-Za-z0-9._-], not starting with '.', '-' or '_'.
    static bool isValidCustomId(const QString &id);
    // Appwrite's datetime format, UTC with milliseconds: 2025-11-21T08:00:00.000+00:00
    static QString formatDateTime(const QDateTime &time);
    static QDateTime parseDateTime(const QString &text);
    static void parseErrorBody(const HttpResult &result, ServiceError &error);

private:
    HttpRequestSpec makeRequest(const QByteArray &method, const QString &path, const QString &operation,
                                const QList<AppwriteQuery> &queries = {}) const;
    QString documentsPath(const QString &collectionId) const;
    void sendForObject(HttpRequestSpec spec, QObject *context, Callback<QJsonObject> done);

    AppwriteSettings m_settings;
    ServiceChannel *m_channel;
};

} // namespace cc

#pragma once

#include "AppwriteFamilySelector.h"
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
    QString responseFormat;              // optional X-Appwrite-Response-Format, e.g. "1.8.0"
    AppwriteApi api = AppwriteApi::Auto; // APPWRITE_API
};

struct DocumentList
{
    int total = 0; // Appwrite caps the count at 5000
    QList<QJsonObject> documents;
};

// A create with a custom ID either made the document (row, table, column, index) or found it there
// already (409 …_already_exists).
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

// Appwrite's server REST API, the subset this product uses (docs/ARCHITECTURE.md §11.4). Data and
// schema calls speak the API family the selector chose: "collection", "document" and "attribute" in
// this interface mean table, row and column on TablesDB, as in the product brief.
class AppwriteClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    AppwriteClient(const AppwriteSettings &settings, ServiceChannel *channel, QObject *parent = nullptr);

    const AppwriteSettings &settings() const { return m_settings; }
    ServiceChannel *channel() const { return m_channel; }
    const AppwriteFamily &family() const { return m_selector.current(); }
    const AppwriteFamilySelector &familySelector() const { return m_selector; }
    // Takes what another client of the same settings learned about the server (a health check's
    // probe, and back): announced with familyChanged when the family in force changes.
    void adoptFamilySelector(const AppwriteFamilySelector &selector);

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
    static bool isDocumentNotFound(const ServiceError &error); // 404 document_not_found | row_not_found

    // GET /health/version: public, proves reachability only. Also tells the selector the version.
    void version(QObject *context, Callback<QString> done);
    // GET /health: needs the health.read scope.
    void health(QObject *context, Callback<QJsonObject> done);

    void getCollection(const QString &collectionId, QObject *context, Callback<QJsonObject> done);
    // An empty collection without document security; 409 means it exists (created == false).
    void createCollection(const QString &collectionId, const QString &name, QObject *context,
                          Callback<CreateOutcome> done);
    // kind: "string" (sent as the server's text kind: "varchar" on TablesDB 1.9+), "datetime" or
    // "integer"; `body` carries key, required, size, ... A 409 means the key exists.
    void createAttribute(const QString &collectionId, const QString &kind, const QJsonObject &body,
                         QObject *context, Callback<CreateOutcome> done);
    void getAttribute(const QString &collectionId, const QString &key, QObject *context,
                      Callback<QJsonObject> done);
    void createIndex(const QString &collectionId, const QString &key, const QString &type,
                     const QStringList &attributes, QObject *context, Callback<CreateOutcome> done);
    void getIndex(const QString &collectionId, const QString &key, QObject *context,
                  Callback<QJsonObject> done);

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

signals:
    // The API family changed after an answer (said once per change; the text says why).
    void familyChanged(const QString &description);

private:
    using RequestBuilder = std::function<HttpRequestSpec(const AppwriteFamily &)>;
    using ResultHandler = std::function<void(const HttpResult &, const AppwriteFamily &)>;

    HttpRequestSpec makeRequest(const QByteArray &method, const QString &path, const QString &operation,
                                const QList<AppwriteQuery> &queries = {}) const;
    static void setJsonBody(HttpRequestSpec &spec, const QJsonObject &body);
    // Sends the call the family in force builds; sends it once more if the answer moves the
    // selector to the other family (the refused call changed nothing).
    void sendInFamily(const RequestBuilder &build, QObject *context, ResultHandler handle);
    void sendObjectInFamily(const RequestBuilder &build, QObject *context, Callback<QJsonObject> done);
    void sendCreateInFamily(const RequestBuilder &build, QObject *context, Callback<CreateOutcome> done);
    void sendForObject(HttpRequestSpec spec, QObject *context, Callback<QJsonObject> done);

    AppwriteSettings m_settings;
    ServiceChannel *m_channel;
    AppwriteFamilySelector m_selector;
};

} // namespace cc

// AppwriteClient's schema calls (collections or tables, their fields and indexes), apart from the
// data calls in AppwriteClient.cpp only to keep each file short. Every call is built from the API
// family in force, like the data calls.
#include "AppwriteClient.h"

#include <QJsonArray>

namespace cc {

void AppwriteClient::getCollection(const QString &collectionId, QObject *context, Callback<QJsonObject> done)
{
    sendObjectInFamily(
        [this, collectionId](const AppwriteFamily &f) {
            return makeRequest("GET", f.containerPath(m_settings.databaseId, collectionId),
                               f.operation("get", true));
        },
        context, std::move(done));
}

void AppwriteClient::createCollection(const QString &collectionId, const QString &name, QObject *context,
                                      Callback<CreateOutcome> done)
{
    sendCreateInFamily(
        [this, collectionId, name](const AppwriteFamily &f) {
            HttpRequestSpec spec = makeRequest("POST",
                                               f.databasePath(m_settings.databaseId) + QLatin1Char('/') +
                                                   QLatin1String(f.containers),
                                               f.operation("create", true));
            spec.retryable = false; // a repeat would only answer 409, but schema calls stay single
            setJsonBody(spec, QJsonObject{{QLatin1String(f.containerKey), collectionId},
                                          {QStringLiteral("name"), name},
                                          {QStringLiteral("permissions"), QJsonArray()},
                                          {QLatin1String(f.securityKey), false},
                                          {QStringLiteral("enabled"), true}});
            return spec;
        },
        context, std::move(done));
}

void AppwriteClient::createAttribute(const QString &collectionId, const QString &kind,
                                     const QJsonObject &body, QObject *context, Callback<CreateOutcome> done)
{
    sendCreateInFamily(
        [this, collectionId, kind, body](const AppwriteFamily &f) {
            const QString sent =
                kind == QLatin1String("string") ? f.textFieldKind(m_selector.serverVersion()) : kind;
            HttpRequestSpec spec = makeRequest(
                "POST",
                f.containerPath(m_settings.databaseId, collectionId) + QLatin1Char('/') +
                    QLatin1String(f.fields) + QLatin1Char('/') + AppwriteFamily::pathSegment(sent),
                QStringLiteral("create %1 %2").arg(sent, QLatin1String(f.field)));
            spec.retryable = false;
            setJsonBody(spec, body);
            return spec;
        },
        context, std::move(done));
}

void AppwriteClient::getAttribute(const QString &collectionId, const QString &key, QObject *context,
                                  Callback<QJsonObject> done)
{
    sendObjectInFamily(
        [this, collectionId, key](const AppwriteFamily &f) {
            return makeRequest("GET",
                               f.containerPath(m_settings.databaseId, collectionId) + QLatin1Char('/') +
                                   QLatin1String(f.fields) + QLatin1Char('/') +
                                   AppwriteFamily::pathSegment(key),
                               QStringLiteral("get %1").arg(QLatin1String(f.field)));
        },
        context, std::move(done));
}

void AppwriteClient::createIndex(const QString &collectionId, const QString &key, const QString &type,
                                 const QStringList &attributes, QObject *context,
                                 Callback<CreateOutcome> done)
{
    sendCreateInFamily(
        [this, collectionId, key, type, attributes](const AppwriteFamily &f) {
            HttpRequestSpec spec = makeRequest(
                "POST", f.containerPath(m_settings.databaseId, collectionId) + QStringLiteral("/indexes"),
                QStringLiteral("createIndex"));
            spec.retryable = false;
            // The index names its fields with the family's word: "columns" | "attributes".
            setJsonBody(spec, QJsonObject{{QStringLiteral("key"), key},
                                          {QStringLiteral("type"), type},
                                          {QLatin1String(f.fields), QJsonArray::fromStringList(attributes)}});
            return spec;
        },
        context, std::move(done));
}

void AppwriteClient::getIndex(const QString &collectionId, const QString &key, QObject *context,
                              Callback<QJsonObject> done)
{
    sendObjectInFamily(
        [this, collectionId, key](const AppwriteFamily &f) {
            return makeRequest("GET",
                               f.containerPath(m_settings.databaseId, collectionId) +
                                   QStringLiteral("/indexes/") + AppwriteFamily::pathSegment(key),
                               QStringLiteral("getIndex"));
        },
        context, std::move(done));
}

} // namespace cc

#pragma once

#include "GraphyLearner.h"
#include "Result.h"
#include "ServiceChannel.h"

#include <QDate>
#include <QObject>
#include <QUrl>
#include <functional>

namespace cc {

struct GraphySettings
{
    QUrl apiBase = QUrl(QStringLiteral("https://api.ongraphy.com"));
    QString merchantId;
    QString apiKey; // secret: Graphy takes it in the URL, so every URL is redacted before reporting
};

// Graphy's public REST API, the subset this product uses (docs/ARCHITECTURE.md §11.4).
class GraphyClient : public QObject
{
    Q_OBJECT
public:
    template <typename T> using Callback = std::function<void(const Result<T> &)>;

    GraphyClient(const GraphySettings &settings, ServiceChannel *channel, QObject *parent = nullptr);

    const GraphySettings &settings() const { return m_settings; }
    ServiceChannel *channel() const { return m_channel; }

    // v2 learners search by e-mail with course progress; falls back to v1 when v2 is not there
    // (404 / HTML). An unknown e-mail is a GraphyLearner with found == false, not an error.
    void learnerByEmail(const QString &email, QObject *context, Callback<GraphyLearner> done);
    // All products (paged with skip/limit).
    void products(QObject *context, Callback<QList<QJsonObject>> done);
    // Learners active in [from, to] in any of `productIds` (paged).
    void activeLearners(const QStringList &productIds, const QDate &from, const QDate &to, QObject *context,
                        Callback<QList<QJsonObject>> done);

    bool v2Unavailable() const { return m_v2Unavailable; }

    // Turns a learner object of a v1 or v2 answer into a GraphyLearner (exposed for tests).
    static GraphyLearner parseLearner(const QJsonObject &object, const QString &apiVersion);
    static void parseErrorBody(const HttpResult &result, ServiceError &error);

private:
    HttpRequestSpec makeRequest(const QString &path, const QString &operation,
                                const QList<QPair<QString, QString>> &params) const;
    void learnerByEmailVersion(const QString &email, const QString &version, QObject *context,
                               Callback<GraphyLearner> done);
    void fetchPages(const QString &path, const QString &operation,
                    const QList<QPair<QString, QString>> &params, int skip, QList<QJsonObject> collected,
                    QObject *context, Callback<QList<QJsonObject>> done);

    GraphySettings m_settings;
    ServiceChannel *m_channel;
    bool m_v2Unavailable = false;
};

} // namespace cc

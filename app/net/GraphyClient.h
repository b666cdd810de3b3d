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

    // v2 learners search by e-mail with course progress. An unknown e-mail is a GraphyLearner with
    // found == false, not an error. Falls back to v1 (which may not carry progress, so decides
    // nothing) only on evidence that v2 is really absent: consecutive 404s from v2 with no success
    // between, kJsonMissesForV1 of Graphy's own JSON 404s or kPageMissesForV1 of a gateway's HTML
    // 404 page (a deploy shows a few of those). A 404 short of that fails only that lookup (JSON:
    // it is tried on v1). reprobeV2() makes the next lookup try v2 again.
    void learnerByEmail(const QString &email, QObject *context, Callback<GraphyLearner> done);
    // All products (paged with skip/limit).
    void products(QObject *context, Callback<QList<QJsonObject>> done);
    // Learners active in [from, to] in any of `productIds` (paged).
    void activeLearners(const QStringList &productIds, const QDate &from, const QDate &to, QObject *context,
                        Callback<QList<QJsonObject>> done);

    static constexpr int kJsonMissesForV1 = 2;
    static constexpr int kPageMissesForV1 = 5;
    bool v2Unavailable() const { return m_onV1; }
    // Called at the start of each run: a client on v1 sends its next lookup to v2 once more, and
    // goes back to v2 for good if it answers. Costs one request per run while v2 is absent.
    void reprobeV2();
    // For Health: "v2", or "v1 (degraded: …)".
    QString apiMode() const;

    // Turns a learner object of a v1 or v2 answer into a GraphyLearner (exposed for tests).
    static GraphyLearner parseLearner(const QJsonObject &object, const QString &apiVersion);
    // Reads a successful (2xx) answer of the learner search for `email`: a Graphy error object is a
    // Business error, a wrong shape a Malformed one, no row (or another person's row) is found == false.
    // Pure: the fuzz target fuzz_graphy_learners runs it.
    static Result<GraphyLearner> parseLearnerAnswer(const HttpResult &result, const QString &email,
                                                    const QString &apiVersion);
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
    void onV2Missing(bool graphyAnswered, const HttpResult &result, const QString &email, QObject *context,
                     Callback<GraphyLearner> done);

    bool m_onV1 = false;
    bool m_probeV2 = false; // on v1: the next lookup tries v2 first
    int m_jsonMisses = 0;   // consecutive v2 404s that Graphy answered (JSON)
    int m_pageMisses = 0;   // consecutive v2 404s answered by a page (a gateway, HTML)
};

} // namespace cc

#pragma once

#include "AppwriteApi.h"
#include "AppwriteStore.h"
#include "ControlApi.h"
#include "DemoData.h"
#include "FaultInjector.h"
#include "GraphyApi.h"
#include "GraphyRateLimiter.h"
#include "GraphyStore.h"
#include "HttpServer.h"
#include "RouteTable.h"
#include "SandboxOptions.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <memory>

namespace sandbox {

// The whole sandbox in one event-loop thread: seeds the demo world, serves Appwrite, Graphy and
// the control API on one loopback port, counts requests per route and injects faults.
class SandboxService : public QObject
{
    Q_OBJECT
public:
    explicit SandboxService(const SandboxOptions &options, QObject *parent = nullptr);
    ~SandboxService() override;

    bool start(QString *error);
    void stop();
    quint16 port() const;

    // Control operations (used by ControlApi).
    void reseed(const SandboxOptions &options);
    const SandboxOptions &options() const { return m_options; }
    // Run-time switches (kept by a reseed).
    void setAppwriteVersion(SandboxOptions::AppwriteVersion version) { m_options.appwriteVersion = version; }
    void setKeyScopes(SandboxOptions::KeyScopes scopes) { m_options.keyScopes = scopes; }
    const DemoData::Summary &summary() const { return m_summary; }
    AppwriteStore &appwrite() { return m_appwriteStore; }
    GraphyStore &graphy() { return m_graphyStore; }
    GraphyApi &graphyApi() { return m_graphyApi; }
    FaultInjector &faults() { return m_faults; }
    const GraphyRateLimiter &graphyLimit() const { return m_graphyLimit; }
    void setGraphyRateLimit(double perSecond)
    {
        m_options.graphyRateLimit = perSecond;
        m_graphyLimit.setRate(perSecond);
    }
    QJsonObject requestCounts() const;
    void clearRequestCounts();

    HttpResponse handle(const HttpRequest &request);

private:
    SandboxOptions m_options;
    DemoData::Summary m_summary;
    AppwriteStore m_appwriteStore;
    GraphyStore m_graphyStore;
    QRandomGenerator m_ids;
    AppwriteApi m_appwriteApi;
    GraphyApi m_graphyApi;
    FaultInjector m_faults;
    GraphyRateLimiter m_graphyLimit;
    ControlApi m_control;
    RouteTable m_routes;
    std::unique_ptr<HttpServer> m_server;

    int m_total = 0, m_appwriteCount = 0, m_graphyCount = 0;
    QHash<QString, int> m_routeCounts;
};

} // namespace sandbox

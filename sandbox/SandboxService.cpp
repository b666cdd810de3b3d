#include "SandboxService.h"

#include "AppwriteError.h"

#include <QJsonObject>

namespace sandbox {

SandboxService::SandboxService(const SandboxOptions &options, QObject *parent)
    : QObject(parent), m_options(options), m_ids(options.seed ^ 0x5eed1d5u),
      m_appwriteApi(AppwriteContext{&m_appwriteStore, &m_options, &m_ids}),
      m_graphyApi(&m_graphyStore, &m_options), m_control(this)
{
    reseed(options);
}

SandboxService::~SandboxService()
{
    stop();
}

void SandboxService::reseed(const SandboxOptions &options)
{
    m_options = options;
    m_ids.seed(options.seed ^ 0x5eed1d5u);
    m_appwriteStore.reset(m_options);
    m_summary = DemoData::generate(m_options, &m_appwriteStore, &m_graphyStore);
    m_faults.reset(m_options.seed);
    for (const FaultRule &rule : m_options.faults)
        m_faults.add(rule);
    m_graphyApi.setV2Enabled(m_options.graphyV2Enabled);
    m_graphyLimit.setRate(m_options.graphyRateLimit);
    m_appwriteApi.resetRateWindows();
    clearRequestCounts();
}

bool SandboxService::start(QString *error)
{
    m_server = std::make_unique<HttpServer>([this](const HttpRequest &r) { return handle(r); });
    if (!m_server->listen(m_options.port, error)) {
        m_server.reset();
        return false;
    }
    return true;
}

void SandboxService::stop()
{
    if (m_server)
        m_server->closeAll();
    m_server.reset();
}

quint16 SandboxService::port() const
{
    return m_server ? m_server->port() : 0;
}

QJsonObject SandboxService::requestCounts() const
{
    QJsonObject routes;
    for (auto it = m_routeCounts.begin(); it != m_routeCounts.end(); ++it)
        routes.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("total"), m_total},
                       {QStringLiteral("appwrite"), m_appwriteCount},
                       {QStringLiteral("graphy"), m_graphyCount},
                       {QStringLiteral("graphyRateLimited"), m_graphyLimit.refused()},
                       {QStringLiteral("routes"), routes}};
}

void SandboxService::clearRequestCounts()
{
    m_total = m_appwriteCount = m_graphyCount = 0;
    m_routeCounts.clear();
    m_graphyLimit.clearCounts();
}

HttpResponse SandboxService::handle(const HttpRequest &request)
{
    const RouteTable::Match route = m_routes.match(request.method, request.path);
    if (route.api == Api::Control)
        return m_control.handle(request);

    // Count before faults: an injected failure still reached the route.
    ++m_total;
    ++(route.api == Api::Appwrite ? m_appwriteCount : m_graphyCount);
    if (route.id != RouteId::None)
        ++m_routeCounts[route.routeKey];

    HttpResponse response;
    int delayMs = 0;
    if (route.api == Api::Graphy) {
        if (const int retryAfter = m_graphyLimit.admit()) {
            response = HttpResponse::json(
                429, QJsonObject{{QStringLiteral("message"), QStringLiteral("Too Many Requests")}});
            response.setHeader("Retry-After", QByteArray::number(retryAfter));
            return response;
        }
    }
    if (!m_faults.apply(route.api, request, &response, &delayMs)) {
        response = route.api == Api::Appwrite ? m_appwriteApi.handle(route, request)
                                              : m_graphyApi.handle(route, request);
    }
    if (route.api == Api::Appwrite) // injected Appwrite errors too
        AppwriteError::stampVersion(&response, SandboxOptions::fullVersion(m_options.appwriteVersion));
    response.delayMs += delayMs;
    return response;
}

} // namespace sandbox

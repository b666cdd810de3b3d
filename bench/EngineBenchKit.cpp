#include "EngineBenchKit.h"

#include "SandboxOptions.h"
#include "base/Clock.h"
#include "checker/CheckerServices.h"
#include "checker/EngineConfiguration.h"
#include "checker/LearnerLocks.h"
#include "checker/RunEngine.h"
#include "config/ConfigKey.h"
#include "net/ServiceChannel.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <vector>

using namespace cc;

namespace benchkit {

QJsonObject SandboxControl::call(const QByteArray &method, const QString &path, const QJsonObject &body)
{
    QNetworkRequest request(QUrl(m_base.toString() + path));
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = m_nam.sendCustomRequest(
        request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    m_ok = reply->error() == QNetworkReply::NoError;
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return answer;
}

int SandboxControl::reset(int learners, quint32 seed)
{
    const QJsonObject info = call("POST", QStringLiteral("/reset"),
                                  {{"learners", learners}, {"seed", qint64(seed)}, {"checkedShare", 0.0}});
    const QJsonObject summary = info.value(QStringLiteral("summary")).toObject();
    return m_ok ? learners - summary.value(QStringLiteral("alreadyCompleted")).toInt() : -1;
}

bool SandboxControl::setGraphyLatency(int latencyMs)
{
    call("DELETE", QStringLiteral("/faults"));
    if (!m_ok || latencyMs <= 0)
        return m_ok;
    call("POST", QStringLiteral("/faults"),
         {{"rules",
           QJsonArray{QJsonObject{{"api", "graphy"}, {"kind", "latency"}, {"latencyMs", latencyMs}}}}});
    return m_ok;
}

bool SandboxControl::setGraphyRateLimit(double perSecond)
{
    call("POST", QStringLiteral("/settings"), {{"graphyRateLimit", perSecond}});
    return m_ok;
}

bool SandboxControl::clearRequestCounts()
{
    call("DELETE", QStringLiteral("/requests"));
    return m_ok;
}

QJsonObject SandboxControl::requestCounts()
{
    return call("GET", QStringLiteral("/requests"));
}

AppConfig shippedConfig(quint16 port)
{
    const sandbox::SandboxOptions o;
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(port);
    AppConfig config;
    config.setValue(ConfigKey::AppwriteEndpoint, base + QStringLiteral("/v1"));
    config.setValue(ConfigKey::AppwriteProject, o.projectId);
    config.setValue(ConfigKey::AppwriteApiKey, o.apiKey);
    config.setValue(ConfigKey::AppwriteDatabaseId, o.databaseId);
    config.setValue(ConfigKey::GraphyApiBase, base);
    config.setValue(ConfigKey::GraphyApiKey, o.graphyKey);
    config.setValue(ConfigKey::GraphyMerchantId, o.graphyMid);
    return config;
}

RunFigures runEngine(const EngineSettings &settings)
{
    RunFigures figures;
    CheckerServices services(settings, CheckerServices::Purpose::Checking, SystemClock::instance());
    LearnerLocks locks;
    RunEngine engine(services.checkServices(), settings, &locks);
    QElapsedTimer timer;
    std::vector<qint64> checkedAt; // ms since start of each learner's check ending
    QObject::connect(&engine, &RunEngine::learnerChecked, &engine,
                     [&] { checkedAt.push_back(timer.elapsed()); });
    QEventLoop loop;
    QObject::connect(&engine, &RunEngine::finished, &loop, [&](const RunRecord &r) {
        figures.record = r;
        loop.quit();
    });
    RunRecord run;
    run.trigger = RunTrigger::Manual;
    run.batchSize = settings.batchSize;
    timer.start();
    engine.start(run);
    loop.exec();
    const qint64 elapsedMs = std::max<qint64>(1, timer.elapsed());
    figures.seconds = elapsedMs / 1000.0;
    const qint64 half = elapsedMs / 2;
    const auto late =
        std::count_if(checkedAt.begin(), checkedAt.end(), [half](qint64 t) { return t >= half; });
    figures.steadyRate = late * 1000.0 / std::max<qint64>(1, elapsedMs - half);
    figures.graphyEndRate = services.graphyChannel()->currentRate();
    figures.appwriteEndRate = services.appwriteChannel()->currentRate();
    figures.graphyPace = services.graphyChannel()->paceDescription();
    figures.appwritePace = services.appwriteChannel()->paceDescription();
    return figures;
}

} // namespace benchkit

#pragma once

// What the engine benchmarks (bench_run_throughput, bench_run_scale) share: talking to a sandbox's
// control API, the settings a user gets by default, and one real run of the RunEngine through the
// same CheckerServices the app builds. Prints nothing; asserts nothing.
#include "base/RunRecord.h"
#include "checker/EngineSettings.h"
#include "config/AppConfig.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

namespace benchkit {

// Synchronous calls to the sandbox's control API (http://127.0.0.1:P/_sandbox).
class SandboxControl
{
public:
    explicit SandboxControl(const QUrl &controlBase) : m_base(controlBase) {}
    // Fresh data: `learners` learners, none checked before; clears faults. Returns how many are
    // enrolled (the rest were completed before: no run lists them), -1 on failure.
    int reset(int learners, quint32 seed = 5);
    bool setGraphyLatency(int latencyMs); // 0: none
    bool setGraphyRateLimit(double perSecond);
    bool clearRequestCounts();
    QJsonObject requestCounts(); // {"graphy": n, "graphyRateLimited": n, ...}

private:
    QJsonObject call(const QByteArray &method, const QString &path, const QJsonObject &body = {});
    QUrl m_base;
    QNetworkAccessManager m_nam;
    bool m_ok = true;
};

// AppConfig{} (the shipped defaults: concurrency, rate = auto, batch size, deadline) pointed at a
// sandbox on `port` with the sandbox's default credentials. Unlike SandboxConnection, it leaves the
// rate limits alone: that is the point of measuring what a user gets.
cc::AppConfig shippedConfig(quint16 port);

struct RunFigures
{
    cc::RunRecord record;
    double seconds = 0;
    double steadyRate = 0;      // learners/s over the second half of the run
    double graphyEndRate = 0;   // the Graphy channel's pace when the run ended (0: unlimited)
    double appwriteEndRate = 0; // the same for Appwrite
    QString graphyPace;         // paceDescription() at the end
    QString appwritePace;
    bool ok() const { return record.errors == 0 && record.state == cc::RunState::Finished; }
};

// One run of the real RunEngine over the channels CheckerServices builds for `settings`.
RunFigures runEngine(const cc::EngineSettings &settings);

} // namespace benchkit

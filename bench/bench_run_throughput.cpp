// How close a run gets to the limit set by concurrency ÷ latency, and how far ahead of a
// one-request-at-a-time loop it is (docs/ARCHITECTURE.md §11.6). Runs the real engine against the sandbox
// with a fixed Graphy latency; prints ratios measured in this one run.
//
//   bench_run_throughput [learners=2000] [graphyLatencyMs=20]
#include "SandboxHost.h"
#include "base/Clock.h"
#include "checker/EngineConfiguration.h"
#include "checker/LearnerLocks.h"
#include "checker/RunEngine.h"
#include "front/SandboxConnection.h"
#include "net/AppwriteClient.h"
#include "net/GraphyClient.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <cstdio>

using namespace cc;

namespace {
struct Measurement
{
    int concurrency;
    double seconds;
    int processed;
};

void post(QNetworkAccessManager &nam, const QUrl &url, const QJsonObject &body)
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
    QNetworkReply *reply = nam.post(request, QJsonDocument(body).toJson());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    reply->deleteLater();
}

Measurement measure(const sandbox::SandboxHost &host, int learners, int latencyMs, int concurrency)
{
    QNetworkAccessManager control;
    const QUrl base = host.controlBase();
    post(control, QUrl(base.toString() + "/reset"),
         {{"learners", learners}, {"seed", 5}, {"checkedShare", 0.0}});
    post(control, QUrl(base.toString() + "/faults"),
         {{"rules",
           QJsonArray{QJsonObject{{"api", "graphy"}, {"kind", "latency"}, {"latencyMs", latencyMs}}}}});

    // The connection as --sandbox makes it; the tuning is the benchmark's.
    const EngineSettings app =
        EngineConfiguration::engineSettings(SandboxConnection::applied(AppConfig{}, host));
    EngineSettings s;
    s.appwrite = app.appwrite;
    s.graphy = app.graphy;
    s.batchSize = 100;
    s.concurrency = concurrency;
    s.graphyRatePerSecond = 0; // unlimited: measure concurrency ÷ latency alone
    s.appwriteRatePerSecond = 0;
    s.runDeadlineMs = 30 * 60 * 1000;

    QNetworkAccessManager nam;
    ServiceChannel::Settings a;
    a.service = QStringLiteral("appwrite");
    a.maxInFlight = concurrency + 2;
    ServiceChannel::Settings g;
    g.service = QStringLiteral("graphy");
    g.maxInFlight = concurrency;
    ServiceChannel appwriteChannel(a, &nam, SystemClock::instance());
    ServiceChannel graphyChannel(g, &nam, SystemClock::instance());
    AppwriteClient appwrite(s.appwrite, &appwriteChannel);
    GraphyClient graphy(s.graphy, &graphyChannel);
    LearnerLocks locks;
    RunEngine engine({&appwrite, &graphy, SystemClock::instance()}, s, &locks);
    QEventLoop loop;
    RunRecord result;
    QObject::connect(&engine, &RunEngine::finished, &loop, [&](const RunRecord &r) {
        result = r;
        loop.quit();
    });
    QElapsedTimer timer;
    timer.start();
    engine.start(RunRecord{});
    loop.exec();
    return {concurrency, timer.elapsed() / 1000.0, result.processed};
}
} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const int learners = argc > 1 ? QString::fromLocal8Bit(argv[1]).toInt() : 2000;
    const int latencyMs = argc > 2 ? QString::fromLocal8Bit(argv[2]).toInt() : 20;
    sandbox::SandboxHost host;
    sandbox::SandboxOptions options;
    options.learners = learners;
    QString error;
    if (!host.start(options, &error)) {
        std::fprintf(stderr, "sandbox: %s\n", qPrintable(error));
        return 1;
    }
    std::printf("learners=%d graphy latency=%d ms (one Graphy lookup + one Appwrite write per learner)\n",
                learners, latencyMs);
    std::printf("%-12s %10s %10s %14s %18s %14s\n", "concurrency", "seconds", "learners/s", "bound (C/lat)",
                "share of bound", "vs serial");
    double serial = 0;
    for (int c : {1, 4, 8, 16, 32}) {
        const Measurement m = measure(host, learners, latencyMs, c);
        const double rate = m.processed / m.seconds;
        const double bound = c * 1000.0 / latencyMs;
        if (c == 1)
            serial = rate;
        std::printf("%-12d %10.2f %10.1f %14.1f %17.0f%% %13.1fx\n", c, m.seconds, rate, bound,
                    100.0 * rate / bound, rate / serial);
        std::fflush(stdout);
    }
    return 0;
}

// ServiceChannel's protections, through the real AppwriteClient and a real SandboxHost: the circuit
// breaker (open, fail fast, half-open probe, close), the in-flight limit, the token-bucket rate
// limit and abortAll.
#include "NetTestKit.h"
#include "SandboxTestCase.h"

#include <QElapsedTimer>
#include <QSignalSpy>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;

class TestServiceChannelLimits : public SandboxTestCase
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void circuitBreakerOpensFailsFastAndRecovers();
    void failedProbeFailsTheWaitingFast();
    void circuitOpenIsReportedAsynchronously();
    void inFlightLimitRespected();
    void rateLimitSpacesRequests();
    void abortAllFailsEverything();
    void noSecretInAnyError();

private:
    bool fault(const QJsonObject &rule) { return m_control->addFault(rule); }
    std::optional<Result<DocumentList>> list(AppwriteClient *client, const QList<AppwriteQuery> &q = {})
    {
        return listDocuments(client, q);
    }

    // Sends `n` listings at once through the same channel and waits for every answer.
    struct Burst
    {
        int ok = 0;
        int circuitOpen = 0;
    };
    Burst burst(Rig &rig, int n)
    {
        Burst out;
        int answered = 0;
        QObject context;
        for (int i = 0; i < n; ++i) {
            rig.appwrite->listDocuments(
                kLearners, {AppwriteQuery::limit(1)}, &context, [&](const Result<DocumentList> &r) {
                    ++answered;
                    out.ok += r.ok() ? 1 : 0;
                    out.circuitOpen += !r.ok() && r.error().kind == ServiceError::Kind::CircuitOpen ? 1 : 0;
                });
        }
        [&] { QTRY_COMPARE_WITH_TIMEOUT(answered, n, 5000); }();
        return out;
    }
};

void TestServiceChannelLimits::initTestCase()
{
    QString error;
    QVERIFY2(startSandbox(demoSandboxOptions(30, 9), &error, 10000), qPrintable(error));
}

void TestServiceChannelLimits::init()
{
    QVERIFY(m_control->clearFaults());
    QVERIFY(m_control->clearRequestCounts());
}

void TestServiceChannelLimits::circuitBreakerOpensFailsFastAndRecovers()
{
    QVERIFY(fault({{"api", "appwrite"},
                   {"kind", "error"},
                   {"status", 503},
                   {"path", familytest::translated(QStringLiteral("/documents"))}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.retry.maxAttempts = 1;
    s.breaker.failureThreshold = 3;
    s.breaker.openDurationMs = 300;
    Rig rig(m_host, s);
    QSignalSpy spy(rig.channel.get(), &ServiceChannel::breakerStateChanged);
    for (int i = 0; i < 3; ++i) {
        const auto r = list(rig.appwrite.get());
        QVERIFY(r && !r->ok());
        QCOMPARE(r->error().httpStatus, 503);
    }
    QCOMPARE(m_control->routeCount(kListRoute), 3);
    QCOMPARE(rig.channel->breakerState(), CircuitBreaker::State::Open);
    QVERIFY(spy.size() >= 1);
    QCOMPARE(spy.first().first().value<CircuitBreaker::State>(), CircuitBreaker::State::Open);
    QVERIFY(rig.channel->msUntilProbe() > 0);

    // Open: fails fast without reaching the sandbox.
    QElapsedTimer timer;
    timer.start();
    const auto fast = list(rig.appwrite.get());
    QVERIFY(fast && !fast->ok());
    QCOMPARE(fast->error().kind, ServiceError::Kind::CircuitOpen);
    QCOMPARE(fast->error().type, QStringLiteral("circuit_open"));
    // It names what made the service fail, not only that requests are paused.
    const QString cause = QStringLiteral("(HTTP 503 at 127.0.0.1:%1)").arg(m_host.port());
    QVERIFY2(fast->error().message.contains(cause), qPrintable(fast->error().message));
    QVERIFY(timer.elapsed() < 200);
    QCOMPARE(m_control->routeCount(kListRoute), 3);
    NET_VERIFY_NO_SECRET(fast->error());

    // After the open duration one probe goes through; the others wait for its outcome, and as the
    // service is back, they are all answered: the first run after an outage is not cut short.
    QVERIFY(m_control->clearFaults());
    QTRY_VERIFY_WITH_TIMEOUT(rig.channel->breakerState() == CircuitBreaker::State::HalfOpen, 3000);
    const Burst recovered = burst(rig, 3);
    QCOMPARE(recovered.ok, 3);
    QCOMPARE(recovered.circuitOpen, 0);
    QCOMPARE(m_control->routeCount(kListRoute), 6);
    QCOMPARE(rig.channel->breakerState(), CircuitBreaker::State::Closed);
    QCOMPARE(spy.last().first().value<CircuitBreaker::State>(), CircuitBreaker::State::Closed);
    const auto after = list(rig.appwrite.get());
    QVERIFY(after && after->ok());
}

void TestServiceChannelLimits::failedProbeFailsTheWaitingFast()
{
    QVERIFY(fault({{"api", "appwrite"},
                   {"kind", "error"},
                   {"status", 503},
                   {"path", familytest::translated(QStringLiteral("/documents"))}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.retry.maxAttempts = 1;
    s.breaker.failureThreshold = 1;
    s.breaker.openDurationMs = 200;
    Rig rig(m_host, s);
    const auto first = list(rig.appwrite.get());
    QVERIFY(first && !first->ok());
    QCOMPARE(rig.channel->breakerState(), CircuitBreaker::State::Open);
    QTRY_VERIFY_WITH_TIMEOUT(rig.channel->breakerState() == CircuitBreaker::State::HalfOpen, 3000);
    // Still down: the probe fails, the breaker opens again, and the waiting calls are never sent.
    const Burst stillDown = burst(rig, 4);
    QCOMPARE(stillDown.ok, 0);
    QCOMPARE(stillDown.circuitOpen, 3);
    QCOMPARE(m_control->routeCount(kListRoute), 2);
    QCOMPARE(rig.channel->breakerState(), CircuitBreaker::State::Open);
}

void TestServiceChannelLimits::circuitOpenIsReportedAsynchronously()
{
    // ServiceChannel::send documents (for the Config refusal) that outcomes are reported
    // asynchronously "like every other outcome, so callers never re-enter themselves".
    QVERIFY(fault({{"api", "appwrite"}, {"kind", "error"}, {"status", 503}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.retry.maxAttempts = 1;
    s.breaker.failureThreshold = 1;
    s.breaker.openDurationMs = 60000;
    Rig rig(m_host, s);
    QVERIFY(list(rig.appwrite.get()));
    QCOMPARE(rig.channel->breakerState(), CircuitBreaker::State::Open);
    QObject context;
    bool called = false;
    rig.appwrite->listDocuments(kLearners, {}, &context,
                                [&](const Result<DocumentList> &) { called = true; });
    const bool calledInsideSend = called;
    QTRY_VERIFY_WITH_TIMEOUT(called, 2000);
    QVERIFY2(!calledInsideSend, "the callback ran before send() returned");
}

void TestServiceChannelLimits::inFlightLimitRespected()
{
    QVERIFY(fault({{"api", "appwrite"}, {"kind", "latency"}, {"latencyMs", 150}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.maxInFlight = 2;
    Rig rig(m_host, s);
    QObject context;
    int answered = 0, ok = 0, maxInFlight = 0;
    QTimer probe;
    QObject::connect(&probe, &QTimer::timeout,
                     [&] { maxInFlight = std::max(maxInFlight, rig.channel->inFlight()); });
    probe.start(5);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 8; ++i) {
        rig.appwrite->listDocuments(kLearners, {AppwriteQuery::limit(1)}, &context,
                                    [&](const Result<DocumentList> &r) {
                                        ++answered;
                                        ok += r.ok() ? 1 : 0;
                                        maxInFlight = std::max(maxInFlight, rig.channel->inFlight());
                                    });
        maxInFlight = std::max(maxInFlight, rig.channel->inFlight());
    }
    QCOMPARE(rig.channel->inFlight(), 2);
    QCOMPARE(rig.channel->queued(), 6);
    QTRY_COMPARE_WITH_TIMEOUT(answered, 8, 10000);
    QCOMPARE(ok, 8);
    QCOMPARE(maxInFlight, 2);
    QVERIFY2(timer.elapsed() >= 4 * 150 * 9 / 10, qPrintable(QString::number(timer.elapsed())));
}

void TestServiceChannelLimits::rateLimitSpacesRequests()
{
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.ratePerSecond = 20;
    s.burst = 1;
    Rig rig(m_host, s);
    QObject context;
    int answered = 0;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 6; ++i)
        rig.appwrite->version(&context, [&](const Result<QString> &r) { answered += r.ok() ? 1 : 0; });
    QTRY_COMPARE_WITH_TIMEOUT(answered, 6, 5000);
    // 1 token at once, then one every 50 ms: at least 5 x 50 ms.
    QVERIFY2(timer.elapsed() >= 5 * 50 * 9 / 10, qPrintable(QString::number(timer.elapsed())));
}

void TestServiceChannelLimits::abortAllFailsEverything()
{
    QVERIFY(fault({{"api", "appwrite"},
                   {"kind", "latency"},
                   {"latencyMs", 3000},
                   {"path", familytest::translated(QStringLiteral("/documents"))}}));
    QVERIFY(fault(
        {{"api", "appwrite"}, {"kind", "rate_limit"}, {"retryAfter", 3}, {"path", "/health"}, {"count", 1}}));
    ServiceChannel::Settings s = fastSettings(QStringLiteral("appwrite"));
    s.maxInFlight = 2;
    Rig rig(m_host, s);
    QObject context;
    QList<ServiceError> errors;
    int answered = 0;
    // One health call waiting 3 s for its retry (429), then three lists: two in flight, one queued.
    rig.appwrite->health(&context, [&](const Result<QJsonObject> &r) {
        ++answered;
        if (!r.ok())
            errors << r.error();
    });
    QTRY_COMPARE_WITH_TIMEOUT(rig.channel->stats().retries, qint64(1), 3000); // the 429 came back
    for (int i = 0; i < 3; ++i)
        rig.appwrite->listDocuments(kLearners, {}, &context, [&](const Result<DocumentList> &r) {
            ++answered;
            if (!r.ok())
                errors << r.error();
        });
    QCOMPARE(rig.channel->inFlight(), 2);
    QCOMPARE(rig.channel->queued(), 1);
    QCOMPARE(answered, 0);
    QElapsedTimer timer;
    timer.start();
    rig.channel->abortAll();
    QTRY_COMPARE_WITH_TIMEOUT(answered, 4, 1000);
    QVERIFY(timer.elapsed() < 1000);
    QCOMPARE(errors.size(), 4);
    for (const ServiceError &e : errors) {
        QCOMPARE(e.kind, ServiceError::Kind::Aborted);
        NET_VERIFY_NO_SECRET(e);
    }
    QCOMPARE(rig.channel->inFlight(), 0);
    QCOMPARE(rig.channel->queued(), 0);
    // The channel is usable afterwards.
    QVERIFY(m_control->clearFaults());
    const auto after = list(rig.appwrite.get(), {AppwriteQuery::limit(1)});
    QVERIFY(after && after->ok());
}

void TestServiceChannelLimits::noSecretInAnyError()
{
    QVERIFY(seenErrorTexts().size() >= 5 * 6); // 6 texts per error
    for (const QString &text : seenErrorTexts()) {
        for (const QString &secret : secretForms())
            QVERIFY2(!text.contains(secret, Qt::CaseInsensitive), qPrintable(text));
    }
}

QTEST_GUILESS_MAIN(TestServiceChannelLimits)
#include "tst_service_channel_limits.moc"

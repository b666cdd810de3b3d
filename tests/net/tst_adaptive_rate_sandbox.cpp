// The adaptive rate against the sandbox's real Graphy limit (--graphy-rate-limit, set here at run
// time through /_sandbox/settings): every lookup is answered, and the pace found keeps 429s rare.
// No timing assertions: throughput figures belong in bench/.
#include "FaultRule.h"
#include "NetTestKit.h"
#include "SandboxTestCase.h"

#include <QElapsedTimer>

using namespace cc;
using namespace nettest;
using sandbox::SandboxHost;

class TestAdaptiveRateSandbox : public SandboxTestCase
{
    Q_OBJECT
private slots:
    void initTestCase();
    void findsThePaceOfALimitedGraphy_data();
    void findsThePaceOfALimitedGraphy();
};

void TestAdaptiveRateSandbox::initTestCase()
{
    sandbox::SandboxOptions options = demoSandboxOptions(20, 3);
    sandbox::FaultRule latency;
    QString error;
    QVERIFY2(sandbox::FaultRule::fromLatencySpec(QStringLiteral("graphy:20"), &latency, &error),
             qPrintable(error));
    options.faults.append(latency);
    QVERIFY2(startSandbox(options, &error, 10000), qPrintable(error));
}

void TestAdaptiveRateSandbox::findsThePaceOfALimitedGraphy_data()
{
    QTest::addColumn<double>("limit");
    QTest::addColumn<int>("lookups");
    QTest::addColumn<int>("concurrency");
    QTest::newRow("20/s") << 20.0 << 300 << 8;
    QTest::newRow("100/s") << 100.0 << 600 << 16;
}

void TestAdaptiveRateSandbox::findsThePaceOfALimitedGraphy()
{
    QFETCH(double, limit);
    QFETCH(int, lookups);
    QFETCH(int, concurrency);
    const QJsonObject applied =
        m_control->setSettings(QJsonObject{{QStringLiteral("graphyRateLimit"), limit}});
    QCOMPARE(applied.value(QStringLiteral("graphyRateLimit")).toDouble(), limit);
    QVERIFY(m_control->clearRequestCounts());

    ServiceChannel::Settings settings = fastSettings(QStringLiteral("graphy"));
    settings.maxInFlight = concurrency;
    settings.adaptiveRate = true;
    settings.ratePerSecond = 1000;
    settings.retry.maxAttempts = 4;
    Rig rig(m_host, settings);
    QVERIFY(rig.channel->isAdaptive());

    int answered = 0, found = 0, failed = 0;
    QString firstFailure;
    QObject context;
    QElapsedTimer elapsed;
    elapsed.start();
    for (int i = 0; i < lookups; ++i) {
        rig.graphy->learnerByEmail(QStringLiteral("lookup%1@example.com").arg(i), &context,
                                   [&](const Result<GraphyLearner> &r) {
                                       ++answered;
                                       if (r.ok()) {
                                           ++found;
                                       } else {
                                           ++failed;
                                           if (firstFailure.isEmpty())
                                               firstFailure = r.error().message;
                                       }
                                   });
    }
    QTRY_COMPARE_WITH_TIMEOUT(answered, lookups, 120000);
    QVERIFY2(failed == 0, qPrintable(QStringLiteral("%1 failed: %2").arg(failed).arg(firstFailure)));
    QCOMPARE(found, lookups);

    const QJsonObject counts = m_control->requestCounts();
    const int requests = counts.value(QStringLiteral("graphy")).toInt();
    const int throttled = counts.value(QStringLiteral("graphyRateLimited")).toInt();
    QVERIFY2(throttled > 0, "the limit was never reached: the test proves nothing");
    QVERIFY2(
        throttled <= 0.05 * requests,
        qPrintable(QStringLiteral("%1 of %2 Graphy requests answered 429").arg(throttled).arg(requests)));
    // The pace held at the end is near the limit, whichever side of a cut we stopped on.
    const double rate = rig.channel->currentRate();
    QVERIFY2(rate >= 0.5 * limit && rate <= 1.5 * limit, qPrintable(rig.channel->paceDescription()));
    qInfo("limit %.0f/s: %d lookups, %d requests, %d answered 429, %.1f/s overall; %s", limit, lookups,
          requests, throttled, lookups * 1000.0 / elapsed.elapsed(),
          qPrintable(rig.channel->paceDescription()));
}

QTEST_GUILESS_MAIN(TestAdaptiveRateSandbox)
#include "tst_adaptive_rate_sandbox.moc"

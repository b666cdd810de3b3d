// AdaptiveRate on a ManualClock: it finds a simulated service's limit, honours Retry-After, stays
// under the ceiling, comes back after failures and backs off when answers slow. No network.
#include "AdaptiveRateSimulation.h"

#include <QTest>
#include <cmath>

using namespace cc;
using namespace adaptivesim;

class TestAdaptiveRate : public QObject
{
    Q_OBJECT
private slots:
    void convergesUnderALimit_data();
    void convergesUnderALimit();
    void throttleCutHonoursRetryAfter_data();
    void throttleCutHonoursRetryAfter();
    void neverExceedsTheCeiling_data();
    void neverExceedsTheCeiling();
    void recoversAfterA5xxBurst_data();
    void recoversAfterA5xxBurst();
    void risingLatencyBacksOff_data();
    void risingLatencyBacksOff();
    void startsAtTheRememberedRate_data();
    void startsAtTheRememberedRate();
    void unusedRateDoesNotRise();
    void a429AfterAPauseCutsFromTheRateInForce();
};

void TestAdaptiveRate::convergesUnderALimit_data()
{
    addLimitRows(true);
}

void TestAdaptiveRate::convergesUnderALimit()
{
    QFETCH(double, limit);
    QFETCH(qint64, latencyMs);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    const qint64 duration = 120000;
    const Simulation sim = simulate(rate, clock, limit, latencyMs, duration);
    const double tailRate = sim.sentInTail * 1000.0 / (duration / 2);
    QVERIFY2(tailRate >= 0.8 * limit, qPrintable(QStringLiteral("%1/s of %2/s").arg(tailRate).arg(limit)));
    QVERIFY2(tailRate <= 1.05 * limit, qPrintable(QString::number(tailRate)));
    QVERIFY2(sim.throttled <= 0.05 * sim.sent,
             qPrintable(QStringLiteral("%1 of %2 throttled").arg(sim.throttled).arg(sim.sent)));
    QVERIFY(sim.meanRateInTail < 1.3 * limit);
}

void TestAdaptiveRate::throttleCutHonoursRetryAfter_data()
{
    QTest::addColumn<qint64>("retryAfterMs");
    QTest::newRow("1 s") << qint64(1000);
    QTest::newRow("7 s") << qint64(7000);
    QTest::newRow("longer than held") << qint64(120000);
}

void TestAdaptiveRate::throttleCutHonoursRetryAfter()
{
    QFETCH(qint64, retryAfterMs);
    ManualClock clock(origin());
    AdaptiveRate::Settings settings;
    AdaptiveRate rate(settings, &clock);
    rate.start(40.0);
    // A second of clean answers at 40/s, then a 429.
    for (int i = 0; i < 40; ++i) {
        clock.advance(25);
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    const double before = rate.rate();
    rate.record(AdaptiveRate::Answer::Throttled, 20, retryAfterMs, 429);
    // Cut from the pace actually sent (40 answers in the last second), not a rate never used.
    QVERIFY2(rate.rate() <= before * settings.throttleCut + 1e-9, qPrintable(rate.describe()));
    QVERIFY2(rate.rate() >= 40 * settings.throttleCut - 1e-9, qPrintable(rate.describe()));
    QVERIFY2(rate.reason().contains(QStringLiteral("429")), qPrintable(rate.reason()));
    const qint64 expectedPause = std::min(retryAfterMs, settings.maxPauseMs);
    QCOMPARE(rate.msUntilResume(), expectedPause);
    // Clean answers to requests sent before the 429 do not raise the rate during the pause.
    const double cutTo = rate.rate();
    for (int i = 0; i < 10; ++i) {
        clock.advance(10);
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    QCOMPARE(rate.rate(), cutTo);
    clock.advance(expectedPause);
    QCOMPARE(rate.msUntilResume(), qint64(0));
    QVERIFY(rate.describe().startsWith(AdaptiveRate::formatRate(cutTo)));
}

void TestAdaptiveRate::neverExceedsTheCeiling_data()
{
    QTest::addColumn<double>("ceiling");
    QTest::addColumn<double>("remembered");
    QTest::newRow("ceiling 10, no limit") << 10.0 << 0.0;
    QTest::newRow("ceiling 50, remembered above") << 50.0 << 400.0;
    QTest::newRow("ceiling 1000") << 1000.0 << 0.0;
}

void TestAdaptiveRate::neverExceedsTheCeiling()
{
    QFETCH(double, ceiling);
    QFETCH(double, remembered);
    ManualClock clock(origin());
    AdaptiveRate::Settings settings;
    settings.ceiling = ceiling;
    AdaptiveRate rate(settings, &clock);
    rate.start(remembered > 0 ? std::optional<double>(remembered) : std::nullopt);
    QVERIFY(rate.rate() <= ceiling);
    // Answers as fast as the rate allows, never refused, for a minute.
    double maxSeen = 0;
    double credit = 0;
    for (int t = 0; t < 60000; t += 5) {
        clock.advance(5);
        credit += rate.rate() * 5 / 1000.0;
        while (credit >= 1) {
            credit -= 1;
            rate.record(AdaptiveRate::Answer::Clean, 10);
            maxSeen = std::max(maxSeen, rate.rate());
        }
    }
    QVERIFY2(maxSeen <= ceiling, qPrintable(QString::number(maxSeen)));
    QCOMPARE(rate.rate(), ceiling);
    QVERIFY2(rate.reason().contains(QStringLiteral("ceiling")), qPrintable(rate.reason()));
}

void TestAdaptiveRate::recoversAfterA5xxBurst_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("status");
    QTest::newRow("three 503") << 3 << 503;
    QTest::newRow("twenty 500") << 20 << 500;
}

void TestAdaptiveRate::recoversAfterA5xxBurst()
{
    QFETCH(int, failures);
    QFETCH(int, status);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    rate.start(50.0);
    for (int i = 0; i < 50; ++i) {
        clock.advance(20);
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    const double healthy = rate.rate();
    // The burst: one failure every 100 ms.
    for (int i = 0; i < failures; ++i) {
        clock.advance(100);
        rate.record(AdaptiveRate::Answer::Struggling, 20, std::nullopt, status);
    }
    QVERIFY(rate.rate() < healthy);
    QVERIFY2(rate.reason().contains(QString::number(status)), qPrintable(rate.reason()));
    // Then clean answers at the rate allowed, with no limit in sight: back to where it was.
    const Simulation sim = simulate(rate, clock, 10000, 20, 60000);
    QCOMPARE(sim.throttled, qint64(0));
    QVERIFY2(rate.rate() >= healthy, qPrintable(QString::number(rate.rate())));
    QVERIFY2(rate.reason().contains(QStringLiteral("rising")), qPrintable(rate.reason()));
}

void TestAdaptiveRate::risingLatencyBacksOff_data()
{
    QTest::addColumn<qint64>("usualMs");
    QTest::addColumn<qint64>("slowMs");
    QTest::addColumn<bool>("backsOff");
    QTest::newRow("20 -> 800 ms") << qint64(20) << qint64(800) << true;
    QTest::newRow("100 -> 1000 ms") << qint64(100) << qint64(1000) << true;
    QTest::newRow("20 -> 40 ms: jitter") << qint64(20) << qint64(40) << false;
}

void TestAdaptiveRate::risingLatencyBacksOff()
{
    QFETCH(qint64, usualMs);
    QFETCH(qint64, slowMs);
    QFETCH(bool, backsOff);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    rate.start(50.0);
    for (int i = 0; i < 100; ++i) {
        clock.advance(20);
        rate.record(AdaptiveRate::Answer::Clean, usualMs);
    }
    const double before = rate.rate();
    for (int i = 0; i < 100; ++i) {
        clock.advance(20);
        rate.record(AdaptiveRate::Answer::Clean, slowMs);
    }
    if (backsOff) {
        QVERIFY2(rate.rate() < before, qPrintable(rate.describe()));
        QVERIFY2(rate.reason().contains(QStringLiteral("slowed")), qPrintable(rate.reason()));
    } else {
        QVERIFY2(rate.rate() >= before, qPrintable(rate.describe()));
    }
}

void TestAdaptiveRate::startsAtTheRememberedRate_data()
{
    QTest::addColumn<double>("remembered");
    QTest::addColumn<double>("expected");
    QTest::addColumn<QString>("reason");
    QTest::newRow("nothing remembered") << 0.0 << 5.0 << QStringLiteral("started moderately");
    QTest::newRow("38/s") << 38.0 << 38.0 << QStringLiteral("found last run");
    QTest::newRow("below the floor") << 0.01 << 0.5 << QStringLiteral("found last run");
}

void TestAdaptiveRate::startsAtTheRememberedRate()
{
    QFETCH(double, remembered);
    QFETCH(double, expected);
    QFETCH(QString, reason);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    rate.start(remembered > 0 ? std::optional<double>(remembered) : std::nullopt);
    QCOMPARE(rate.rate(), expected);
    QVERIFY2(rate.reason().contains(reason), qPrintable(rate.reason()));
}

void TestAdaptiveRate::unusedRateDoesNotRise()
{
    // Concurrency allows 10 answers a second; the rate must not climb on the strength of them.
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    rate.start(100.0);
    for (int i = 0; i < 600; ++i) {
        clock.advance(100);
        rate.record(AdaptiveRate::Answer::Clean, 100);
    }
    QCOMPARE(rate.rate(), 100.0);
}

void TestAdaptiveRate::a429AfterAPauseCutsFromTheRateInForce()
{
    // A 429 soon after a Retry-After pause (requests bunch up on a busy machine): the second before
    // it was mostly the pause, with few answers. Cutting from those would ratchet the rate towards
    // the floor with each such 429 (seen in bench_run_throughput: 20/s fell to 5/s over a run).
    ManualClock clock(origin());
    AdaptiveRate::Settings settings;
    AdaptiveRate rate(settings, &clock);
    rate.start(20.0);
    for (int i = 0; i < 40; ++i) {
        clock.advance(50);
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    rate.record(AdaptiveRate::Answer::Throttled, 20, 1000, 429);
    const double afterFirst = rate.rate();
    QVERIFY2(afterFirst >= 20 * settings.throttleCut - 1e-9, qPrintable(rate.describe()));
    clock.advance(1000);
    QCOMPARE(rate.msUntilResume(), qint64(0));
    clock.advance(50);
    rate.record(AdaptiveRate::Answer::Clean, 20);
    clock.advance(10);
    rate.record(AdaptiveRate::Answer::Throttled, 20, 1000, 429);
    QVERIFY2(rate.rate() >= afterFirst * settings.throttleCut - 1e-9, qPrintable(rate.describe()));
}

QTEST_GUILESS_MAIN(TestAdaptiveRate)
#include "tst_adaptive_rate.moc"

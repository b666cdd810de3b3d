// AdaptiveRate once it has found a limit (ManualClock, simulated service, no network): it settles
// just below it, so 429s and their Retry-After pauses are rare; it finds a limit raised mid-run and
// follows one lowered; and it says which limit it holds.
#include "AdaptiveRateSimulation.h"

#include <QTest>

using namespace cc;
using namespace adaptivesim;

class TestAdaptiveRateLimits : public QObject
{
    Q_OBJECT
private slots:
    void settlesJustBelowALimit_data();
    void settlesJustBelowALimit();
    void findsARaisedLimit_data();
    void findsARaisedLimit();
    void followsALoweredLimit_data();
    void followsALoweredLimit();
    void saysWhichLimitItHolds();
};

void TestAdaptiveRateLimits::settlesJustBelowALimit_data()
{
    addLimitRows();
}

void TestAdaptiveRateLimits::settlesJustBelowALimit()
{
    // Once found, the limit is hit rarely: each 429 costs its Retry-After (1 s) of sending nothing.
    QFETCH(double, limit);
    QFETCH(qint64, latencyMs);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    SimulatedService service(rate, clock, limit, latencyMs);
    service.run(60000); // the first run's climb
    const qint64 duration = 600000;
    const Simulation steady = service.run(duration);
    const double pace = steady.pace(duration);
    qInfo("%s: %.1f/s of %.0f/s (%.1f %%), %s", QTest::currentDataTag(), pace, limit, 100 * pace / limit,
          qPrintable(share(steady)));
    QVERIFY2(pace >= 0.85 * limit, qPrintable(QStringLiteral("%1/s of %2/s").arg(pace).arg(limit)));
    QVERIFY2(pace <= 1.02 * limit, qPrintable(QString::number(pace)));
    QVERIFY2(steady.throttled <= 0.02 * steady.sent, qPrintable(share(steady)));
}

void TestAdaptiveRateLimits::findsARaisedLimit_data()
{
    // The moment of the raise, in the cycle between two 429s, changes when the probe meets it.
    QTest::addColumn<qint64>("raisedAfterMs");
    for (qint64 at : {300000, 307000, 314000, 321000, 328000})
        QTest::addRow("raised after %llds", at / 1000) << at;
}

void TestAdaptiveRateLimits::findsARaisedLimit()
{
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    SimulatedService service(rate, clock, 20, 20);
    QFETCH(qint64, raisedAfterMs);
    service.run(raisedAfterMs);
    service.setLimit(60);
    // 5 s windows: the first one at >= 80 % of the new limit.
    qint64 foundAfterMs = -1;
    for (qint64 t = 5000; t <= 120000 && foundAfterMs < 0; t += 5000) {
        if (service.run(5000).pace(5000) >= 0.8 * 60)
            foundAfterMs = t;
    }
    qInfo("%s: >= 48/s after %lld s", QTest::currentDataTag(), foundAfterMs / 1000);
    QVERIFY2(foundAfterMs > 0, qPrintable(rate.describe()));
    // And it settles there as it did at 20/s.
    const Simulation after = service.run(300000);
    QVERIFY2(after.pace(300000) >= 0.85 * 60, qPrintable(QString::number(after.pace(300000))));
    QVERIFY2(after.throttled <= 0.02 * after.sent, qPrintable(share(after)));
}

void TestAdaptiveRateLimits::followsALoweredLimit_data()
{
    QTest::addColumn<double>("before");
    QTest::addColumn<double>("after");
    QTest::newRow("60 -> 20/s") << 60.0 << 20.0;
    QTest::newRow("200 -> 50/s") << 200.0 << 50.0;
}

void TestAdaptiveRateLimits::followsALoweredLimit()
{
    QFETCH(double, before);
    QFETCH(double, after);
    ManualClock clock(origin());
    AdaptiveRate rate(AdaptiveRate::Settings{}, &clock);
    SimulatedService service(rate, clock, before, 20);
    service.run(300000);
    service.setLimit(after);
    const Simulation first = service.run(30000);
    const Simulation last5s = service.run(5000);
    QVERIFY2(last5s.pace(5000) <= 1.05 * after, qPrintable(rate.describe()));
    QVERIFY2(first.throttled <= 0.05 * first.sent, qPrintable(share(first)));
    const Simulation settled = service.run(300000);
    qInfo("%s: first 30 s %s; then %.1f/s (%.1f %%), %s", QTest::currentDataTag(), qPrintable(share(first)),
          settled.pace(300000), 100 * settled.pace(300000) / after, qPrintable(share(settled)));
    QVERIFY2(settled.pace(300000) >= 0.85 * after, qPrintable(QString::number(settled.pace(300000))));
    QVERIFY2(settled.throttled <= 0.02 * settled.sent, qPrintable(share(settled)));
}

void TestAdaptiveRateLimits::saysWhichLimitItHolds()
{
    ManualClock clock(origin());
    AdaptiveRate::Settings settings;
    AdaptiveRate rate(settings, &clock);
    rate.start(40.0);
    // A second of clean answers at 40/s, then a 429 with a 1 s Retry-After.
    for (int i = 0; i < 40; ++i) {
        clock.advance(25);
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    rate.record(AdaptiveRate::Answer::Throttled, 20, 1000, 429);
    QVERIFY2(rate.reason().contains(QStringLiteral("after a 429 at 40/s")), qPrintable(rate.reason()));
    clock.advance(1000);
    // Clean answers at the rate allowed: back to just below 40/s within a few seconds, and held there.
    for (int i = 0; i < 400; ++i) {
        clock.advance(qint64(1000 / rate.rate()));
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    QVERIFY2(rate.rate() >= 40 * settings.holdShare - 1e-9, qPrintable(rate.describe()));
    QVERIFY2(rate.rate() < 40, qPrintable(rate.describe()));
    QCOMPARE(rate.reason(), QStringLiteral("held just below the limit found at 40/s"));
    // Clean for long enough, the probe goes past it, and says so.
    for (int i = 0; i < 2000; ++i) {
        clock.advance(qint64(1000 / rate.rate()));
        rate.record(AdaptiveRate::Answer::Clean, 20);
    }
    QVERIFY2(rate.rate() > 40, qPrintable(rate.describe()));
    QCOMPARE(rate.reason(), QStringLiteral("probing above the limit found at 40/s: answers clean"));
}

QTEST_GUILESS_MAIN(TestAdaptiveRateLimits)
#include "tst_adaptive_rate_limits.moc"

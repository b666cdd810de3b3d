// Sleep, wake and network loss on an injected clock: when the schedule is held and released.
#include "session/SystemHold.h"
#include "support/ManualClock.h"

#include <QSignalSpy>
#include <QTest>

using namespace cc;
using Phase = SystemHold::Phase;

class tst_SystemHold : public QObject
{
    Q_OBJECT
private slots:
    void sleepThenWakeHoldsThroughGrace();
    void sleepWithoutWakeStaysHeld();
    void networkLossAndReturn();
    void offlineDuringWakeGraceWaitsForNetwork();
    void reconnectInsideWakeGraceKeepsLongerGrace();
    void repeatedSignalsAreIgnored();
    void graceTimerIsArmedAndSingleShot();
};

namespace {
QDateTime t0()
{
    return QDateTime(QDate(2026, 11, 28), QTime(22, 0), Qt::UTC);
}
} // namespace

void tst_SystemHold::sleepThenWakeHoldsThroughGrace()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    QSignalSpy held(&hold, &SystemHold::holdRequested);
    QSignalSpy released(&hold, &SystemHold::released);
    QSignalSpy grace(&hold, &SystemHold::graceChanged);

    hold.prepareForSleep(true);
    QCOMPARE(hold.phase(), Phase::Asleep);
    QCOMPARE(held.size(), 1);
    QVERIFY(held.at(0).at(0).toString().contains(QStringLiteral("sleep")));

    clock.sleep(8LL * 3600 * 1000); // a night: wall clock moves, monotonic does not
    hold.prepareForSleep(false);
    QCOMPARE(hold.phase(), Phase::WakeGrace);
    QCOMPARE(held.size(), 2); // same hold, new reason
    QVERIFY(held.at(1).at(0).toString().contains(QStringLiteral("woke")));
    QCOMPARE(grace.size(), 1);
    QCOMPARE(grace.at(0).at(0).toBool(), true);
    QVERIFY(hold.isHeld());

    clock.advance(SystemHold::kWakeGraceMs - 1);
    hold.tick();
    QCOMPARE(released.size(), 0);
    clock.advance(1);
    hold.tick();
    QCOMPARE(released.size(), 1);
    QCOMPARE(hold.phase(), Phase::Active);
    QCOMPARE(grace.size(), 2);
    QCOMPARE(grace.at(1).at(0).toBool(), false);
    QVERIFY(hold.reason().isEmpty());
}

void tst_SystemHold::sleepWithoutWakeStaysHeld()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    QSignalSpy released(&hold, &SystemHold::released);
    hold.prepareForSleep(true);
    clock.advance(3600 * 1000);
    hold.tick();
    QCOMPARE(hold.phase(), Phase::Asleep);
    QCOMPARE(released.size(), 0);
}

void tst_SystemHold::networkLossAndReturn()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    QSignalSpy held(&hold, &SystemHold::holdRequested);
    QSignalSpy released(&hold, &SystemHold::released);
    hold.setOnline(false);
    QCOMPARE(hold.phase(), Phase::Offline);
    QCOMPARE(held.size(), 1);
    QVERIFY(!hold.inGrace());
    clock.advance(600 * 1000);
    hold.setOnline(true);
    QCOMPARE(hold.phase(), Phase::ReconnectGrace);
    QCOMPARE(hold.graceEndsAtMs(), clock.monotonicMs() + SystemHold::kReconnectGraceMs);
    clock.advance(SystemHold::kReconnectGraceMs);
    hold.tick();
    QCOMPARE(hold.phase(), Phase::Active);
    QCOMPARE(released.size(), 1);
}

void tst_SystemHold::offlineDuringWakeGraceWaitsForNetwork()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    QSignalSpy released(&hold, &SystemHold::released);
    hold.prepareForSleep(true);
    hold.prepareForSleep(false);
    hold.setOnline(false); // the Wi-Fi has not come back with the machine
    QCOMPARE(hold.phase(), Phase::Offline);
    clock.advance(SystemHold::kWakeGraceMs * 2);
    hold.tick();
    QCOMPARE(hold.phase(), Phase::Offline);
    QCOMPARE(released.size(), 0);
    hold.setOnline(true);
    QCOMPARE(hold.phase(), Phase::ReconnectGrace);
    clock.advance(SystemHold::kReconnectGraceMs);
    hold.tick();
    QCOMPARE(released.size(), 1);
}

void tst_SystemHold::reconnectInsideWakeGraceKeepsLongerGrace()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    hold.setOnline(false);
    hold.prepareForSleep(true);
    hold.prepareForSleep(false);
    hold.setOnline(true); // back 0 s after waking: the wake's 30 s grace is the longer one
    QCOMPARE(hold.phase(), Phase::WakeGrace);
    QCOMPARE(hold.graceEndsAtMs(), clock.monotonicMs() + SystemHold::kWakeGraceMs);
}

void tst_SystemHold::repeatedSignalsAreIgnored()
{
    ManualClock clock(t0());
    SystemHold hold(&clock);
    QSignalSpy held(&hold, &SystemHold::holdRequested);
    QSignalSpy released(&hold, &SystemHold::released);
    hold.prepareForSleep(false); // a wake without a sleep (we started after the sleep signal)
    QCOMPARE(hold.phase(), Phase::Active);
    hold.setOnline(true);
    QCOMPARE(held.size(), 0);
    QCOMPARE(released.size(), 0);
    hold.prepareForSleep(true);
    hold.prepareForSleep(true);
    QCOMPARE(held.size(), 1);
}

void tst_SystemHold::graceTimerIsArmedAndSingleShot()
{
    // The real timer, briefly: the grace ends by itself, without tick() from outside.
    SystemHold hold; // system clock
    hold.setGracePeriods(300, 200);
    QSignalSpy released(&hold, &SystemHold::released);
    hold.setOnline(false);
    hold.setOnline(true);
    QVERIFY(hold.inGrace());
    QVERIFY(released.wait(5000));
    QCOMPARE(hold.phase(), Phase::Active);
}

QTEST_GUILESS_MAIN(tst_SystemHold)
#include "tst_system_hold.moc"

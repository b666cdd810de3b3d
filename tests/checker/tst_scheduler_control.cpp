#include "SchedulerRig.h"
#include "support/ManualClock.h"

using cc::ManualClock;
using cc::RunTrigger;
using cc::Schedule;
using cc::Scheduler;
using cc::test::kHour;
using cc::test::kMinute;
using cc::test::Rig;
using cc::test::utc;

class TestSchedulerControl : public QObject
{
    Q_OBJECT

private slots:
    void pauseResume_data();
    void pauseResume();
    void runNow();
    void holdRelease_data();
    void holdRelease();
    void holdAndPauseAreIndependent();
    void jitterBounds_data();
    void jitterBounds();
    void jitterIsReproducibleWithSeed();
    void nextRunAlwaysKnown();
    void restoredLastSlot_data();
    void restoredLastSlot();
    void restoredLastSlotWhileRunning();
    void scheduleChangeDoesNotFire();
    void timerArming();
    void stopAndRestart();
    void timerDrivesTick();
};

void TestSchedulerControl::pauseResume_data()
{
    QTest::addColumn<qint64>("pausedForMs"); // paused at 10:01
    QTest::addColumn<int>("runsOnResume");
    QTest::addColumn<QDateTime>("catchUpSlot");
    QTest::addColumn<QDateTime>("nextAfterResume");
    QTest::newRow("no slot missed") << 9 * kMinute << 0 << QDateTime() << utc("2024-01-01T10:15:00Z");
    QTest::newRow("one slot missed") << 20 * kMinute << 1 << utc("2024-01-01T10:15:00Z")
                                     << utc("2024-01-01T10:30:00Z");
    QTest::newRow("many missed: one catch-up")
        << 3 * kHour << 1 << utc("2024-01-01T13:00:00Z") << utc("2024-01-01T13:15:00Z");
}

void TestSchedulerControl::pauseResume()
{
    QFETCH(qint64, pausedForMs);
    QFETCH(int, runsOnResume);
    QFETCH(QDateTime, catchUpSlot);
    QFETCH(QDateTime, nextAfterResume);
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.clock.advance(kMinute);
    rig.scheduler.pause();
    QVERIFY(rig.scheduler.isPaused());
    QCOMPARE(rig.paused.size(), 1);
    QCOMPARE(rig.paused.at(0).at(0).toBool(), true);
    QVERIFY(!rig.scheduler.nextRunAt().isValid());
    QVERIFY(!rig.next.isEmpty());
    QVERIFY(!rig.next.last().at(0).toDateTime().isValid());
    QCOMPARE(rig.scheduler.armedIntervalMs(), -1); // no timer while paused

    for (qint64 left = pausedForMs; left > 0; left -= std::min(left, 5 * kMinute)) {
        rig.clock.advance(std::min(left, 5 * kMinute));
        rig.scheduler.tick(); // due slots are not run while paused
    }
    rig.scheduler.pause(); // no-op
    QCOMPARE(rig.paused.size(), 1);
    QVERIFY(rig.due.isEmpty());

    rig.scheduler.resume();
    QVERIFY(!rig.scheduler.isPaused());
    QCOMPARE(rig.paused.size(), 2);
    QCOMPARE(rig.paused.at(1).at(0).toBool(), false);
    QCOMPARE(rig.due.size(), runsOnResume);
    if (runsOnResume) {
        QCOMPARE(rig.trigger(0), RunTrigger::CatchUp);
        QCOMPARE(rig.slot(0), catchUpSlot);
    }
    QCOMPARE(rig.scheduler.nextRunAt(), nextAfterResume);
    QCOMPARE(rig.next.last().at(0).toDateTime(), nextAfterResume);
}

void TestSchedulerControl::runNow()
{
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.clock.advance(3 * kMinute);
    const QDateTime next = rig.scheduler.nextRunAt();

    QVERIFY(rig.scheduler.runNow());
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.trigger(0), RunTrigger::Manual);
    QCOMPARE(rig.slot(0), rig.clock.now());
    QCOMPARE(rig.scheduler.nextRunAt(), next); // a manual run does not move the schedule
    rig.scheduler.notifyRunStarted();

    QVERIFY(!rig.scheduler.runNow()); // refused while running
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.refused.size(), 1);
    QVERIFY(!rig.refused.at(0).at(0).toString().isEmpty());

    rig.scheduler.notifyRunFinished();
    rig.scheduler.pause(); // allowed while paused: pausing the schedule does not forbid checking by hand
    QVERIFY(rig.scheduler.runNow());
    QCOMPARE(rig.due.size(), 2);
    QCOMPARE(rig.trigger(1), RunTrigger::Manual);
    rig.runAndFinish();

    // A run started elsewhere (command line) also blocks manual runs.
    rig.scheduler.notifyRunStarted();
    QVERIFY(!rig.scheduler.runNow());
    QCOMPARE(rig.refused.size(), 2);
}

void TestSchedulerControl::holdRelease_data()
{
    // Held at 10:01 (the machine sleeps, or the network goes); released after `heldForMs` of
    // wall-clock time (a sleep: the monotonic clock stands still).
    QTest::addColumn<qint64>("heldForMs");
    QTest::addColumn<int>("runsOnRelease");
    QTest::addColumn<QDateTime>("catchUpSlot");
    QTest::newRow("short nap, no slot missed") << 5 * kMinute << 0 << QDateTime();
    QTest::newRow("one slot slept through") << 20 * kMinute << 1 << utc("2024-01-01T10:15:00Z");
    QTest::newRow("a night: one catch-up, no replay") << 9 * kHour << 1 << utc("2024-01-01T19:00:00Z");
}

void TestSchedulerControl::holdRelease()
{
    QFETCH(qint64, heldForMs);
    QFETCH(int, runsOnRelease);
    QFETCH(QDateTime, catchUpSlot);
    Rig rig(QStringLiteral("every 15m"));
    QSignalSpy held(&rig.scheduler, &Scheduler::heldChanged);
    rig.scheduler.start();
    rig.clock.advance(kMinute);
    rig.scheduler.hold();
    QVERIFY(rig.scheduler.isHeld());
    QVERIFY(!rig.scheduler.isPaused()); // not the operator's pause
    QCOMPARE(held.size(), 1);
    QCOMPARE(rig.scheduler.armedIntervalMs(), -1);
    QVERIFY(!rig.scheduler.nextRunAt().isValid());

    rig.clock.sleep(heldForMs);
    rig.scheduler.tick(); // a timer that fires during the hold changes nothing
    rig.scheduler.notifyWake();
    QVERIFY(rig.due.isEmpty());

    rig.scheduler.release();
    QVERIFY(!rig.scheduler.isHeld());
    QCOMPARE(held.size(), 2);
    QCOMPARE(rig.due.size(), runsOnRelease);
    if (runsOnRelease > 0) {
        QCOMPARE(rig.trigger(0), RunTrigger::CatchUp);
        QCOMPARE(rig.slot(0), catchUpSlot);
    }
    QVERIFY(rig.scheduler.nextRunAt().isValid());
    QVERIFY(rig.scheduler.armedIntervalMs() > 0);
}

void TestSchedulerControl::holdAndPauseAreIndependent()
{
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.scheduler.pause();
    rig.scheduler.hold();
    rig.clock.sleep(kHour);
    rig.scheduler.release(); // still paused by the operator: nothing runs
    QVERIFY(rig.due.isEmpty());
    QVERIFY(!rig.scheduler.nextRunAt().isValid());
    rig.scheduler.hold();
    rig.scheduler.resume(); // still held by the system: nothing runs
    QVERIFY(rig.due.isEmpty());
    rig.scheduler.release();
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.trigger(0), RunTrigger::CatchUp);
}

void TestSchedulerControl::jitterBounds_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<qint64>("maxJitterMs");
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<qint64>("effectiveMaxMs"); // never more than half the gap to the next slot
    QTest::newRow("15m, 60 s") << "every 15m" << qint64(60000) << 42u << qint64(60000);
    QTest::newRow("15m, 60 s, other seed") << "every 15m" << qint64(60000) << 7u << qint64(60000);
    QTest::newRow("cron, 5 min") << "*/10 * * * *" << qint64(5 * kMinute) << 1u << qint64(5 * kMinute);
    QTest::newRow("30s, 60 s: clamped to 15 s") << "every 30s" << qint64(60000) << 3u << qint64(15000);
    QTest::newRow("no jitter") << "every 15m" << qint64(0) << 3u << qint64(0);
}

void TestSchedulerControl::jitterBounds()
{
    QFETCH(QString, spec);
    QFETCH(qint64, maxJitterMs);
    QFETCH(quint32, seed);
    QFETCH(qint64, effectiveMaxMs);
    Rig rig(spec);
    rig.scheduler.setStartJitterMs(maxJitterMs, seed);
    QCOMPARE(rig.scheduler.startJitterMs(), maxJitterMs);
    rig.scheduler.start();
    bool sawNonZero = false;
    for (int i = 0; i < 40; ++i) {
        const QDateTime slot = rig.scheduler.nextSlot();
        const qint64 jitter = slot.msecsTo(rig.scheduler.nextRunAt());
        QVERIFY2(jitter >= 0 && (jitter < effectiveMaxMs || (effectiveMaxMs == 0 && jitter == 0)),
                 qPrintable(QString::number(jitter)));
        sawNonZero = sawNonZero || jitter > 0;
        if (jitter > 0) { // at the slot itself it is not yet time
            rig.clock.advance(rig.clock.now().msecsTo(slot));
            rig.scheduler.tick();
            QCOMPARE(rig.due.size(), i);
        }
        rig.advanceToNextRun();
        QCOMPARE(rig.due.size(), i + 1);
        QCOMPARE(rig.trigger(i), RunTrigger::Schedule);
        QCOMPARE(rig.slot(i), slot); // the run is reported against its slot, not the jittered time
        rig.runAndFinish();
    }
    QCOMPARE(sawNonZero, maxJitterMs > 0);
}

void TestSchedulerControl::jitterIsReproducibleWithSeed()
{
    auto jitters = [](quint32 seed) {
        Rig rig(QStringLiteral("every 15m"));
        rig.scheduler.setStartJitterMs(10 * kMinute, seed);
        rig.scheduler.start();
        QList<qint64> out;
        for (int i = 0; i < 10; ++i) {
            out << rig.scheduler.nextSlot().msecsTo(rig.scheduler.nextRunAt());
            rig.advanceToNextRun();
            rig.runAndFinish();
        }
        return out;
    };
    QCOMPARE(jitters(99), jitters(99));
    QVERIFY(jitters(99) != jitters(100));
}

void TestSchedulerControl::nextRunAlwaysKnown()
{
    Rig rig(QStringLiteral("every 15m"));
    QVERIFY(!rig.scheduler.nextRunAt().isValid()); // not started
    rig.scheduler.setStartJitterMs(30000, 5);
    rig.scheduler.start();
    auto check = [&] {
        const QDateTime next = rig.scheduler.nextRunAt();
        QVERIFY(next.isValid());
        QVERIFY(next > rig.clock.now());
        QVERIFY(!rig.next.isEmpty());
        QCOMPARE(rig.next.last().at(0).toDateTime(), next); // the last signal matches the getter
    };
    check();
    rig.advanceToNextRun(); // a run
    check();
    rig.scheduler.notifyRunStarted();
    check();
    rig.advanceToNextRun(); // a skip
    check();
    rig.scheduler.notifyRunFinished();
    rig.clock.sleep(5 * kHour); // a catch-up
    rig.scheduler.notifyWake();
    check();
    rig.runAndFinish();
    rig.clock.jumpWallClock(-10 * kHour); // back in time
    rig.scheduler.tick();
    check();
    rig.scheduler.pause();
    QVERIFY(!rig.scheduler.nextRunAt().isValid());
    rig.scheduler.resume();
    check();
    rig.scheduler.stop();
    QVERIFY(!rig.scheduler.nextRunAt().isValid());
    QVERIFY(!rig.next.last().at(0).toDateTime().isValid());
}

void TestSchedulerControl::restoredLastSlot_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QDateTime>("restored"); // the app starts at 10:07
    QTest::addColumn<int>("runs");
    QTest::addColumn<QDateTime>("catchUpSlot");
    QTest::addColumn<QDateTime>("expectedNext");
    QTest::newRow("2 h ago, 15m schedule: one catch-up")
        << "every 15m" << utc("2024-01-01T08:00:00Z") << 1 << utc("2024-01-01T10:00:00Z")
        << utc("2024-01-01T10:15:00Z");
    QTest::newRow("one slot missed: catch-up") << "every 15m" << utc("2024-01-01T09:45:00Z") << 1
                                               << utc("2024-01-01T10:00:00Z") << utc("2024-01-01T10:15:00Z");
    QTest::newRow("nothing missed") << "every 15m" << utc("2024-01-01T10:00:00Z") << 0 << QDateTime()
                                    << utc("2024-01-01T10:15:00Z");
    QTest::newRow("in the future (clock went back)")
        << "every 15m" << utc("2024-01-01T15:00:00Z") << 0 << QDateTime() << utc("2024-01-01T10:15:00Z");
    QTest::newRow("none stored") << "every 15m" << QDateTime() << 0 << QDateTime()
                                 << utc("2024-01-01T10:15:00Z");
    QTest::newRow("daily cron, a weekend off") << "0 6 * * *" << utc("2023-12-29T06:00:00Z") << 1
                                               << utc("2024-01-01T06:00:00Z") << utc("2024-01-02T06:00:00Z");
}

void TestSchedulerControl::restoredLastSlot()
{
    QFETCH(QString, spec);
    QFETCH(QDateTime, restored);
    QFETCH(int, runs);
    QFETCH(QDateTime, catchUpSlot);
    QFETCH(QDateTime, expectedNext);
    Rig rig(spec, QStringLiteral("2024-01-01T10:07:00Z"));
    rig.scheduler.setLastSlotEvaluated(restored);
    rig.scheduler.start();
    QCOMPARE(rig.due.size(), runs);
    if (runs) {
        QCOMPARE(rig.trigger(0), RunTrigger::CatchUp);
        QCOMPARE(rig.slot(0), catchUpSlot);
        QCOMPARE(rig.scheduler.lastSlotEvaluated(), catchUpSlot);
        QCOMPARE(rig.watermark.last().at(0).toDateTime(), catchUpSlot); // the app stores this
    }
    QCOMPARE(rig.scheduler.nextRunAt(), expectedNext);
}

void TestSchedulerControl::restoredLastSlotWhileRunning()
{
    // Order of set-up calls does not matter: schedule set after start keeps the restored value.
    ManualClock clock(utc("2024-01-01T10:07:00Z"));
    Scheduler scheduler(&clock);
    QSignalSpy due(&scheduler, &Scheduler::runDue);
    scheduler.start();
    QVERIFY(!scheduler.nextRunAt().isValid()); // no schedule yet
    scheduler.setLastSlotEvaluated(utc("2024-01-01T08:00:00Z"));
    QVERIFY(due.isEmpty());
    scheduler.setSchedule(*Schedule::parse(QStringLiteral("every 15m")));
    QCOMPARE(due.size(), 1);
    QCOMPARE(due.at(0).at(0).value<RunTrigger>(), RunTrigger::CatchUp);
}

void TestSchedulerControl::scheduleChangeDoesNotFire()
{
    Rig rig(QStringLiteral("every 1h"));
    rig.scheduler.start();
    rig.clock.advance(40 * kMinute);
    rig.scheduler.tick();
    rig.scheduler.setSchedule(*Schedule::parse(QStringLiteral("every 1m")));
    QVERIFY(rig.due.isEmpty());
    QCOMPARE(rig.scheduler.nextRunAt(), utc("2024-01-01T10:41:00Z"));
    QCOMPARE(rig.scheduler.schedule().toString(), QStringLiteral("every 1m"));
}

void TestSchedulerControl::timerArming()
{
    Rig rig(QStringLiteral("every 1h"));
    QCOMPARE(rig.scheduler.armedIntervalMs(), -1);
    rig.scheduler.start();
    QCOMPARE(rig.scheduler.armedIntervalMs(), Scheduler::kMaxTimerMs); // capped: an hour away
    rig.clock.advance(59 * kMinute + 30 * 1000);
    rig.scheduler.tick();
    QCOMPARE(rig.scheduler.armedIntervalMs(), qint64(30 * 1000)); // the time left
    rig.scheduler.pause();
    QCOMPARE(rig.scheduler.armedIntervalMs(), -1);
    rig.scheduler.resume();
    QCOMPARE(rig.scheduler.armedIntervalMs(), qint64(30 * 1000));
    rig.scheduler.stop();
    QCOMPARE(rig.scheduler.armedIntervalMs(), -1);
}

void TestSchedulerControl::stopAndRestart()
{
    // Stopping keeps the watermark, like a restart of the app that restored it.
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.advanceToNextRun();
    rig.runAndFinish();
    rig.scheduler.stop();
    QVERIFY(!rig.scheduler.isStarted());
    rig.clock.advance(kHour);
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1); // nothing while stopped
    rig.scheduler.start();
    QCOMPARE(rig.due.size(), 2);
    QCOMPARE(rig.trigger(1), RunTrigger::CatchUp);
    QCOMPARE(rig.slot(1), utc("2024-01-01T11:15:00Z"));
}

void TestSchedulerControl::timerDrivesTick()
{
    // The one test that lets the event loop run: the real timer must call tick(). The slot is a
    // few milliseconds away, so only milliseconds of real time pass.
    Rig rig(QStringLiteral("every 1m"), QStringLiteral("2024-01-01T10:00:59.995Z"));
    rig.scheduler.start();
    QCOMPARE(rig.scheduler.armedIntervalMs(), qint64(5));
    QCOMPARE(rig.scheduler.findChildren<QTimer *>().size(), 1); // moves with moveToThread()
    rig.clock.advance(5);                                       // by the time it fires, it is due
    QTRY_COMPARE_WITH_TIMEOUT(rig.due.size(), 1, 2000);
    QCOMPARE(rig.trigger(0), RunTrigger::Schedule);
    QCOMPARE(rig.slot(0), utc("2024-01-01T10:01:00Z"));
    QCOMPARE(rig.scheduler.armedIntervalMs(), Scheduler::kMaxTimerMs); // re-armed for the next slot
}

QTEST_GUILESS_MAIN(TestSchedulerControl)
#include "tst_scheduler_control.moc"

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

class TestScheduler : public QObject
{
    Q_OBJECT

private slots:
    void normalSlots_data();
    void normalSlots();
    void nothingBeforeTheSlot();
    void noOverlapRecordsSkip();
    void requestedRunAlsoBlocks();
    void catchUpAfterSleep_data();
    void catchUpAfterSleep();
    void clockJumpForward();
    void clockJumpBackwards_data();
    void clockJumpBackwards();
};

void TestScheduler::normalSlots_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("start");
    QTest::addColumn<QList<QDateTime>>("expectedSlots");
    QTest::newRow("every 15m from a slot")
        << "every 15m"
        << "2024-01-01T10:00:00Z"
        << QList<QDateTime>{utc("2024-01-01T10:15:00Z"), utc("2024-01-01T10:30:00Z"),
                            utc("2024-01-01T10:45:00Z")};
    QTest::newRow("cron */20 mid-slot")
        << "*/20 * * * *"
        << "2024-01-01T10:05:00Z"
        << QList<QDateTime>{utc("2024-01-01T10:20:00Z"), utc("2024-01-01T10:40:00Z"),
                            utc("2024-01-01T11:00:00Z")};
    QTest::newRow("hourly, a second before")
        << "every 1h"
        << "2024-01-01T09:59:59Z"
        << QList<QDateTime>{utc("2024-01-01T10:00:00Z"), utc("2024-01-01T11:00:00Z"),
                            utc("2024-01-01T12:00:00Z")};
    QTest::newRow("weekdays at 9") << "0 9 * * 1-5"
                                   << "2024-01-05T10:00:00Z"
                                   << QList<QDateTime>{utc("2024-01-08T09:00:00Z"),
                                                       utc("2024-01-09T09:00:00Z")};
}

void TestScheduler::normalSlots()
{
    QFETCH(QString, spec);
    QFETCH(QString, start);
    QFETCH(QList<QDateTime>, expectedSlots);
    Rig rig(spec, start);
    rig.scheduler.start();
    QVERIFY(rig.due.isEmpty()); // starting is not a reason to run
    for (int i = 0; i < expectedSlots.size(); ++i) {
        QCOMPARE(rig.scheduler.nextRunAt(), expectedSlots[i]);
        rig.advanceToNextRun();
        QCOMPARE(rig.due.size(), i + 1);
        QCOMPARE(rig.trigger(i), RunTrigger::Schedule);
        QCOMPARE(rig.slot(i), expectedSlots[i]);
        QCOMPARE(rig.scheduler.lastSlotEvaluated(), expectedSlots[i]);
        rig.scheduler.tick(); // evaluating again at the same time does nothing
        QCOMPARE(rig.due.size(), i + 1);
        rig.runAndFinish();
    }
    QVERIFY(rig.skipped.isEmpty());
}

void TestScheduler::nothingBeforeTheSlot()
{
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.clock.advance(15 * kMinute - 1);
    rig.scheduler.tick();
    QVERIFY(rig.due.isEmpty());
    rig.clock.advance(1);
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1);
}

void TestScheduler::noOverlapRecordsSkip()
{
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.advanceToNextRun(); // 10:15
    QCOMPARE(rig.due.size(), 1);
    rig.scheduler.notifyRunStarted();
    QVERIFY(rig.scheduler.isRunInProgress());

    rig.advanceToNextRun(); // 10:30 while the 10:15 run is still going
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.skipped.size(), 1);
    QCOMPARE(rig.skipped.at(0).at(0).toDateTime(), utc("2024-01-01T10:30:00Z"));
    QVERIFY(!rig.skipped.at(0).at(1).toString().isEmpty());
    QCOMPARE(rig.scheduler.nextRunAt(), utc("2024-01-01T10:45:00Z"));

    rig.clock.advance(5 * kMinute);
    rig.scheduler.notifyRunFinished(); // 10:35: the skipped slot is not run late
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1);
    QVERIFY(!rig.scheduler.isRunInProgress());

    rig.advanceToNextRun(); // 10:45 runs normally
    QCOMPARE(rig.due.size(), 2);
    QCOMPARE(rig.slot(1), utc("2024-01-01T10:45:00Z"));
    QCOMPARE(rig.skipped.size(), 1);
}

void TestScheduler::requestedRunAlsoBlocks()
{
    // Between runDue and notifyRunStarted the run counts as in progress: no double start.
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.advanceToNextRun();
    QVERIFY(rig.scheduler.isRunInProgress());
    QVERIFY(!rig.scheduler.runNow());
    rig.advanceToNextRun();
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.skipped.size(), 1);
    rig.scheduler.notifyRunFinished(); // declined or done: either way free again
    QVERIFY(rig.scheduler.runNow());
}

void TestScheduler::catchUpAfterSleep_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<qint64>("awakeFirstMs"); // time awake after start, before sleeping
    QTest::addColumn<qint64>("sleepMs");
    QTest::addColumn<bool>("catchUp");
    QTest::addColumn<QDateTime>("slot");
    QTest::newRow("2h over 15m slots")
        << "every 15m" << 5 * kMinute << 2 * kHour << true << utc("2024-01-01T12:00:00Z");
    QTest::newRow("two slots") << "every 15m" << 5 * kMinute << 25 * kMinute << true
                               << utc("2024-01-01T10:30:00Z");
    QTest::newRow("one slot is just late")
        << "every 15m" << 10 * kMinute << 10 * kMinute << false << utc("2024-01-01T10:15:00Z");
    QTest::newRow("3 days") << "every 15m" << qint64(0) << 3 * 24 * kHour + 7 * kMinute << true
                            << utc("2024-01-04T10:00:00Z");
    QTest::newRow("minutely cron, a month")
        << "* * * * *" << qint64(0) << 31 * 24 * kHour + 30 * 1000 << true << utc("2024-02-01T10:00:00Z");
    QTest::newRow("daily cron, a week")
        << "0 3 * * *" << qint64(0) << 7 * 24 * kHour << true << utc("2024-01-08T03:00:00Z");
}

void TestScheduler::catchUpAfterSleep()
{
    QFETCH(QString, spec);
    QFETCH(qint64, awakeFirstMs);
    QFETCH(qint64, sleepMs);
    QFETCH(bool, catchUp);
    QFETCH(QDateTime, slot);
    Rig rig(spec);
    rig.scheduler.start();
    rig.clock.advance(awakeFirstMs);
    rig.scheduler.tick();
    QVERIFY(rig.due.isEmpty());
    rig.clock.sleep(sleepMs);
    rig.scheduler.notifyWake();
    QCOMPARE(rig.due.size(), 1); // one run, never one per missed slot
    QCOMPARE(rig.trigger(0), catchUp ? RunTrigger::CatchUp : RunTrigger::Schedule);
    QCOMPARE(rig.slot(0), slot);
    QVERIFY(rig.skipped.isEmpty());
    QVERIFY(rig.scheduler.nextRunAt() > rig.clock.now());
    rig.runAndFinish();
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1);
}

void TestScheduler::clockJumpForward()
{
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.clock.jumpWallClock(3 * kHour + kMinute);
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1);
    QCOMPARE(rig.trigger(0), RunTrigger::CatchUp);
    QCOMPARE(rig.slot(0), utc("2024-01-01T13:00:00Z"));
    QCOMPARE(rig.scheduler.nextRunAt(), utc("2024-01-01T13:15:00Z"));
}

void TestScheduler::clockJumpBackwards_data()
{
    QTest::addColumn<qint64>("jumpMs");
    QTest::addColumn<QDateTime>("expectedNext");
    // The 10:15 slot has run; the clock is then at 10:20 and jumps back.
    QTest::newRow("2 hours back: next computed from now, no stall")
        << -2 * kHour << utc("2024-01-01T08:30:00Z");
    QTest::newRow("5 minutes back: next unchanged") << -5 * kMinute << utc("2024-01-01T10:30:00Z");
    QTest::newRow("back just before the slot") << -6 * kMinute << utc("2024-01-01T10:15:00Z");
}

void TestScheduler::clockJumpBackwards()
{
    QFETCH(qint64, jumpMs);
    QFETCH(QDateTime, expectedNext);
    Rig rig(QStringLiteral("every 15m"));
    rig.scheduler.start();
    rig.advanceToNextRun(); // 10:15
    rig.runAndFinish();
    rig.clock.advance(5 * kMinute);
    rig.scheduler.tick();
    rig.clock.jumpWallClock(jumpMs);
    rig.scheduler.tick();
    QCOMPARE(rig.due.size(), 1); // no burst
    QCOMPARE(rig.scheduler.nextRunAt(), expectedNext);
    QVERIFY(rig.scheduler.nextRunAt() > rig.clock.now());
    QVERIFY(rig.clock.now().msecsTo(rig.scheduler.nextRunAt()) <= 15 * kMinute); // no stall
    rig.advanceToNextRun();
    QCOMPARE(rig.due.size(), 2);
    QCOMPARE(rig.trigger(1), RunTrigger::Schedule);
    QCOMPARE(rig.slot(1), expectedNext);
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"

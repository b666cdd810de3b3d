// BatchStatsPanel fed through the worker's signals: live progress, last run, countdown, history.
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "models/RunHistoryModel.h"
#include "support/ManualClock.h"
#include "support/PanelSamples.h"
#include "ui/BatchStatsPanel.h"
#include "ui/RunHistoryChart.h"

#include <QBarCategoryAxis>
#include <QBarSet>
#include <QComboBox>
#include <QLabel>
#include <QLineSeries>
#include <QProgressBar>
#include <QStackedWidget>
#include <QTableView>
#include <QTest>
#include <QValueAxis>

using cc::RunRecord;
using cc::RunState;

namespace {
// Noon local time: countdowns within a few hours stay on the same local day in any time zone.
const QDateTime kNow = QDateTime(QDate(2024, 5, 1), QTime(12, 0), Qt::LocalTime).toUTC();

QString text(const QWidget &panel, const char *name)
{
    const auto *label = panel.findChild<QLabel *>(QString::fromLatin1(name));
    return label != nullptr ? label->text() : QStringLiteral("<no label %1>").arg(QString::fromLatin1(name));
}

bool shown(const QWidget &panel, const char *name)
{
    const auto *w = panel.findChild<QWidget *>(QString::fromLatin1(name));
    return w != nullptr && w->isVisibleTo(const_cast<QWidget *>(&panel));
}

struct Rig
{
    cc::CheckerController controller;
    cc::ManualClock clock{kNow};
    cc::CheckerStatus status;
    cc::BatchStatsPanel panel{&controller, &status};
    Rig()
    {
        status.follow(controller.worker());
        panel.setClock(&clock);
    }
    cc::CheckerWorker *worker() { return controller.worker(); }
};

RunRecord running(int total, int processed)
{
    RunRecord r = samples::run(42, kNow.addSecs(-120), RunState::Running, processed, 5, 2);
    r.trigger = cc::RunTrigger::Manual;
    r.total = total;
    return r;
}
} // namespace

class TestBatchStatsPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { cc::CheckerController::registerMetaTypes(); }
    void noRunInProgress();
    void progressUpdatesBarAndLabels();
    void unknownOrCappedTotal_data();
    void unknownOrCappedTotal();
    void finishedRunBecomesLastRun();
    void countdown_data();
    void countdown();
    void countdownTicksWhileShown();
    void pausedSchedule();
    void ticksOnlyWhileVisible();
    void historyFromRunsLoaded();
    void chartLeavesOutSkippedAndRunning();
    void chartPeriodSelectsRuns();
};

void TestBatchStatsPanel::noRunInProgress()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    QVERIFY(!rig.panel.isRunInProgress());
    QVERIFY(!shown(rig.panel, "currentProgress"));
    QVERIFY(!rig.panel.historyView()->isVisibleTo(&rig.panel)); // empty state instead of an empty table
    QCOMPARE(text(rig.panel, "nextRunCountdown"), QStringLiteral("Not scheduled"));
}

void TestBatchStatsPanel::progressUpdatesBarAndLabels()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    emit rig.worker()->runStarted(running(500, 0));
    QVERIFY(rig.panel.isRunInProgress());
    QVERIFY(shown(rig.panel, "currentProgress"));
    emit rig.worker()->runProgress(running(500, 240));
    const auto *bar = rig.panel.findChild<QProgressBar *>(QStringLiteral("currentProgress"));
    QCOMPARE(bar->maximum(), 500);
    QCOMPARE(bar->value(), 240);
    QCOMPARE(bar->text(), QStringLiteral("240 / 500"));
    // 240 in 2 min: 260 to go at the same pace, rounded up.
    QCOMPARE(text(rig.panel, "currentProcessed"), QStringLiteral("240 of 500 checked · about 3 min left"));
    QCOMPARE(text(rig.panel, "currentCompletions"), QStringLiteral("5"));
    QCOMPARE(text(rig.panel, "currentErrors"), QStringLiteral("2"));
    QCOMPARE(text(rig.panel, "currentElapsed"), QStringLiteral("2:00"));
    QCOMPARE(text(rig.panel, "currentRate"), QStringLiteral("120 learners/min"));
    QCOMPARE(text(rig.panel, "currentTrigger"), QStringLiteral("Manual"));
    QCOMPARE(text(rig.panel, "currentGraphyPace"), QStringLiteral("—")); // not told yet
    // The pace moves with the run's progress.
    RunRecord paced = running(500, 260);
    paced.graphyPace = QStringLiteral("38/s — held back after a 429 at 41/s");
    paced.appwritePace = QStringLiteral("24/s — rising: answers clean");
    emit rig.worker()->runProgress(paced);
    QCOMPARE(text(rig.panel, "currentGraphyPace"), paced.graphyPace);
    QCOMPARE(text(rig.panel, "currentAppwritePace"), paced.appwritePace);
    // The same run, one history row, updated in place.
    QCOMPARE(rig.panel.historyModel()->rowCount(), 1);
    QCOMPARE(rig.panel.historyModel()->runAt(0).processed, 260);
}

void TestBatchStatsPanel::unknownOrCappedTotal_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("processed");
    QTest::addColumn<bool>("busy");
    QTest::addColumn<QString>("processedText");
    QTest::newRow("unknown total") << -1 << 75 << true << QStringLiteral("75 checked");
    QTest::newRow("capped at 5000")
        << 5000 << 1200 << false
        << QStringLiteral("%1 of %2+ checked").arg(QLocale().toString(1200), QLocale().toString(5000));
    QTest::newRow("past the cap") << 5000 << 5200 << true
                                  << QStringLiteral("%1 checked").arg(QLocale().toString(5200));
    QTest::newRow("no learners") << 0 << 0 << true << QStringLiteral("0 checked");
    // Learners enrolled during the run: the bar stays, full, instead of turning into a busy bar.
    QTest::newRow("past an exact total") << 143 << 150 << false << QStringLiteral("150 of 150 checked");
}

void TestBatchStatsPanel::unknownOrCappedTotal()
{
    QFETCH(int, total);
    QFETCH(int, processed);
    QFETCH(bool, busy);
    QFETCH(QString, processedText);
    Rig rig;
    emit rig.worker()->runProgress(running(total, processed));
    const auto *bar = rig.panel.findChild<QProgressBar *>(QStringLiteral("currentProgress"));
    QCOMPARE(bar->minimum() == 0 && bar->maximum() == 0, busy);
    QCOMPARE(text(rig.panel, "currentProcessed"), processedText);
}

void TestBatchStatsPanel::finishedRunBecomesLastRun()
{
    Rig rig;
    rig.panel.show();
    emit rig.worker()->runStarted(running(500, 0));
    RunRecord done = running(500, 310);
    done.state = RunState::Partial;
    done.finishedAt = kNow;
    done.endReason = QStringLiteral("run deadline of 300 s reached");
    done.graphyPace = QStringLiteral("38/s — held back after a 429 at 41/s");
    done.appwritePace = QStringLiteral("20/s — at the configured ceiling");
    emit rig.worker()->runFinished(done);
    QVERIFY(shown(rig.panel, "lastPace"));
    QCOMPARE(text(rig.panel, "lastPace"), QStringLiteral("Ended at: Graphy 38/s — held back after a 429 at "
                                                         "41/s · Appwrite 20/s — at the configured ceiling"));
    QVERIFY(!rig.panel.isRunInProgress());
    QVERIFY(!shown(rig.panel, "currentProgress"));
    QVERIFY(text(rig.panel, "lastState").contains(QStringLiteral("Partial: run deadline of 300 s reached")));
    QVERIFY(text(rig.panel, "lastStarted").contains(QStringLiteral("took 2 m 00 s")));
    QCOMPARE(text(rig.panel, "lastProcessed"), QStringLiteral("310"));
    QCOMPARE(text(rig.panel, "lastErrors"), QStringLiteral("2"));
    QCOMPARE(rig.panel.historyModel()->rowCount(), 1);
    QCOMPARE(rig.panel.historyModel()->runAt(0).state, RunState::Partial);
}

void TestBatchStatsPanel::countdown_data()
{
    QTest::addColumn<int>("secondsAhead");
    QTest::addColumn<QString>("expected");
    QTest::newRow("12:34") << 754 << QStringLiteral("in 12:34");
    QTest::newRow("under a minute") << 59 << QStringLiteral("in 0:59");
    QTest::newRow("over an hour") << 3723 << QStringLiteral("in 1:02:03");
    QTest::newRow("overdue") << -5 << QStringLiteral("due now");
}

void TestBatchStatsPanel::countdown()
{
    QFETCH(int, secondsAhead);
    QFETCH(QString, expected);
    Rig rig;
    emit rig.worker()->scheduleChanged(kNow.addSecs(secondsAhead), false);
    QCOMPARE(text(rig.panel, "nextRunCountdown"), expected);
    QCOMPARE(text(rig.panel, "nextRunAt"),
             QStringLiteral("at ") +
                 kNow.addSecs(secondsAhead).toLocalTime().toString(QStringLiteral("HH:mm")));
}

void TestBatchStatsPanel::countdownTicksWhileShown()
{
    Rig rig;
    rig.panel.show();
    emit rig.worker()->scheduleChanged(kNow.addSecs(754), false);
    QVERIFY(rig.panel.isTicking());
    rig.clock.advance(4000);
    QTRY_COMPARE(text(rig.panel, "nextRunCountdown"), QStringLiteral("in 12:30"));
}

void TestBatchStatsPanel::pausedSchedule()
{
    Rig rig;
    rig.panel.show();
    emit rig.worker()->scheduleChanged(kNow.addSecs(754), true);
    QCOMPARE(text(rig.panel, "nextRunCountdown"), QStringLiteral("Schedule paused"));
    QVERIFY(!rig.panel.isTicking()); // nothing to count down
    emit rig.worker()->scheduleChanged(kNow.addSecs(754), false);
    QCOMPARE(text(rig.panel, "nextRunCountdown"), QStringLiteral("in 12:34"));
}

void TestBatchStatsPanel::ticksOnlyWhileVisible()
{
    Rig rig;
    emit rig.worker()->scheduleChanged(kNow.addSecs(754), false);
    QVERIFY(!rig.panel.isTicking()); // never shown
    rig.panel.show();
    QVERIFY(rig.panel.isTicking());
    rig.panel.hide();
    QVERIFY(!rig.panel.isTicking());
}

void TestBatchStatsPanel::historyFromRunsLoaded()
{
    Rig rig;
    rig.panel.resize(1000, 600);
    rig.panel.show();
    emit rig.worker()->runsLoaded(samples::runs(20, kNow.addSecs(-600)));
    QCOMPARE(rig.panel.historyModel()->rowCount(), 20);
    QVERIFY(rig.panel.historyView()->isVisibleTo(&rig.panel));
    QCOMPARE(rig.panel.historyView()->model()->rowCount(), 20);
    // The newest run that ran is the last run.
    QVERIFY(text(rig.panel, "lastState").contains(QStringLiteral("Finished")));
    // A new run goes on top of the history.
    emit rig.worker()->runStarted(running(500, 0));
    QCOMPARE(rig.panel.historyModel()->rowCount(), 21);
    QCOMPARE(rig.panel.historyModel()->runAt(0).id, 42);
    // A skipped slot is listed too.
    emit rig.worker()->runSkipped(kNow.addSecs(-300), QStringLiteral("a run was still in progress"));
    QCOMPARE(rig.panel.historyModel()->rowCount(), 22);
    QCOMPARE(rig.panel.historyModel()->runAt(1).state, RunState::Skipped);
}

void TestBatchStatsPanel::chartLeavesOutSkippedAndRunning()
{
    Rig rig;
    const QList<RunRecord> runs = samples::runs(20, kNow.addSecs(-600));
    const auto ran = std::count_if(runs.cbegin(), runs.cend(),
                                   [](const RunRecord &r) { return r.state != RunState::Skipped; });
    emit rig.worker()->runsLoaded(runs);
    emit rig.worker()->runStarted(running(500, 0));
    cc::RunHistoryChart *chart = rig.panel.historyChart();
    QTRY_COMPARE(chart->plottedRuns(), int(ran));
    // A pair of bars per run, oldest to newest; the values are the runs' figures.
    QCOMPARE(chart->completionsSet()->count(), int(ran));
    QCOMPARE(chart->errorsSet()->count(), int(ran));
    const QList<QDateTime> &starts = chart->plottedStarts();
    for (int i = 1; i < starts.size(); ++i)
        QVERIFY(starts.at(i - 1) < starts.at(i));
    QCOMPARE(chart->completionsSet()->at(int(ran) - 1), double(runs.first().completed));
    QCOMPARE(chart->errorsSet()->at(int(ran) - 1), double(runs.first().errors));
    // Run labels never crowd: at most 8, the newest always.
    const QStringList categories = chart->runAxis()->categories();
    QCOMPARE(categories.size(), int(ran));
    const auto labelled = std::count_if(categories.cbegin(), categories.cend(), [](const QString &c) {
        return !c.trimmed().remove(QChar(0x200B)).isEmpty();
    });
    QVERIFY(labelled >= 1 && labelled <= 8);
    QVERIFY(!QString(categories.last()).remove(QChar(0x200B)).isEmpty());
    // Round ticks on the count axis.
    const double range = chart->countAxis()->max() - chart->countAxis()->min();
    const double interval = range / (chart->countAxis()->tickCount() - 1);
    QCOMPARE(interval, std::round(interval));
    chart->setMaximumRuns(5);
    QCOMPARE(chart->plottedRuns(), 5);
}

void TestBatchStatsPanel::chartPeriodSelectsRuns()
{
    Rig rig;
    QList<RunRecord> runs;
    for (int daysAgo : {0, 2, 10, 40}) // newest first, as the model keeps them
        runs << samples::run(100 + daysAgo, kNow.addDays(-daysAgo).addSecs(-60), RunState::Finished, 10, 1,
                             0);
    emit rig.worker()->runsLoaded(runs);
    cc::RunHistoryChart *chart = rig.panel.historyChart();
    auto *period = rig.panel.findChild<QComboBox *>(QStringLiteral("historyPeriod"));
    QVERIFY(period);
    QCOMPARE(period->currentText(), QStringLiteral("Last 7 days"));
    QTRY_COMPARE(chart->plottedRuns(), 2);
    const std::pair<QString, int> expected[] = {{QStringLiteral("Last 24 hours"), 1},
                                                {QStringLiteral("Last 30 days"), 3},
                                                {QStringLiteral("All runs"), 4}};
    for (const auto &[text, count] : expected) {
        period->setCurrentIndex(period->findText(text));
        QCOMPARE(chart->plottedRuns(), count);
    }
}

QTEST_MAIN(TestBatchStatsPanel)
#include "tst_batch_stats_panel.moc"

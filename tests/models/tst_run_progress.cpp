// RunProgress: the one wording of a running run's progress ("128 of 143 checked · about 2 min
// left") that the status bar, Batch stats and the tray share. Pure: figures and a time in.
#include "models/RunProgress.h"

#include <QLocale>
#include <QTest>
#include <QTimeZone>

using cc::RunProgress;
using cc::RunRecord;

namespace {
const QDateTime kStart(QDate(2026, 3, 2), QTime(9, 0), QTimeZone::utc());
}

class TestRunProgress : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void wording_data();
    void wording();
};

void TestRunProgress::wording_data()
{
    QTest::addColumn<int>("total");
    QTest::addColumn<int>("processed");
    QTest::addColumn<int>("elapsedSecs"); // -1: the run has no start time
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("hasTotal");
    QTest::newRow("half way") << 200 << 100 << 120 << "100 of 200 checked · about 2 min left" << true;
    QTest::newRow("rounded up, never optimistic")
        << 200 << 100 << 61 << "100 of 200 checked · about 2 min left" << true;
    QTest::newRow("almost done") << 200 << 190 << 60 << "190 of 200 checked · less than a minute left"
                                 << true;
    QTest::newRow("hours") << 4000 << 40 << 60 << "40 of 4,000 checked · about 1 h 39 min left" << true;
    QTest::newRow("too early to tell: few checked") << 200 << 5 << 60 << "5 of 200 checked" << true;
    QTest::newRow("too early to tell: just started") << 200 << 50 << 2 << "50 of 200 checked" << true;
    QTest::newRow("no start time") << 200 << 100 << -1 << "100 of 200 checked" << true;
    QTest::newRow("unknown total") << -1 << 75 << 60 << "75 checked" << false;
    QTest::newRow("at least 5000: no estimate") << 5000 << 1200 << 60 << "1,200 of 5,000+ checked" << true;
    QTest::newRow("past an at-least total") << 5000 << 5200 << 60 << "5,200 checked" << false;
    QTest::newRow("enrolled during the run") << 143 << 150 << 60 << "150 of 150 checked" << true;
    QTest::newRow("nothing to check") << 0 << 0 << 60 << "0 checked" << false;
}

void TestRunProgress::wording()
{
    QFETCH(int, total);
    QFETCH(int, processed);
    QFETCH(int, elapsedSecs);
    QFETCH(QString, text);
    QFETCH(bool, hasTotal);
    RunRecord run;
    run.total = total;
    run.processed = processed;
    if (elapsedSecs >= 0)
        run.startedAt = kStart;
    const RunProgress progress(run, kStart.addSecs(std::max(0, elapsedSecs)));
    QCOMPARE(progress.text(), text);
    QCOMPARE(progress.hasTotal(), hasTotal);
    if (hasTotal)
        QVERIFY(progress.shownTotal() >= processed);
}

QTEST_GUILESS_MAIN(TestRunProgress)
#include "tst_run_progress.moc"

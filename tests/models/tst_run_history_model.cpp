// RunHistoryModel: newest first, upserts in place with row-precise dataChanged, raw sort values.
#include "models/ModelRoles.h"
#include "models/RunHistoryModel.h"
#include "support/PanelSamples.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using cc::RunHistoryModel;
using cc::RunRecord;
using cc::RunState;

namespace {
const QDateTime kBase(QDate(2024, 5, 1), QTime(12, 0), Qt::UTC);

struct Upsert
{
    qint64 id;
    int minutes; // start, minutes after kBase
    RunState state;
    int processed;
};

RunRecord toRun(const Upsert &u)
{
    return samples::run(u.id, kBase.addSecs(60 * u.minutes), u.state, u.processed, u.processed / 10, 1);
}

QList<qint64> idsInOrder(const RunHistoryModel &m)
{
    QList<qint64> ids;
    for (int row = 0; row < m.rowCount(); ++row)
        ids << m.index(row, 0).data(cc::RunIdRole).toLongLong();
    return ids;
}
} // namespace

Q_DECLARE_METATYPE(QList<Upsert>)

class TestRunHistoryModel : public QObject
{
    Q_OBJECT

private slots:
    void upserts_data();
    void upserts();
    void progressUpdatesOneRowInPlace();
    void runsWithoutIdMatchByStart();
    void setRunsSortsNewestFirst();
    void trimsToMaximum();
    void sortAndDisplayRoles();
    void skippedRunsHaveNoFigures();
};

void TestRunHistoryModel::upserts_data()
{
    QTest::addColumn<int>("initial"); // samples::runs(initial) with ids initial..1, newest first
    QTest::addColumn<QList<Upsert>>("upserts");
    QTest::addColumn<QList<qint64>>("expectedIds");
    QTest::addColumn<int>("expectedProcessedOfFirst");

    // Sample runs start 15 minutes apart, the newest at kBase (minute 0) with id == initial.
    QTest::newRow("into an empty model")
        << 0 << QList<Upsert>{{1, 0, RunState::Running, 0}} << QList<qint64>{1} << 0;
    QTest::newRow("a new run on top")
        << 3 << QList<Upsert>{{4, 10, RunState::Running, 5}} << QList<qint64>{4, 3, 2, 1} << 5;
    QTest::newRow("started, progress, finished") << 2
                                                 << QList<Upsert>{{3, 10, RunState::Running, 0},
                                                                  {3, 10, RunState::Running, 40},
                                                                  {3, 10, RunState::Finished, 90}}
                                                 << QList<qint64>{3, 2, 1} << 90;
    QTest::newRow("an older run lands in the middle")
        << 3 << QList<Upsert>{{9, -20, RunState::Finished, 7}} << QList<qint64>{3, 2, 9, 1} << -1;
    QTest::newRow("an existing run updated")
        << 3 << QList<Upsert>{{2, -15, RunState::Interrupted, 33}} << QList<qint64>{3, 2, 1} << -1;
    QTest::newRow("an existing run whose start moved")
        << 3 << QList<Upsert>{{1, 5, RunState::Finished, 12}} << QList<qint64>{1, 3, 2} << 12;
}

void TestRunHistoryModel::upserts()
{
    QFETCH(int, initial);
    QFETCH(QList<Upsert>, upserts);
    QFETCH(QList<qint64>, expectedIds);
    QFETCH(int, expectedProcessedOfFirst);
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(samples::runs(initial, kBase));
    for (const Upsert &u : upserts)
        model.upsertRun(toRun(u));
    QCOMPARE(idsInOrder(model), expectedIds);
    if (expectedProcessedOfFirst >= 0)
        QCOMPARE(model.runAt(0).processed, expectedProcessedOfFirst);
}

void TestRunHistoryModel::progressUpdatesOneRowInPlace()
{
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRuns(samples::runs(20, kBase));
    const RunRecord started = samples::run(21, kBase.addSecs(600), RunState::Running, 0, 0, 0);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.upsertRun(started);
    QCOMPARE(inserted.size(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(model.rowCount(), 21);

    RunRecord progress = started;
    for (int processed : {50, 100, 150}) {
        progress.processed = processed;
        model.upsertRun(progress);
    }
    progress.state = RunState::Finished;
    progress.finishedAt = progress.startedAt.addSecs(95);
    model.upsertRun(progress);

    QCOMPARE(inserted.size(), 1); // no more rows
    QCOMPARE(reset.size(), 0);
    QCOMPARE(changed.size(), 4);
    for (const auto &args : changed) {
        const auto from = args.at(0).value<QModelIndex>();
        const auto to = args.at(1).value<QModelIndex>();
        QCOMPARE(from.row(), 0);
        QCOMPARE(to.row(), 0); // row-precise
        QCOMPARE(from.column(), 0);
        QCOMPARE(to.column(), RunHistoryModel::ColumnCount - 1);
    }
    QCOMPARE(model.rowCount(), 21);
    QCOMPARE(model.index(0, RunHistoryModel::ProcessedColumn).data(cc::SortRole).toInt(), 150);
    QCOMPARE(model.index(0, RunHistoryModel::StateColumn).data().toString(), QStringLiteral("Finished"));
    QCOMPARE(model.index(0, RunHistoryModel::DurationColumn).data().toString(), QStringLiteral("1 m 35 s"));
}

void TestRunHistoryModel::runsWithoutIdMatchByStart()
{
    // Without a local database runs have id 0: a run is its start time and trigger.
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RunRecord a = samples::run(0, kBase, RunState::Running, 0, 0, 0);
    RunRecord b = samples::run(0, kBase.addSecs(900), RunState::Running, 0, 0, 0);
    model.upsertRun(a);
    a.processed = 30;
    model.upsertRun(a);
    model.upsertRun(b);
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.runAt(0).startedAt, b.startedAt);
    QCOMPARE(model.runAt(1).processed, 30);
}

void TestRunHistoryModel::setRunsSortsNewestFirst()
{
    RunHistoryModel model;
    QList<RunRecord> runs = samples::runs(8, kBase);
    std::reverse(runs.begin(), runs.end());
    model.setRuns(runs);
    for (int row = 1; row < model.rowCount(); ++row)
        QVERIFY(model.runAt(row - 1).startedAt > model.runAt(row).startedAt);
}

void TestRunHistoryModel::trimsToMaximum()
{
    RunHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaximumRows(5);
    model.setRuns(samples::runs(8, kBase));
    QCOMPARE(model.rowCount(), 5);
    model.upsertRun(samples::run(100, kBase.addSecs(60), RunState::Running, 0, 0, 0));
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.runAt(0).id, 100);
    QCOMPARE(model.runAt(4).id, 5); // the oldest dropped
}

void TestRunHistoryModel::sortAndDisplayRoles()
{
    RunHistoryModel model;
    RunRecord r = samples::run(7, kBase, RunState::Partial, 1234, 12, 3);
    r.endReason = QStringLiteral("run deadline of 300 s reached");
    model.setRuns({r});
    QCOMPARE(model.index(0, RunHistoryModel::StartedColumn).data(cc::SortRole).toLongLong(),
             kBase.toMSecsSinceEpoch());
    QCOMPARE(model.index(0, RunHistoryModel::StateColumn).data().toString(), QStringLiteral("Partial"));
    QCOMPARE(model.index(0, RunHistoryModel::StateColumn).data(Qt::ToolTipRole).toString(), r.endReason);
    QCOMPARE(model.index(0, RunHistoryModel::ProcessedColumn).data(cc::SortRole).toInt(), 1234);
    QCOMPARE(model.index(0, RunHistoryModel::ProcessedColumn).data().toString(), QLocale().toString(1234));
    QCOMPARE(model.index(0, RunHistoryModel::DurationColumn).data(cc::SortRole).toLongLong(), r.durationMs());
    QCOMPARE(model.index(0, RunHistoryModel::ErrorsColumn).data(cc::SortRole).toInt(), 3);
    QCOMPARE(model.index(0, RunHistoryModel::TriggerColumn).data().toString(), QStringLiteral("Schedule"));
    QCOMPARE(model.index(0, 0).data(cc::RunIdRole).toLongLong(), 7);
    QCOMPARE(model.headerData(RunHistoryModel::AlreadyRecordedColumn, Qt::Horizontal).toString(),
             QStringLiteral("Already recorded"));
}

void TestRunHistoryModel::skippedRunsHaveNoFigures()
{
    RunHistoryModel model;
    RunRecord r = samples::run(3, kBase, RunState::Skipped, 0, 0, 0);
    model.setRuns({r});
    QCOMPARE(model.index(0, RunHistoryModel::StateColumn).data().toString(), QStringLiteral("Skipped"));
    QVERIFY(!model.index(0, RunHistoryModel::ProcessedColumn).data().isValid());
    QVERIFY(!model.index(0, RunHistoryModel::DurationColumn).data().isValid());
}

QTEST_MAIN(TestRunHistoryModel)
#include "tst_run_history_model.moc"

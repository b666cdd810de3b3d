// LearnerFilterProxy: text/status/outcome filters, sorting on raw values, and batches that keep
// the proxy consistent (QAbstractItemModelTester) while sorting once per batch, not per row.
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "models/ModelRoles.h"
#include "support/LearnerRows.h"

#include <QAbstractItemModelTester>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace cc;
using testrows::checked;
using testrows::learner;
using testrows::numbered;
using Status = LearnerFilterProxy::StatusFilter;

namespace {

QStringList visibleIds(const QAbstractItemModel &proxy)
{
    QStringList ids;
    for (int r = 0; r < proxy.rowCount(); ++r)
        ids.append(proxy.index(r, 0).data(LearnerIdRole).toString());
    return ids;
}

// The proxy shows exactly the accepted rows, ordered by the sort column's raw values.
void verifyConsistent(const LearnerFilterProxy &proxy, const LearnerTableModel &model,
                      const std::function<bool(const CheckedLearner &)> &accepts)
{
    int expected = 0;
    for (int r = 0; r < model.rowCount(); ++r)
        expected += accepts(model.rowAt(r)) ? 1 : 0;
    QCOMPARE(proxy.rowCount(), expected);
    const int column = proxy.sortColumn();
    for (int r = 0; r < proxy.rowCount(); ++r) {
        const QModelIndex source = proxy.mapToSource(proxy.index(r, 0));
        QVERIFY(accepts(model.rowAt(source.row())));
        if (r == 0 || column < 0)
            continue;
        const QVariant prev = proxy.index(r - 1, column).data(SortRole);
        const QVariant cur = proxy.index(r, column).data(SortRole);
        const auto order = QVariant::compare(prev, cur);
        if (proxy.sortOrder() == Qt::AscendingOrder)
            QVERIFY2(order != QPartialOrdering::Greater, qPrintable(QStringLiteral("row %1").arg(r)));
        else
            QVERIFY2(order != QPartialOrdering::Less, qPrintable(QStringLiteral("row %1").arg(r)));
    }
}

QList<CheckedLearner> randomChecks(const LearnerTableModel &model, int count, QRandomGenerator &random,
                                   const QDateTime &base)
{
    QList<CheckedLearner> batch;
    for (int i = 0; i < count; ++i) {
        const CheckedLearner &row = model.rowAt(int(random.bounded(model.rowCount())));
        const auto outcome = static_cast<LearnerOutcome>(random.bounded(6));
        batch.append(checked(row, outcome, random.bounded(101), base.addSecs(random.bounded(100000))));
    }
    return batch;
}

} // namespace

class TestLearnerFilterProxy : public QObject
{
    Q_OBJECT

private slots:
    void staysConsistentThroughChunksAndBatches_data();
    void staysConsistentThroughChunksAndBatches();
    void filters_data();
    void filters();
    void sortsProgressNumerically();
    void sortsLastCheckChronologically();
    void largeBatchSortsOnce();
    void batchOutsideSortColumnMovesNothing();
    void newLearnersAreInsertedInPlace();
    void textSortFollowsAddedAndChangedRows_data();
    void textSortFollowsAddedAndChangedRows();
    void selectionFollowsItsLearner();
    void stuckLearnersAreMarkedAndFiltered();
};

void TestLearnerFilterProxy::staysConsistentThroughChunksAndBatches_data()
{
    QTest::addColumn<int>("sortColumn");
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<int>("bulkThreshold");
    QTest::newRow("progress desc, text, bulk")
        << int(LearnerTableModel::ProgressColumn) << "learner 1" << LearnerFilterProxy::AnyOutcome << 8;
    QTest::newRow("last check, outcome failed, bulk")
        << int(LearnerTableModel::LastCheckColumn) << "" << int(LearnerOutcome::Failed) << 8;
    QTest::newRow("outcome, never checked, per row")
        << int(LearnerTableModel::OutcomeColumn) << "" << LearnerFilterProxy::NeverChecked << 1000000;
    QTest::newRow("name, text, per row")
        << int(LearnerTableModel::NameColumn) << "2" << LearnerFilterProxy::AnyOutcome << 1000000;
}

void TestLearnerFilterProxy::staysConsistentThroughChunksAndBatches()
{
    QFETCH(int, sortColumn);
    QFETCH(QString, text);
    QFETCH(int, outcome);
    QFETCH(int, bulkThreshold);
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setBulkThreshold(bulkThreshold);
    proxy.setSourceModel(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.sort(sortColumn, Qt::DescendingOrder);
    proxy.setFilterText(text);
    proxy.setOutcomeFilter(outcome);
    const auto accepts = [&](const CheckedLearner &row) {
        const bool textOk = text.isEmpty() || row.learner.name.contains(text, Qt::CaseInsensitive) ||
                            row.learner.email.contains(text, Qt::CaseInsensitive) ||
                            row.learner.courseId.contains(text, Qt::CaseInsensitive);
        const int o = row.latestCheck ? int(row.latestCheck->outcome) : -1;
        return textOk && (outcome == LearnerFilterProxy::AnyOutcome || o == outcome);
    };

    QRandomGenerator random(7);
    const QDateTime base = QDateTime::currentDateTimeUtc();
    for (int chunk = 0; chunk < 5; ++chunk) {
        model.appendRows(numbered(chunk * 40, 40));
        verifyConsistent(proxy, model, accepts);
    }
    for (int batch = 0; batch < 12; ++batch) {
        // Alternate small and large batches, some with new learners at the end.
        QList<CheckedLearner> rows = randomChecks(model, batch % 2 ? 3 : 60, random, base);
        if (batch % 3 == 0)
            rows.append(numbered(1000 + batch * 10, 10));
        model.applyChanges(rows);
        verifyConsistent(proxy, model, accepts);
    }
    QVERIFY(proxy.dynamicSortFilter()); // never left paused
    // Filter changes over more rows than the bulk threshold rebuild the mapping in one step.
    for (const QString &next : {QStringLiteral("learner 3"), QStringLiteral("course-1"), QString()}) {
        text = next;
        proxy.setFilterText(next);
        verifyConsistent(proxy, model, accepts);
    }
    outcome = LearnerFilterProxy::AnyOutcome;
    proxy.setOutcomeFilter(outcome);
    verifyConsistent(proxy, model, accepts);
}

void TestLearnerFilterProxy::filters_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("status");
    QTest::addColumn<int>("outcome");
    QTest::addColumn<QStringList>("expected");

    const int any = LearnerFilterProxy::AnyOutcome;
    QTest::newRow("no filter") << "" << int(Status::Any) << any << QStringList{"a", "b", "c", "d", "e"};
    QTest::newRow("name, any case") << "ANN" << int(Status::Any) << any << QStringList{"a", "d"};
    QTest::newRow("e-mail part") << "bob@" << int(Status::Any) << any << QStringList{"b"};
    QTest::newRow("course") << "python-101" << int(Status::Any) << any << QStringList{"c", "e"};
    QTest::newRow("surrounding spaces ignored") << "  carl " << int(Status::Any) << any << QStringList{"c"};
    QTest::newRow("no match") << "zebra" << int(Status::Any) << any << QStringList{};
    QTest::newRow("enrolled") << "" << int(Status::Enrolled) << any << QStringList{"a", "b", "c"};
    QTest::newRow("completed") << "" << int(Status::Completed) << any << QStringList{"d"};
    QTest::newRow("other status") << "" << int(Status::Other) << any << QStringList{"e"};
    QTest::newRow("never checked") << "" << int(Status::Any) << int(LearnerFilterProxy::NeverChecked)
                                   << QStringList{"a", "e"};
    QTest::newRow("failed") << "" << int(Status::Any) << int(LearnerOutcome::Failed) << QStringList{"b"};
    QTest::newRow("completed outcome")
        << "" << int(Status::Any) << int(LearnerOutcome::Completed) << QStringList{"d"};
    QTest::newRow("in progress") << "" << int(Status::Any) << int(LearnerOutcome::InProgress)
                                 << QStringList{"c"};
    QTest::newRow("text and status") << "ann" << int(Status::Enrolled) << any << QStringList{"a"};
    QTest::newRow("all three") << "python" << int(Status::Enrolled) << int(LearnerOutcome::InProgress)
                               << QStringList{"c"};
}

void TestLearnerFilterProxy::filters()
{
    QFETCH(QString, text);
    QFETCH(int, status);
    QFETCH(int, outcome);
    QFETCH(QStringList, expected);
    LearnerTableModel model;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.appendRows({
        learner("a", "Ann Lee", "ann@example.com", "design-1"),
        checked(learner("b", "Bob Stone", "bob@example.com", "design-1"), LearnerOutcome::Failed, -1, at),
        checked(learner("c", "Carl Dunn", "carl@example.com", "python-101"), LearnerOutcome::InProgress, 40,
                at),
        checked(learner("d", "Joanne Ray", "jo@example.com", "design-2", "completed"),
                LearnerOutcome::Completed, 100, at),
        learner("e", "Eve Adams", "eve@example.com", "Python-101", "refunded"),
    });
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.sort(LearnerTableModel::NameColumn);
    QSignalSpy changed(&proxy, &LearnerFilterProxy::filtersChanged);
    proxy.setFilterText(text);
    proxy.setStatusFilter(static_cast<Status>(status));
    proxy.setOutcomeFilter(outcome);
    QStringList ids = visibleIds(proxy);
    ids.sort();
    QCOMPARE(ids, expected);
    QCOMPARE(proxy.isFiltering(), !text.trimmed().isEmpty() || status != int(Status::Any) ||
                                      outcome != LearnerFilterProxy::AnyOutcome);
    proxy.clearFilters();
    QCOMPARE(proxy.rowCount(), 5);
}

void TestLearnerFilterProxy::sortsProgressNumerically()
{
    LearnerTableModel model;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.appendRows({checked(learner("p100", "A", "a@e.com"), LearnerOutcome::Completed, 100, at),
                      checked(learner("p9", "B", "b@e.com"), LearnerOutcome::InProgress, 9, at),
                      learner("none", "C", "c@e.com"),
                      checked(learner("p10", "D", "d@e.com"), LearnerOutcome::InProgress, 10, at),
                      checked(learner("p95", "E", "e@e.com"), LearnerOutcome::InProgress, 9.5, at)});
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(LearnerTableModel::ProgressColumn, Qt::AscendingOrder);
    // Text order would be "10 %", "100 %", "9 %", "9.5 %", "—".
    QCOMPARE(visibleIds(proxy), (QStringList{"none", "p9", "p95", "p10", "p100"}));
    proxy.sort(LearnerTableModel::ProgressColumn, Qt::DescendingOrder);
    QCOMPARE(visibleIds(proxy), (QStringList{"p100", "p10", "p95", "p9", "none"}));
}

void TestLearnerFilterProxy::sortsLastCheckChronologically()
{
    LearnerTableModel model;
    const QDateTime now = QDateTime::currentDateTime();
    model.appendRows(
        {checked(learner("today", "A", "a@e.com"), LearnerOutcome::InProgress, 1, now),
         checked(learner("y2021", "B", "b@e.com"), LearnerOutcome::InProgress, 1,
                 QDateTime(QDate(2021, 3, 5), QTime(12, 0), Qt::UTC)),
         learner("never", "C", "c@e.com"),
         checked(learner("yesterday", "D", "d@e.com"), LearnerOutcome::InProgress, 1, now.addDays(-1)),
         checked(learner("y2020", "E", "e@e.com"), LearnerOutcome::InProgress, 1,
                 QDateTime(QDate(2020, 12, 31), QTime(12, 0), Qt::UTC))});
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    proxy.sort(LearnerTableModel::LastCheckColumn, Qt::AscendingOrder);
    // Text order would be "31 Dec 2020", "5 Mar 2021", "Today, …", "Yesterday, …", "never".
    QCOMPARE(visibleIds(proxy), (QStringList{"never", "y2020", "y2021", "yesterday", "today"}));
}

void TestLearnerFilterProxy::largeBatchSortsOnce()
{
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendRows(numbered(0, 2000));
    proxy.sort(LearnerTableModel::LastCheckColumn, Qt::DescendingOrder);
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy removed(&proxy, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&proxy, &QAbstractItemModel::modelReset);
    QRandomGenerator random(3);
    const QList<CheckedLearner> batch = randomChecks(model, 500, random, QDateTime::currentDateTimeUtc());
    model.applyChanges(batch);
    QCOMPARE(layout.count(), 1);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(reset.count(), 0);
    QVERIFY(proxy.dynamicSortFilter());
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });
}

void TestLearnerFilterProxy::batchOutsideSortColumnMovesNothing()
{
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendRows(numbered(0, 2000));
    proxy.sort(LearnerTableModel::NameColumn);
    const QStringList before = visibleIds(proxy);
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy changed(&proxy, &QAbstractItemModel::dataChanged);
    QRandomGenerator random(5);
    model.applyChanges(randomChecks(model, 500, random, QDateTime::currentDateTimeUtc()));
    QCOMPARE(layout.count(), 0);
    QVERIFY(changed.count() > 0);
    QCOMPARE(visibleIds(proxy), before);
}

void TestLearnerFilterProxy::newLearnersAreInsertedInPlace()
{
    // A run's first pass brings hundreds of new learners per batch: they are inserted where the
    // sort puts them, without sorting every row again.
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendRows(numbered(0, 2000));
    proxy.sort(LearnerTableModel::NameColumn);
    QSignalSpy layout(&proxy, &QAbstractItemModel::layoutChanged);
    QSignalSpy inserted(&proxy, &QAbstractItemModel::rowsInserted);
    model.applyChanges(numbered(5000, 500));
    QCOMPARE(layout.count(), 0);
    QVERIFY(inserted.count() > 0);
    QCOMPARE(proxy.rowCount(), 2500);
    QVERIFY(proxy.dynamicSortFilter());
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });
}

void TestLearnerFilterProxy::textSortFollowsAddedAndChangedRows_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<int>("changes"); // above the bulk threshold (32): one re-sort at the batch's end
    QTest::newRow("name, one") << int(LearnerTableModel::NameColumn) << 1;
    QTest::newRow("name, many") << int(LearnerTableModel::NameColumn) << 200;
    QTest::newRow("course, one") << int(LearnerTableModel::CourseColumn) << 1;
    QTest::newRow("course, many") << int(LearnerTableModel::CourseColumn) << 200;
    QTest::newRow("status, many") << int(LearnerTableModel::StatusColumn) << 200;
}

void TestLearnerFilterProxy::textSortFollowsAddedAndChangedRows()
{
    // Text columns sort through ranks of their distinct values; values first seen after a sort
    // (new learners, changed names) must land in their places.
    QFETCH(int, column);
    QFETCH(int, changes);
    static const QStringList names = {"Zoë Ali", "zoe ali", "Élodie Kim", "elodie kim", "Ömer 10",
                                      "ömer 9",  "",        "Bob",        "bob",        "BOB smith"};
    const auto row = [](int i, int variant) {
        return learner(QStringLiteral("l%1").arg(i),
                       names.at((i + variant) % names.size()) + QString::number(variant),
                       QStringLiteral("l%1@example.com").arg(i),
                       QStringLiteral("6746a3f1%1").arg((i * 7 + variant) % 23, 16, 10, QLatin1Char('0')),
                       (i + variant) % 3 ? QStringLiteral("enrolled") : QStringLiteral("Completed"));
    };
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QList<CheckedLearner> rows;
    for (int i = 0; i < 300; ++i)
        rows.append(row(i, 0));
    model.appendRows(rows);
    proxy.sort(column);
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });

    QList<CheckedLearner> added;
    for (int i = 300; i < 340; ++i)
        added.append(row(i, 1)); // new values
    model.applyChanges(added);
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });

    QList<CheckedLearner> batch;
    for (int i = 0; i < changes; ++i)
        batch.append(row(i * 3 % 340, 2 + i % 4)); // new values and values already present
    model.applyChanges(batch);
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });

    proxy.sort(column, Qt::DescendingOrder);
    verifyConsistent(proxy, model, [](const CheckedLearner &) { return true; });
}

void TestLearnerFilterProxy::stuckLearnersAreMarkedAndFiltered()
{
    LearnerTableModel model;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.appendRows({
        checked(learner("a", "Ann Lee", "ann@example.com", "design-1"), LearnerOutcome::Failed, -1, at),
        checked(learner("b", "Bob Stone", "bob@example.com", "design-1"), LearnerOutcome::Failed, -1, at),
        checked(learner("c", "Carl Dunn", "carl@example.com", "python-101"), LearnerOutcome::InProgress, 40,
                at),
    });
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
    proxy.setOutcomeFilter(LearnerFilterProxy::Stuck);
    QCOMPARE(proxy.rowCount(), 0);

    QSignalSpy stuckChanged(&model, &LearnerTableModel::stuckChanged);
    model.setStuck({QStringLiteral("b"), QStringLiteral("not-loaded")});
    QCOMPARE(stuckChanged.size(), 1);
    QCOMPARE(model.stuckCount(), 2);
    QCOMPARE(visibleIds(proxy), QStringList{QStringLiteral("b")}); // follows without a new filter call
    const auto outcomeText = [&](int row) {
        return model.index(row, LearnerTableModel::OutcomeColumn).data().toString();
    };
    QVERIFY2(outcomeText(model.rowForLearner("b")).startsWith(QStringLiteral("Stuck")),
             qPrintable(outcomeText(model.rowForLearner("b"))));
    QCOMPARE(outcomeText(model.rowForLearner("a")), QStringLiteral("Failed"));

    model.setStuck({QStringLiteral("b"), QStringLiteral("not-loaded")}); // the same: no signal
    QCOMPARE(stuckChanged.size(), 1);
    model.setStuck({}); // b checked fine again
    QCOMPARE(proxy.rowCount(), 0);
    QCOMPARE(outcomeText(model.rowForLearner("b")), QStringLiteral("Failed"));
}

void TestLearnerFilterProxy::selectionFollowsItsLearner()
{
    LearnerTableModel model;
    LearnerFilterProxy proxy;
    proxy.setSourceModel(&model);
    model.appendRows(numbered(0, 500));
    proxy.sort(LearnerTableModel::LastCheckColumn, Qt::DescendingOrder);
    const QPersistentModelIndex selected = proxy.index(123, 0);
    const QString id = selected.data(LearnerIdRole).toString();
    QRandomGenerator random(11);
    model.applyChanges(randomChecks(model, 200, random, QDateTime::currentDateTimeUtc()));
    QVERIFY(selected.isValid());
    QCOMPARE(selected.data(LearnerIdRole).toString(), id);
    proxy.setFilterText(QStringLiteral("learner"));
    QCOMPARE(selected.data(LearnerIdRole).toString(), id);
    proxy.setFilterText(QStringLiteral("no such learner"));
    QVERIFY(!selected.isValid());
}

QTEST_MAIN(TestLearnerFilterProxy)
#include "tst_learner_filter_proxy.moc"

// ErrorLogModel: grouped by cause, newest first; batched inserts; QAbstractItemModelTester-clean.
#include "models/ErrorLogModel.h"
#include "models/ModelRoles.h"
#include "support/PanelSamples.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using cc::ErrorEntry;
using cc::ErrorLogModel;

namespace {
const QDateTime kBase(QDate(2024, 5, 1), QTime(14, 2), Qt::UTC);

struct Spec
{
    QString cause; // "service/type"
    int secondsAfterBase;
    QString learner;
};

ErrorEntry toEntry(const Spec &s, qint64 id)
{
    const QString service = s.cause.section(QLatin1Char('/'), 0, 0);
    const QString type = s.cause.section(QLatin1Char('/'), 1);
    return samples::error(id, kBase.addSecs(s.secondsAfterBase), service, type, s.learner);
}

QList<ErrorEntry> toEntries(const QList<Spec> &specs, qint64 firstId = 1)
{
    QList<ErrorEntry> list;
    for (const Spec &s : specs)
        list << toEntry(s, firstId++);
    return list;
}

// "cause:count" per top-level row, in row order.
QStringList groups(const ErrorLogModel &m)
{
    QStringList out;
    for (int row = 0; row < m.rowCount(); ++row) {
        const QModelIndex cause = m.index(row, 0);
        out << QStringLiteral("%1:%2").arg(cause.data(cc::CauseKeyRole).toString()).arg(m.rowCount(cause));
    }
    return out;
}
} // namespace

Q_DECLARE_METATYPE(QList<Spec>)

class TestErrorLogModel : public QObject
{
    Q_OBJECT

private slots:
    void grouping_data();
    void grouping();
    void batches_data();
    void batches();
    void addToExistingCauseInsertsChildrenOnly();
    void newerErrorsMoveTheirCauseToTheTop();
    void childrenNewestFirst();
    void summaryAndRoles();
    void learnerIdsOfSelection();
    void trimsOldestBeyondMaximum();
    void clear();
    void laterSuccessResolvesButKeeps();
};

void TestErrorLogModel::grouping_data()
{
    QTest::addColumn<QList<Spec>>("specs");
    QTest::addColumn<QStringList>("expected");
    const QString a = QStringLiteral("graphy/general_server_error");
    const QString b = QStringLiteral("appwrite/document_invalid_structure");
    const QString c = QStringLiteral("graphy/timeout");
    QTest::newRow("three causes") << QList<Spec>{{a, 50, "l1"}, {b, 40, "l2"}, {a, 30, "l3"},
                                                 {c, 20, "l4"}, {a, 10, "l5"}, {b, 5, "l6"}}
                                  << QStringList{a + ":3", b + ":2", c + ":1"};
    QTest::newRow("most recent cause first") << QList<Spec>{{a, 10, "l1"}, {c, 90, "l2"}, {b, 50, "l3"}}
                                             << QStringList{c + ":1", b + ":1", a + ":1"};
    QTest::newRow("one cause") << QList<Spec>{{b, 1, "l1"}, {b, 2, "l1"}} << QStringList{b + ":2"};
    QTest::newRow("none") << QList<Spec>{} << QStringList{};
    QTest::newRow("the samples: 30 errors in 3 causes")
        << QList<Spec>{} << QStringList{a + ":15", b + ":10", c + ":5"};
}

void TestErrorLogModel::grouping()
{
    QFETCH(QList<Spec>, specs);
    QFETCH(QStringList, expected);
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QList<ErrorEntry> entries = QByteArray(QTest::currentDataTag()).startsWith("the samples")
                                          ? samples::errors(30, kBase)
                                          : toEntries(specs);
    model.setErrors(entries);
    QCOMPARE(groups(model), expected);
    QCOMPARE(model.errorCount(), entries.size());
    QCOMPARE(model.causeCount(), expected.size());
}

void TestErrorLogModel::batches_data()
{
    // Several batches through addErrors end up as setErrors would have it, and the tester is
    // satisfied at every step.
    QTest::addColumn<QList<QList<Spec>>>("batchList");
    QTest::addColumn<QStringList>("expected");
    const QString a = QStringLiteral("graphy/general_server_error");
    const QString b = QStringLiteral("appwrite/document_invalid_structure");
    const QString c = QStringLiteral("graphy/timeout");
    QTest::newRow("new causes, then more of each")
        << QList<QList<Spec>>{{{a, 1, "l1"}, {b, 2, "l2"}},
                              {{a, 3, "l3"}, {c, 4, "l4"}, {a, 5, "l5"}},
                              {{b, 6, "l6"}}}
        << QStringList{b + ":2", a + ":3", c + ":1"};
    QTest::newRow("late arrivals interleave")
        << QList<QList<Spec>>{{{a, 10, "l1"}, {a, 30, "l2"}}, {{a, 20, "l3"}, {a, 5, "l4"}}}
        << QStringList{a + ":4"};
    QTest::newRow("older batch goes to the end")
        << QList<QList<Spec>>{{{a, 50, "l1"}}, {{a, 10, "l2"}, {a, 20, "l3"}}} << QStringList{a + ":3"};
    QTest::newRow("empty batch") << QList<QList<Spec>>{{{a, 1, "l1"}}, {}} << QStringList{a + ":1"};
}

void TestErrorLogModel::batches()
{
    QFETCH(QList<QList<Spec>>, batchList);
    QFETCH(QStringList, expected);
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    qint64 id = 1;
    QList<ErrorEntry> all;
    for (const QList<Spec> &batch : batchList) {
        const QList<ErrorEntry> entries = toEntries(batch, id);
        id += batch.size();
        all << entries;
        model.addErrors(entries);
    }
    QCOMPARE(groups(model), expected);
    ErrorLogModel reference;
    reference.setErrors(all);
    QCOMPARE(groups(reference), expected);
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex cause = model.index(row, 0);
        const QModelIndex refCause = reference.index(row, 0);
        for (int child = 0; child < model.rowCount(cause); ++child)
            QCOMPARE(model.index(child, 0, cause).data(cc::ErrorIdRole),
                     reference.index(child, 0, refCause).data(cc::ErrorIdRole));
    }
}

void TestErrorLogModel::addToExistingCauseInsertsChildrenOnly()
{
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setErrors(samples::errors(30, kBase));
    const QString cause = QStringLiteral("graphy/general_server_error");
    QCOMPARE(model.index(0, 0).data(cc::CauseKeyRole).toString(), cause);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QList<ErrorEntry> batch;
    for (int i = 0; i < 4; ++i)
        batch << samples::error(100 + i, kBase.addSecs(60 + i), QStringLiteral("graphy"),
                                QStringLiteral("general_server_error"), QStringLiteral("l%1").arg(i));
    model.addErrors(batch);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(inserted.size(), 1); // one range for the batch
    const auto parent = inserted.first().at(0).value<QModelIndex>();
    QCOMPARE(parent, model.causeIndex(cause));
    QCOMPARE(inserted.first().at(1).toInt(), 0);
    QCOMPARE(inserted.first().at(2).toInt(), 3);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowCount(model.causeIndex(cause)), 19);
    QCOMPARE(model.errorCount(), 34);
}

void TestErrorLogModel::newerErrorsMoveTheirCauseToTheTop()
{
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString a = QStringLiteral("graphy/general_server_error");
    const QString c = QStringLiteral("graphy/timeout");
    model.setErrors(toEntries({{a, 50, "l1"}, {c, 10, "l2"}}));
    QSignalSpy moved(&model, &QAbstractItemModel::rowsMoved);
    const QPersistentModelIndex oldChild = model.index(0, 0, model.causeIndex(c));
    model.addErrors(toEntries({{c, 100, "l3"}}, 10));
    QCOMPARE(moved.size(), 1);
    QCOMPARE(groups(model), (QStringList{c + ":2", a + ":1"}));
    QVERIFY(oldChild.isValid());
    QCOMPARE(oldChild.row(), 1); // the earlier entry, now below the new one
    QCOMPARE(oldChild.parent().row(), 0);
    QCOMPARE(model.entryAt(oldChild)->learnerId, QStringLiteral("l2"));
}

void TestErrorLogModel::childrenNewestFirst()
{
    ErrorLogModel model;
    model.setErrors(samples::errors(30, kBase));
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex cause = model.index(row, 0);
        for (int child = 1; child < model.rowCount(cause); ++child)
            QVERIFY(model.entryAt(model.index(child - 1, 0, cause))->at >=
                    model.entryAt(model.index(child, 0, cause))->at);
        if (row > 0)
            QVERIFY(model.entryAt(model.index(0, 0, model.index(row - 1, 0)))->at >=
                    model.entryAt(model.index(0, 0, cause))->at);
    }
}

void TestErrorLogModel::summaryAndRoles()
{
    ErrorLogModel model;
    const QDateTime today(QDate::currentDate(), QTime(14, 2), Qt::LocalTime);
    QList<ErrorEntry> entries;
    for (int i = 0; i < 12; ++i)
        entries << samples::error(i + 1, today.addSecs(-60 * i), QStringLiteral("graphy"),
                                  QStringLiteral("general_server_error"), QStringLiteral("l%1").arg(i));
    model.setErrors(entries);
    const QModelIndex cause = model.index(0, 0);
    QCOMPARE(cause.data().toString(),
             QStringLiteral("graphy / general_server_error — 12 errors, last 14:02"));
    QVERIFY(model.isCause(cause));
    QVERIFY(model.entryAt(cause) == nullptr);
    const QModelIndex first = model.index(0, ErrorLogModel::HttpStatusColumn, cause);
    QCOMPARE(first.data().toString(), QStringLiteral("500"));
    QCOMPARE(first.data(cc::SortRole).toInt(), 500);
    QCOMPARE(first.siblingAtColumn(ErrorLogModel::LearnerColumn).data().toString(), QStringLiteral("l0"));
    QCOMPARE(first.siblingAtColumn(ErrorLogModel::OperationColumn).data().toString(),
             QStringLiteral("learnerByEmail"));
    QCOMPARE(first.data(cc::ErrorIdRole).toLongLong(), 1);
    QCOMPARE(first.data(cc::CauseKeyRole).toString(), QStringLiteral("graphy/general_server_error"));
    QCOMPARE(first.siblingAtColumn(ErrorLogModel::TimeColumn).data().toString(), QStringLiteral("14:02:00"));
    QCOMPARE(model.rowCount(first), 0);
}

void TestErrorLogModel::learnerIdsOfSelection()
{
    ErrorLogModel model;
    const QString a = QStringLiteral("graphy/general_server_error");
    const QString b = QStringLiteral("appwrite/document_invalid_structure");
    model.setErrors(toEntries({{a, 50, "l1"}, {a, 40, "l2"}, {a, 30, "l1"}, {b, 20, "l3"}, {b, 10, ""}}));
    const QModelIndex causeA = model.causeIndex(a);
    const QModelIndex causeB = model.causeIndex(b);
    QCOMPARE(model.learnerIdsOf({causeA}), (QStringList{"l1", "l2"}));
    // Several columns of one row count once; run-level entries (no learner) add nothing.
    QCOMPARE(
        model.learnerIdsOf({model.index(0, 0, causeB), model.index(0, 3, causeB), model.index(1, 0, causeB)}),
        QStringList{"l3"});
    QCOMPARE(model.learnerIdsOf({model.index(1, 0, causeA), causeA, causeB}),
             (QStringList{"l2", "l1", "l3"}));
}

void TestErrorLogModel::trimsOldestBeyondMaximum()
{
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QString a = QStringLiteral("graphy/general_server_error");
    const QString c = QStringLiteral("graphy/timeout");
    model.setMaximumEntries(3);
    model.setErrors(toEntries({{a, 50, "l1"}, {c, 10, "l2"}, {a, 40, "l3"}}));
    model.addErrors(toEntries({{a, 60, "l4"}}, 10)); // the oldest (cause c's only entry) goes, and c with it
    QCOMPARE(groups(model), QStringList{a + ":3"});
    QCOMPARE(model.errorCount(), 3);
    model.addErrors(toEntries({{c, 70, "l5"}, {c, 80, "l6"}}, 20));
    QCOMPARE(groups(model), (QStringList{c + ":2", a + ":1"}));
    QCOMPARE(model.entryAt(model.index(0, 0, model.causeIndex(a)))->learnerId, QStringLiteral("l4"));
}

void TestErrorLogModel::clear()
{
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setErrors(samples::errors(30, kBase));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.errorCount(), 0);
    model.addErrors(samples::errors(6, kBase));
    QCOMPARE(model.errorCount(), 6);
}

void TestErrorLogModel::laterSuccessResolvesButKeeps()
{
    ErrorLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setErrors(toEntries({{"graphy/http_503", 0, "a"},
                               {"graphy/http_503", 1, "b"},
                               {"graphy/http_503", 30, "a"},
                               {"appwrite/network", 2, ""}}));
    QCOMPARE(model.openCount(), 4);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy entries(&model, &ErrorLogModel::entriesChanged);

    cc::ErrorResolution byCheck; // learner a checked fine at +10 s: its error at +30 s came later
    byCheck.at = kBase.addSecs(10);
    byCheck.learnerIds = {QStringLiteral("a")};
    model.resolve(byCheck);
    QCOMPARE(model.openCount(), 3);
    QCOMPARE(model.errorCount(), 4); // kept, as history
    QVERIFY(!changed.isEmpty());
    QCOMPARE(entries.size(), 1);
    const QModelIndex graphy = model.causeIndex(QStringLiteral("graphy/http_503"));
    const QModelIndex oldest = model.index(2, ErrorLogModel::MessageColumn, graphy); // a at +0
    QCOMPARE(model.entryAt(oldest.siblingAtColumn(0))->learnerId, QStringLiteral("a"));
    QVERIFY(!model.entryAt(oldest.siblingAtColumn(0))->isOpen());
    QVERIFY2(oldest.data().toString().startsWith(QStringLiteral("Resolved ")),
             qPrintable(oldest.data().toString()));
    QVERIFY(oldest.data(Qt::ForegroundRole).isValid()); // shown greyed
    QVERIFY(model.causeSummary(graphy).contains(QStringLiteral("2 open of 3")));
    QVERIFY(model.newestOpen([](const ErrorEntry &e) { return e.learnerId.isEmpty(); }).has_value());

    cc::ErrorResolution byRun; // a run that finished resolves the whole-run errors
    byRun.at = kBase.addSecs(60);
    byRun.wholeRuns = true;
    model.resolve(byRun);
    QCOMPARE(model.openCount(), 2);
    QVERIFY(model.causeSummary(model.causeIndex(QStringLiteral("appwrite/network")))
                .contains(QStringLiteral("resolved")));
    QVERIFY(!model.newestOpen([](const ErrorEntry &e) { return e.learnerId.isEmpty(); }).has_value());

    changed.clear();
    model.resolve(byRun); // nothing left that it covers
    QVERIFY(changed.isEmpty());
    QCOMPARE(model.openCount(), 2);
}

QTEST_MAIN(TestErrorLogModel)
#include "tst_error_log_model.moc"

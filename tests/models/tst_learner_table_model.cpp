// LearnerTableModel: chunked loading, display and sort values per column, batched changes that
// stay row-precise (never a reset), and the per-learner lookups.
#include "models/LearnerTableModel.h"
#include "models/ModelRoles.h"
#include "support/LearnerRows.h"

#include <QAbstractItemModelTester>
#include <QColor>
#include <QIcon>
#include <QSignalSpy>
#include <QTest>

using namespace cc;
using testrows::checked;
using testrows::learner;
using testrows::numbered;

class TestLearnerTableModel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void appendsChunksOneInsertionEach();
    void appendingKnownLearnersUpdatesThem();
    void displayAndSortValues_data();
    void displayAndSortValues();
    void rolesForFiltersAndSelection();
    void applyChangesIsRowPrecise();
    void applyChangesAnnouncesOnlyChangedColumns();
    void unchangedRowsAreNotAnnounced();
    void progressToolTipHasTheRawFigures();
    void rowWithoutCheckKeepsTheLatestOne();
    void olderCheckNeverReplacesNewer();
    void learnerTwiceInOneBatch();
    void clearEmptiesEverything();
    void outcomeColoursDifferForFailedAndCompleted();
    void textOrderIsTheLowerCasedCompare_data();
    void textOrderIsTheLowerCasedCompare();
};

namespace {

// The text columns' order before ranks (LearnerTableModel::TextKey until 2026-12): the lower-cased
// value's first 8 UTF-16 units packed into two integers, then the whole QString on a tie.
bool textKeyLess(const QString &left, const QString &right)
{
    const auto pack = [](const QString &text, bool high) {
        quint64 packed = 0;
        for (int i = high ? 0 : 4; i < (high ? 4 : 8); ++i)
            packed |= quint64(i < text.size() ? text.at(i).unicode() : 0) << (48 - 16 * (i % 4));
        return packed;
    };
    const QString a = left.toLower();
    const QString b = right.toLower();
    if (pack(a, true) != pack(b, true))
        return pack(a, true) < pack(b, true);
    if (pack(a, false) != pack(b, false))
        return pack(a, false) < pack(b, false);
    return a < b;
}

// Every pair of rows, in every text column, compares as textKeyLess says.
void verifyTextOrder(const LearnerTableModel &model)
{
    const int columns[] = {LearnerTableModel::NameColumn, LearnerTableModel::EmailColumn,
                           LearnerTableModel::CourseColumn, LearnerTableModel::StatusColumn};
    for (const int column : columns) {
        for (int a = 0; a < model.rowCount(); ++a) {
            for (int b = 0; b < model.rowCount(); ++b) {
                const LearnerRecord &l = model.rowAt(a).learner;
                const LearnerRecord &r = model.rowAt(b).learner;
                const QString left = column == LearnerTableModel::NameColumn     ? l.name
                                     : column == LearnerTableModel::EmailColumn  ? l.email
                                     : column == LearnerTableModel::CourseColumn ? l.courseId
                                                                                 : l.status;
                const QString right = column == LearnerTableModel::NameColumn     ? r.name
                                      : column == LearnerTableModel::EmailColumn  ? r.email
                                      : column == LearnerTableModel::CourseColumn ? r.courseId
                                                                                  : r.status;
                QVERIFY2(
                    model.lessThan(a, b, column) == textKeyLess(left, right),
                    qPrintable(QStringLiteral("column %1: \"%2\" < \"%3\"").arg(column).arg(left, right)));
            }
        }
    }
}

} // namespace

void TestLearnerTableModel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void TestLearnerTableModel::appendsChunksOneInsertionEach()
{
    LearnerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    for (int chunk = 0; chunk < 4; ++chunk)
        model.appendRows(numbered(chunk * 250, 250));
    QCOMPARE(model.rowCount(), 1000);
    QCOMPARE(inserted.count(), 4);
    QCOMPARE(inserted.at(3).at(1).toInt(), 750);
    QCOMPARE(inserted.at(3).at(2).toInt(), 999);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(model.rowForLearner(QStringLiteral("l0")), 0);
    QCOMPARE(model.rowForLearner(QStringLiteral("l999")), 999);
    QCOMPARE(model.rowForLearner(QStringLiteral("nobody")), -1);
    QCOMPARE(model.rowAt(512).learner.email, QStringLiteral("l512@example.com"));
}

void TestLearnerTableModel::appendingKnownLearnersUpdatesThem()
{
    LearnerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendRows(numbered(0, 10));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QList<CheckedLearner> again = numbered(5, 10); // l5..l9 known, l10..l14 new
    again[0].learner.name = QStringLiteral("Renamed");
    model.appendRows(again);
    QCOMPARE(model.rowCount(), 15);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.index(5, LearnerTableModel::NameColumn).data().toString(), QStringLiteral("Renamed"));
}

void TestLearnerTableModel::displayAndSortValues_data()
{
    QTest::addColumn<CheckedLearner>("row");
    QTest::addColumn<int>("column");
    QTest::addColumn<QString>("display");
    QTest::addColumn<bool>("prefixOnly");
    QTest::addColumn<QVariant>("sort");

    const QDateTime old(QDate(2021, 3, 5), QTime(12, 0), Qt::UTC);
    const QDateTime now = QDateTime::currentDateTime();
    const CheckedLearner plain =
        learner(QStringLiteral("a1"), QStringLiteral("Ann Émile"), QStringLiteral("Ann@Example.com"),
                QStringLiteral("Course-X"), QStringLiteral("enrolled"));
    const CheckedLearner done = checked(plain, LearnerOutcome::Completed, 100, old);
    const CheckedLearner partial = checked(plain, LearnerOutcome::InProgress, 42.5, now);
    const CheckedLearner failed =
        checked(plain, LearnerOutcome::Failed, -1, now.addDays(-1), QStringLiteral("Graphy 503"));

    QTest::newRow("name") << plain << 0 << "Ann Émile" << false << QVariant(QStringLiteral("ann émile"));
    QTest::newRow("e-mail") << plain << 1 << "Ann@Example.com" << false
                            << QVariant(QStringLiteral("ann@example.com"));
    QTest::newRow("course") << plain << 2 << "Course-X" << false << QVariant(QStringLiteral("course-x"));
    CheckedLearner titled = checked(plain, LearnerOutcome::InProgress, 42.5, now);
    titled.latestCheck->courseTitle = QStringLiteral("Voice Clarity Track");
    QTest::newRow("course title once checked")
        << titled << 2 << "Voice Clarity Track" << false << QVariant(QStringLiteral("voice clarity track"));
    QTest::newRow("status") << plain << 3 << "Enrolled" << false << QVariant(QStringLiteral("enrolled"));
    QTest::newRow("progress unknown") << plain << 4 << "—" << false << QVariant(-1.0);
    QTest::newRow("progress whole") << done << 4 << "100 %" << false << QVariant(100.0);
    QTest::newRow("progress fraction") << partial << 4 << "42.5 %" << false << QVariant(42.5);
    QTest::newRow("progress failed check") << failed << 4 << "—" << false << QVariant(-1.0);
    // Graphy's own figures: a percent over 100 is shown capped (sorted raw), and the items it
    // counted say why "100 %" can still be in progress.
    CheckedLearner over = checked(plain, LearnerOutcome::Completed, 104, now);
    over.latestCheck->itemsTotal = 10;
    over.latestCheck->itemsCompleted = 10;
    QTest::newRow("progress over 100, capped")
        << over << 4 << "100 % · 10 of 10 items" << false << QVariant(104.0);
    CheckedLearner nineOfTen = checked(plain, LearnerOutcome::InProgress, 100, now);
    nineOfTen.latestCheck->itemsTotal = 10;
    nineOfTen.latestCheck->itemsCompleted = 9;
    QTest::newRow("100 % but 9 of 10 items")
        << nineOfTen << 4 << "100 % · 9 of 10 items" << false << QVariant(100.0);
    QTest::newRow("last check never") << plain << 5 << "never" << false << QVariant(qint64(-1));
    QTest::newRow("last check today")
        << partial << 5 << "Today, " << true << QVariant(now.toMSecsSinceEpoch());
    QTest::newRow("last check yesterday")
        << failed << 5 << "Yesterday, " << true << QVariant(now.addDays(-1).toMSecsSinceEpoch());
    QTest::newRow("last check other year")
        << done << 5 << "5 Mar 2021" << false << QVariant(old.toMSecsSinceEpoch());
    QTest::newRow("outcome never") << plain << 6 << "—" << false << QVariant(-1);
    QTest::newRow("outcome completed")
        << done << 6 << "Completed" << false << QVariant(int(LearnerOutcome::Completed));
    QTest::newRow("outcome in progress")
        << partial << 6 << "In progress" << false << QVariant(int(LearnerOutcome::InProgress));
    QTest::newRow("outcome failed") << failed << 6 << "Failed" << false
                                    << QVariant(int(LearnerOutcome::Failed));
    QTest::newRow("outcome unknown") << checked(plain, LearnerOutcome::UnknownToGraphy, -1, old) << 6
                                     << "Unknown to Graphy" << false
                                     << QVariant(int(LearnerOutcome::UnknownToGraphy));
    QTest::newRow("outcome not in course")
        << checked(plain, LearnerOutcome::NotInCourse, -1, old) << 6 << "Not in course" << false
        << QVariant(int(LearnerOutcome::NotInCourse));
    QTest::newRow("outcome already recorded")
        << checked(plain, LearnerOutcome::AlreadyRecorded, 100, old) << 6 << "Already recorded" << false
        << QVariant(int(LearnerOutcome::AlreadyRecorded));
}

void TestLearnerTableModel::displayAndSortValues()
{
    QFETCH(CheckedLearner, row);
    QFETCH(int, column);
    QFETCH(QString, display);
    QFETCH(bool, prefixOnly);
    QFETCH(QVariant, sort);
    LearnerTableModel model;
    model.appendRows({row});
    const QModelIndex index = model.index(0, column);
    const QString shown = index.data(Qt::DisplayRole).toString();
    if (prefixOnly)
        QVERIFY2(shown.startsWith(display), qPrintable(shown));
    else
        QCOMPARE(shown, display);
    const QVariant sortValue = index.data(SortRole);
    QCOMPARE(sortValue.metaType(), sort.metaType());
    QCOMPARE(sortValue, sort);
    QVERIFY(!model.headerData(column, Qt::Horizontal).toString().isEmpty());
}

void TestLearnerTableModel::rolesForFiltersAndSelection()
{
    LearnerTableModel model;
    const QDateTime at = QDateTime::currentDateTimeUtc();
    model.appendRows(
        {learner(QStringLiteral("x1"), QStringLiteral("X"), QStringLiteral("x@e.com")),
         checked(learner(QStringLiteral("x2"), QStringLiteral("Y"), QStringLiteral("y@e.com"),
                         QStringLiteral("c"), QStringLiteral("completed")),
                 LearnerOutcome::Failed, -1, at, QStringLiteral("Appwrite answered 500 on update"))});
    QCOMPARE(model.index(0, 3).data(LearnerIdRole).toString(), QStringLiteral("x1"));
    QCOMPARE(model.index(0, 0).data(OutcomeRole).toInt(), -1);
    QCOMPARE(model.index(0, 0).data(StatusRole).toString(), QStringLiteral("enrolled"));
    QCOMPARE(model.index(1, 0).data(OutcomeRole).toInt(), int(LearnerOutcome::Failed));
    QCOMPARE(model.index(1, 0).data(StatusRole).toString(), QStringLiteral("completed"));
    QCOMPARE(model.index(1, LearnerTableModel::OutcomeColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Appwrite answered 500 on update"));
    QVERIFY(
        model.index(0, LearnerTableModel::NameColumn).data(Qt::ToolTipRole).toString().contains("x@e.com"));
}

void TestLearnerTableModel::applyChangesIsRowPrecise()
{
    LearnerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendRows(numbered(0, 10));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    QSignalSpy about(&model, &LearnerTableModel::changesAboutToBeApplied);
    QSignalSpy applied(&model, &LearnerTableModel::changesApplied);

    const QDateTime at = QDateTime::currentDateTimeUtc();
    const QList<CheckedLearner> base = numbered(0, 12);
    QList<CheckedLearner> batch;
    for (int i : {7, 3, 11, 2, 4, 10}) // unordered; 10 and 11 are new learners
        batch.append(checked(base.at(i), LearnerOutcome::InProgress, i * 5, at));
    model.applyChanges(batch);

    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(changed.count(), 2); // rows 2..4 and row 7
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 4);
    QCOMPARE(changed.at(1).at(0).toModelIndex().row(), 7);
    QCOMPARE(changed.at(1).at(1).toModelIndex().row(), 7);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 10);
    QCOMPARE(inserted.at(0).at(2).toInt(), 11);
    QCOMPARE(model.rowCount(), 12);
    QCOMPARE(model.rowForLearner(QStringLiteral("l11")), 10); // new learners keep the batch's order
    QCOMPARE(model.rowForLearner(QStringLiteral("l10")), 11);
    QCOMPARE(model.index(3, LearnerTableModel::ProgressColumn).data(SortRole).toDouble(), 15.0);
    QCOMPARE(model.index(10, LearnerTableModel::ProgressColumn).data(SortRole).toDouble(), 55.0);
    QCOMPARE(about.count(), 1);
    QCOMPARE(about.at(0).at(0).toInt(), 4); // changed rows
    QCOMPARE(about.at(0).at(1).toInt(), 2); // inserted rows
    QCOMPARE(applied.count(), 1);
}

void TestLearnerTableModel::applyChangesAnnouncesOnlyChangedColumns()
{
    LearnerTableModel model;
    model.appendRows(numbered(0, 3));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyChanges(
        {checked(numbered(1, 1).first(), LearnerOutcome::InProgress, 10, QDateTime::currentDateTime())});
    QCOMPARE(changed.count(), 1);
    // A check changes progress, last check and outcome; never the name, so a proxy sorted by
    // name needs no re-sort.
    QCOMPARE(changed.at(0).at(0).toModelIndex().column(), int(LearnerTableModel::ProgressColumn));
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), int(LearnerTableModel::OutcomeColumn));
}

void TestLearnerTableModel::unchangedRowsAreNotAnnounced()
{
    LearnerTableModel model;
    const QList<CheckedLearner> rows = numbered(0, 5);
    model.appendRows(rows);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.applyChanges(rows);
    QCOMPARE(changed.count(), 0);
}

void TestLearnerTableModel::progressToolTipHasTheRawFigures()
{
    LearnerTableModel model;
    CheckedLearner row =
        checked(numbered(0, 1).first(), LearnerOutcome::Completed, 104, QDateTime::currentDateTime());
    row.latestCheck->itemsTotal = 10;
    row.latestCheck->itemsCompleted = 9;
    model.appendRows({row});
    QCOMPARE(model.index(0, LearnerTableModel::ProgressColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Graphy reports 104 % progress; 9 of 10 course items completed"));
}

void TestLearnerTableModel::rowWithoutCheckKeepsTheLatestOne()
{
    LearnerTableModel model;
    const CheckedLearner row =
        checked(numbered(0, 1).first(), LearnerOutcome::InProgress, 30, QDateTime::currentDateTime());
    model.appendRows({row});
    CheckedLearner renamed = row;
    renamed.latestCheck.reset();
    renamed.learner.name = QStringLiteral("New name");
    model.applyChanges({renamed});
    QCOMPARE(model.rowAt(0).learner.name, QStringLiteral("New name"));
    QVERIFY(model.rowAt(0).latestCheck.has_value());
    QCOMPARE(model.index(0, LearnerTableModel::ProgressColumn).data().toString(), QStringLiteral("30 %"));
}

void TestLearnerTableModel::olderCheckNeverReplacesNewer()
{
    LearnerTableModel model;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const CheckedLearner base = numbered(0, 1).first();
    model.appendRows({checked(base, LearnerOutcome::Completed, 100, now)});
    model.applyChanges({checked(base, LearnerOutcome::InProgress, 50, now.addSecs(-60))});
    QCOMPARE(model.index(0, LearnerTableModel::OutcomeColumn).data().toString(), QStringLiteral("Completed"));
    model.applyChanges({checked(base, LearnerOutcome::Failed, -1, now.addSecs(60))});
    QCOMPARE(model.index(0, LearnerTableModel::OutcomeColumn).data().toString(), QStringLiteral("Failed"));
}

void TestLearnerTableModel::learnerTwiceInOneBatch()
{
    LearnerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    model.appendRows(numbered(0, 2));
    const CheckedLearner known = numbered(1, 1).first();
    const CheckedLearner fresh = numbered(5, 1).first();
    model.applyChanges({checked(known, LearnerOutcome::InProgress, 10, now),
                        checked(known, LearnerOutcome::InProgress, 20, now.addSecs(1)),
                        checked(fresh, LearnerOutcome::InProgress, 30, now),
                        checked(fresh, LearnerOutcome::Completed, 100, now.addSecs(1))});
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(1, LearnerTableModel::ProgressColumn).data(SortRole).toDouble(), 20.0);
    QCOMPARE(model.index(2, LearnerTableModel::OutcomeColumn).data().toString(), QStringLiteral("Completed"));
}

void TestLearnerTableModel::clearEmptiesEverything()
{
    LearnerTableModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.appendRows(numbered(0, 20));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(model.rowForLearner(QStringLiteral("l3")), -1);
    model.appendRows(numbered(3, 1));
    QCOMPARE(model.rowForLearner(QStringLiteral("l3")), 0);
}

void TestLearnerTableModel::outcomeColoursDifferForFailedAndCompleted()
{
    LearnerTableModel model;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QList<CheckedLearner> rows = numbered(0, 3);
    model.appendRows({checked(rows.at(0), LearnerOutcome::Failed, -1, now),
                      checked(rows.at(1), LearnerOutcome::Completed, 100, now), rows.at(2)});
    const int col = LearnerTableModel::OutcomeColumn;
    const QColor failed = model.index(0, col).data(Qt::ForegroundRole).value<QColor>();
    const QColor completed = model.index(1, col).data(Qt::ForegroundRole).value<QColor>();
    QVERIFY(failed.isValid());
    QVERIFY(completed.isValid());
    QVERIFY(failed.red() > failed.green());
    QVERIFY(completed.green() > completed.red());
    QVERIFY(!model.index(0, col).data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(model.index(2, col).data(Qt::DecorationRole).isNull()); // never checked: no dot
    QVERIFY(model.index(0, LearnerTableModel::NameColumn).data(Qt::ForegroundRole).isNull());
}

QTEST_MAIN(TestLearnerTableModel)
#include "tst_learner_table_model.moc"

void TestLearnerTableModel::textOrderIsTheLowerCasedCompare_data()
{
    QTest::addColumn<QStringList>("values");
    QTest::addColumn<QStringList>("added");   // new rows after a first comparison
    QTest::addColumn<QStringList>("changed"); // then the first rows' values replaced
    QTest::newRow("case") << QStringList{"bob", "Bob", "BOB", "alice", "Alice", "bOB", "zed", "Zed"}
                          << QStringList{"BoB", "ALICE", "carl"} << QStringList{"ZED", "aLiCe", "Carl"};
    QTest::newRow("accents") << QStringList{"élodie", "elodie", "Élodie", "eloise",
                                            "ömer",   "omer",   "Ömer",   "zoë"}
                             << QStringList{"zoe", "ZOË", "Élo"} << QStringList{"oMer", "émile", "ÉLODIE"};
    QTest::newRow("numbers inside") << QStringList{"learner 10", "learner 9",  "learner 100", "learner 2",
                                                   "learner 09", "2 learners", "10 learners"}
                                    << QStringList{"learner 1", "learner 91"}
                                    << QStringList{"learner 99", "learner 10", "1 learner"};
    QTest::newRow("empty") << QStringList{"", " ", "a", "", "A", "-", "—"} << QStringList{"", "  ", "b"}
                           << QStringList{"a", "", "z"};
    QTest::newRow("equal prefixes longer than 8")
        << QStringList{"6746a3f1000000000001a",
                       "6746a3f1000000000001",
                       "6746a3f10000000000019",
                       "6746A3F1000000000001A",
                       "6746a3f2",
                       "6746a3f1",
                       "enrolled",
                       "enrolledx",
                       "Enrolled"}
        << QStringList{"6746a3f10000000000018", "enrolled ", "6746a3f1000000000001b"}
        << QStringList{"enrolled", "6746a3f1000000000001", "6746a3f1000000000000z"};
}

void TestLearnerTableModel::textOrderIsTheLowerCasedCompare()
{
    QFETCH(QStringList, values);
    QFETCH(QStringList, added);
    QFETCH(QStringList, changed);
    // Each value in all four text columns (a different one per column, rotated, so that columns
    // do not simply agree).
    const auto rowsOf = [](const QStringList &list, int firstId) {
        QList<CheckedLearner> rows;
        for (int i = 0; i < list.size(); ++i) {
            const auto at = [&](int shift) { return list.at((i + shift) % list.size()); };
            rows.append(learner(QStringLiteral("id%1").arg(firstId + i), at(0), at(1), at(2), at(3)));
        }
        return rows;
    };
    LearnerTableModel model;
    model.appendRows(rowsOf(values, 0));
    verifyTextOrder(model);
    model.applyChanges(rowsOf(added, 1000));
    QCOMPARE(model.rowCount(), values.size() + added.size());
    verifyTextOrder(model);
    QList<CheckedLearner> updates = rowsOf(changed, 0); // ids id0.. already present
    model.applyChanges(updates);
    QCOMPARE(model.rowAt(0).learner.name, changed.at(0));
    verifyTextOrder(model);
    // Sort values read as before: the lower-cased text.
    QCOMPARE(model.index(0, LearnerTableModel::NameColumn).data(SortRole).toString(),
             changed.at(0).toLower());
}

// LearnersPanel offscreen: the empty state, filtering as you type, the count, requests to check a
// learner (double-click, Enter), selection, rows from the worker's signals, and CSV export.
//
// Set CC_SCREENSHOT_DIR to keep PNGs of the panel with demo rows at 1280×800 and 1024×640.
#include "checker/CheckerController.h"
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "models/ModelRoles.h"
#include "support/LearnerRows.h"
#include "ui/LearnersPanel.h"

#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace cc;
using testrows::checked;
using testrows::learner;
using testrows::numbered;

namespace {

// A small RFC 4180 reader, to check the export round-trips.
QList<QStringList> parseCsv(const QString &text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text.at(i + 1) == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row.append(field);
            field.clear();
        } else if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n') {
            row.append(field);
            rows.append(row);
            row.clear();
            field.clear();
            ++i;
        } else {
            field += c;
        }
    }
    return rows;
}

QList<CheckedLearner> demoRows(int count)
{
    const QStringList first = {"Aisha", "Bruno", "Chen", "Dara", "Elif",
                               "Farid", "Grace", "Hugo", "Ines", "Jonas"};
    const QStringList last = {"Okafor", "Silva", "Wei",     "Murphy", "Yılmaz",
                              "Haddad", "Kim",   "Laurent", "Costa"};
    const QStringList courses = {"python-101", "ux-design-basics", "data-science-pro", "excel-for-finance"};
    const QStringList details = {"Graphy reports 100 % and every item done; event written",
                                 "Appwrite answered 503 Service Unavailable; retried next run",
                                 "No Graphy learner with this e-mail",
                                 "Graphy knows the learner, not in this course"};
    const QDateTime now = QDateTime::currentDateTime();
    QList<CheckedLearner> rows;
    for (int i = 0; i < count; ++i) {
        const QString name = first.at(i % first.size()) + u' ' + last.at((i * 7) % last.size());
        const QString email = name.toLower().replace(u' ', u'.') + QStringLiteral("%1@example.org").arg(i);
        const int kind = (i * 5) % 11;
        CheckedLearner row = learner(QStringLiteral("66a1f%1").arg(i, 6, 10, QLatin1Char('0')), name, email,
                                     courses.at(i % courses.size()), kind < 2 ? "completed" : "enrolled");
        const QDateTime at = now.addSecs(-i * 1800);
        if (kind == 0)
            row = checked(row, LearnerOutcome::Completed, 100, at, details.at(0));
        else if (kind == 1)
            row = checked(row, LearnerOutcome::AlreadyRecorded, 100, at);
        else if (kind == 2)
            row = checked(row, LearnerOutcome::Failed, -1, at, details.at(1));
        else if (kind == 3)
            row = checked(row, LearnerOutcome::UnknownToGraphy, -1, at, details.at(2));
        else if (kind == 4)
            row = checked(row, LearnerOutcome::NotInCourse, -1, at, details.at(3));
        else if (kind < 9)
            row = checked(row, LearnerOutcome::InProgress, (i * 13) % 100, at);
        rows.append(row);
    }
    return rows;
}

} // namespace

class TestLearnersPanel : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void emptyStateSaysWhatToDo();
    void typingFiltersTheRows();
    void typingWaitsForAPauseOnLargeTables();
    void loadingSortsOnceAtTheEnd();
    void countLabel();
    void statusAndOutcomeCombosFilter();
    void doubleClickRequestsCheck();
    void enterRequestsCheck();
    void selectionIsReported();
    void rowsArriveFromTheWorker();
    void exportWritesVisibleRowsQuoted();
    void exportReportsUnwritablePath();
    void looksRightWithDemoRows_data();
    void looksRightWithDemoRows();

private:
    static QLineEdit *search(LearnersPanel &panel) { return panel.findChild<QLineEdit *>("learnerFilter"); }
    static QLabel *count(LearnersPanel &panel) { return panel.findChild<QLabel *>("learnerCount"); }
    static QLabel *emptyText(LearnersPanel &panel) { return panel.findChild<QLabel *>("learnersEmptyState"); }
    static void keepScreenshot(QWidget &widget, const QString &name)
    {
        const QString dir = qEnvironmentVariable("CC_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
    }
    static QModelIndex rowOf(LearnersPanel &panel, const QString &id)
    {
        return panel.proxy()->mapFromSource(panel.model()->index(panel.model()->rowForLearner(id), 0));
    }
};

void TestLearnersPanel::initTestCase()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    CheckerController::registerMetaTypes();
}

void TestLearnersPanel::emptyStateSaysWhatToDo()
{
    LearnersPanel panel(nullptr);
    panel.resize(900, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QVERIFY(emptyText(panel)->isVisible());
    QVERIFY(!panel.view()->isVisible());
    QVERIFY(emptyText(panel)->text().contains(QStringLiteral("Ctrl+R")));
    // The demo is offered with a way to open it, or not mentioned at all (in the demo itself).
    auto *openDemo = panel.findChild<QPushButton *>(QStringLiteral("openDemo"));
    QVERIFY(openDemo && !openDemo->isVisible());
    QVERIFY(!emptyText(panel)->text().contains(QStringLiteral("demo")));
    panel.setDemoOffered(true);
    QVERIFY(emptyText(panel)->text().contains(QStringLiteral("demo data")));
    QVERIFY(openDemo->isVisible());
    QSignalSpy demo(&panel, &LearnersPanel::demoRequested);
    openDemo->click();
    QCOMPARE(demo.size(), 1);
    keepScreenshot(panel, QStringLiteral("learners-panel-empty.png"));
    panel.model()->loadChunk(numbered(0, 3), true);
    QVERIFY(panel.view()->isVisible());
    QVERIFY(!emptyText(panel)->isVisible());
    QVERIFY(!openDemo->isVisible());
}

void TestLearnersPanel::typingFiltersTheRows()
{
    LearnersPanel panel(nullptr);
    panel.resize(900, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.model()->loadChunk(numbered(0, 30), true);
    QCOMPARE(panel.proxy()->rowCount(), 30);
    QCOMPARE(search(panel)->placeholderText(), QStringLiteral("Filter by name, e-mail, course or ID"));
    QTest::keyClicks(search(panel), QStringLiteral("Learner 1"));
    QTRY_COMPARE(panel.proxy()->rowCount(), 11); // 1, 10..19
    QCOMPARE(count(panel)->text(), QStringLiteral("11 of 30 learners"));
    QTest::keyClicks(search(panel), QStringLiteral("zz"));
    QTRY_COMPARE(panel.proxy()->rowCount(), 0);
    QVERIFY(emptyText(panel)->isVisible());
    QVERIFY(emptyText(panel)->text().contains(QStringLiteral("No learner matches")));
    keepScreenshot(panel, QStringLiteral("learners-panel-no-match.png"));
    auto *clear = panel.findChild<QPushButton *>("clearFilters");
    QVERIFY(clear && clear->isVisible());
    QTest::mouseClick(clear, Qt::LeftButton);
    QTRY_COMPARE(panel.proxy()->rowCount(), 30);
    QVERIFY(search(panel)->text().isEmpty());
    QVERIFY(panel.view()->isVisible());
}

void TestLearnersPanel::typingWaitsForAPauseOnLargeTables()
{
    LearnersPanel panel(nullptr);
    panel.model()->loadChunk(numbered(0, 20001), true);
    QTest::keyClicks(search(panel), QStringLiteral("Learner 1999"));
    QCOMPARE(panel.proxy()->rowCount(), 20001);  // not yet: the operator may still be typing
    QTRY_COMPARE(panel.proxy()->rowCount(), 11); // 1999, 19990..19999
}

void TestLearnersPanel::loadingSortsOnceAtTheEnd()
{
    LearnersPanel panel(nullptr);
    panel.resize(900, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    QSignalSpy layout(panel.proxy(), &QAbstractItemModel::layoutChanged);
    QList<CheckedLearner> rows = numbered(0, 300);
    std::reverse(rows.begin(), rows.end());
    panel.model()->loadChunk(rows.mid(0, 100), false);
    panel.model()->loadChunk(rows.mid(100, 100), false);
    QVERIFY(emptyText(panel)->isVisible());
    QCOMPARE(emptyText(panel)->text(), QStringLiteral("Loading learners from the local cache… 200 so far"));
    const int layoutsWhileLoading = int(layout.count());
    panel.model()->loadChunk(rows.mid(200), true);
    QVERIFY(panel.view()->isVisible());
    QCOMPARE(layout.count(), layoutsWhileLoading + 1); // one sort, at the end
    QCOMPARE(panel.proxy()->sortColumn(), int(LearnerTableModel::NameColumn));
    QCOMPARE(panel.proxy()->index(0, 0).data().toString(), QStringLiteral("Learner 0"));
    QCOMPARE(panel.proxy()->index(1, 0).data().toString(), QStringLiteral("Learner 1"));
    QCOMPARE(panel.proxy()->index(2, 0).data().toString(), QStringLiteral("Learner 10"));
}

void TestLearnersPanel::countLabel()
{
    LearnersPanel panel(nullptr);
    QCOMPARE(count(panel)->text(), QStringLiteral("0 learners"));
    panel.model()->loadChunk(numbered(0, 1), true);
    QCOMPARE(count(panel)->text(), QStringLiteral("1 learner"));
    panel.model()->loadChunk(numbered(1, 1233), true);
    QCOMPARE(count(panel)->text(), QStringLiteral("1,234 learners"));
    panel.proxy()->setFilterText(QStringLiteral("Learner 12"));
    QCOMPARE(count(panel)->text(), QStringLiteral("45 of 1,234 learners")); // 12, 120-129, 1200-1233
    panel.model()->applyChanges(numbered(5000, 1));                         // a new learner from a run
    QCOMPARE(count(panel)->text(), QStringLiteral("45 of 1,235 learners"));
}

void TestLearnersPanel::statusAndOutcomeCombosFilter()
{
    LearnersPanel panel(nullptr);
    const QDateTime at = QDateTime::currentDateTimeUtc();
    panel.model()->loadChunk(
        {learner("a", "A", "a@e.com"),
         checked(learner("b", "B", "b@e.com", "c", "completed"), LearnerOutcome::Completed, 100, at),
         checked(learner("c", "C", "c@e.com"), LearnerOutcome::Failed, -1, at)},
        true);
    auto *status = panel.findChild<QComboBox *>("statusFilter");
    auto *outcome = panel.findChild<QComboBox *>("outcomeFilter");
    status->setCurrentIndex(status->findData(int(LearnerFilterProxy::StatusFilter::Enrolled)));
    QCOMPARE(panel.proxy()->rowCount(), 2);
    outcome->setCurrentIndex(outcome->findText(QStringLiteral("Failed")));
    QCOMPARE(panel.proxy()->rowCount(), 1);
    QCOMPARE(panel.proxy()->index(0, 0).data(LearnerIdRole).toString(), QStringLiteral("c"));
    outcome->setCurrentIndex(outcome->findText(QStringLiteral("Never checked")));
    QCOMPARE(panel.proxy()->index(0, 0).data(LearnerIdRole).toString(), QStringLiteral("a"));
    panel.clearFilters();
    QCOMPARE(panel.proxy()->rowCount(), 3);
}

void TestLearnersPanel::doubleClickRequestsCheck()
{
    LearnersPanel panel(nullptr);
    panel.resize(900, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.model()->loadChunk(numbered(0, 8), true);
    QSignalSpy requested(&panel, &LearnersPanel::checkLearnerRequested);
    const QModelIndex index = rowOf(panel, QStringLiteral("l5"));
    QVERIFY(index.isValid());
    panel.view()->scrollTo(index);
    const QPoint centre = panel.view()->visualRect(index).center();
    QTest::mouseClick(panel.view()->viewport(), Qt::LeftButton, {}, centre);
    QTest::mouseDClick(panel.view()->viewport(), Qt::LeftButton, {}, centre);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("l5"));
}

void TestLearnersPanel::enterRequestsCheck()
{
    LearnersPanel panel(nullptr);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.model()->loadChunk(numbered(0, 8), true);
    QSignalSpy requested(&panel, &LearnersPanel::checkLearnerRequested);
    panel.selectLearner(QStringLiteral("l2"));
    panel.view()->setFocus();
    QTest::keyClick(panel.view(), Qt::Key_Return);
    QCOMPARE(requested.count(), 1);
    QCOMPARE(requested.at(0).at(0).toString(), QStringLiteral("l2"));
}

void TestLearnersPanel::selectionIsReported()
{
    LearnersPanel panel(nullptr);
    panel.model()->loadChunk(numbered(0, 8), true);
    QSignalSpy selected(&panel, &LearnersPanel::selectionChanged);
    panel.selectLearner(QStringLiteral("l4"));
    QCOMPARE(panel.selectedLearnerId(), QStringLiteral("l4"));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).toString(), QStringLiteral("l4"));
    // A batch that re-sorts keeps the selection on the same learner.
    panel.view()->sortByColumn(LearnerTableModel::ProgressColumn, Qt::DescendingOrder);
    panel.model()->applyChanges(
        {checked(numbered(4, 1).first(), LearnerOutcome::InProgress, 80, QDateTime::currentDateTime())});
    QCOMPARE(panel.selectedLearnerId(), QStringLiteral("l4"));
    QCOMPARE(rowOf(panel, QStringLiteral("l4")).row(), 0);
    // Hiding the selected learner clears the selection, and says so.
    panel.proxy()->setFilterText(QStringLiteral("learner 7"));
    QCOMPARE(panel.selectedLearnerId(), QString());
    QCOMPARE(selected.count(), 2);
    QCOMPARE(selected.at(1).at(0).toString(), QString());
}

void TestLearnersPanel::rowsArriveFromTheWorker()
{
    CheckerController controller;
    LearnersPanel panel(&controller);
    // The worker's signals, as loadState() and a run send them (queued or direct alike).
    emit controller.worker()->learnersLoaded(numbered(0, 5), false);
    emit controller.worker()->learnersLoaded(numbered(5, 5), true);
    QTRY_COMPARE(panel.model()->rowCount(), 10);
    emit controller.worker()->learnersChecked(
        {checked(numbered(3, 1).first(), LearnerOutcome::Completed, 100, QDateTime::currentDateTime())});
    QTRY_COMPARE(panel.model()->index(3, LearnerTableModel::OutcomeColumn).data().toString(),
                 QStringLiteral("Completed"));
}

void TestLearnersPanel::exportWritesVisibleRowsQuoted()
{
    LearnersPanel panel(nullptr);
    const QDateTime at(QDate(2024, 5, 6), QTime(7, 8, 9), Qt::UTC);
    panel.model()->loadChunk(
        {learner("id1", "Smith, John", "john@example.com"),
         checked(learner("id2", "Say \"hi\"", "hi@example.com"), LearnerOutcome::Failed, -1, at,
                 "Appwrite said \"no\", twice"),
         checked(learner("id3", "Line\nbreak", "lb@example.com"), LearnerOutcome::InProgress, 42.5, at),
         learner("id4", "=HYPERLINK(\"x\")", "f@example.com"), learner("id5", "Hidden", "h@other.org")},
        true);
    panel.proxy()->setFilterText(QStringLiteral("example.com"));
    panel.view()->sortByColumn(LearnerTableModel::EmailColumn, Qt::AscendingOrder);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("learners.csv"));
    QString error;
    QVERIFY2(panel.exportCsv(path, &error), qPrintable(error));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.endsWith(QStringLiteral("\r\n")));
    const QList<QStringList> rows = parseCsv(text);
    QCOMPARE(rows.size(), 5); // header + 4 visible rows
    QCOMPARE(rows.at(0), (QStringList{"Learner ID", "Name", "E-mail", "Course", "Status", "Progress (%)",
                                      "Last check", "Last outcome", "Detail"}));
    for (const QStringList &row : rows)
        QCOMPARE(row.size(), 9);
    // Visible rows in view order (by e-mail): f@, hi@, john@, lb@.
    QCOMPARE(rows.at(1).at(0), QStringLiteral("id4"));
    QCOMPARE(rows.at(1).at(1), QStringLiteral("'=HYPERLINK(\"x\")")); // kept as text in spreadsheets
    QCOMPARE(rows.at(2).at(1), QStringLiteral("Say \"hi\""));
    QCOMPARE(rows.at(2).at(7), QStringLiteral("Failed"));
    QCOMPARE(rows.at(2).at(8), QStringLiteral("Appwrite said \"no\", twice"));
    QCOMPARE(QDateTime::fromString(rows.at(2).at(6), Qt::ISODate), at);
    QCOMPARE(rows.at(3).at(1), QStringLiteral("Smith, John"));
    QCOMPARE(rows.at(3).at(6), QString()); // never checked
    QCOMPARE(rows.at(4).at(1), QStringLiteral("Line\nbreak"));
    QCOMPARE(rows.at(4).at(5), QStringLiteral("42.5"));
    QVERIFY(!text.contains(QStringLiteral("Hidden")));
}

void TestLearnersPanel::exportReportsUnwritablePath()
{
    LearnersPanel panel(nullptr);
    panel.model()->loadChunk(numbered(0, 2), true);
    QString error;
    QVERIFY(!panel.exportCsv(QStringLiteral("/nonexistent-dir/x/learners.csv"), &error));
    QVERIFY(error.contains(QStringLiteral("/nonexistent-dir/x/learners.csv")));
}

void TestLearnersPanel::looksRightWithDemoRows_data()
{
    QTest::addColumn<QSize>("size");
    QTest::newRow("1280x800") << QSize(1280, 800);
    QTest::newRow("1024x640") << QSize(1024, 640);
}

void TestLearnersPanel::looksRightWithDemoRows()
{
    QFETCH(QSize, size);
    LearnersPanel panel(nullptr);
    panel.resize(size);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.model()->loadChunk(demoRows(200), true);
    panel.selectLearner(QStringLiteral("66a1f000002"));
    QApplication::processEvents();
    // Nothing the operator needs is cut off: the count, the filters, and every column but the
    // stretched last one fit the width.
    QLabel *label = count(panel);
    QVERIFY(label->width() >= label->sizeHint().width());
    QVERIFY(search(panel)->width() >=
            search(panel)->fontMetrics().horizontalAdvance(search(panel)->placeholderText()));
    QHeaderView *header = panel.view()->horizontalHeader();
    QVERIFY(header->length() <= panel.view()->viewport()->width() + 1);
    QVERIFY(!panel.grab().isNull());
    keepScreenshot(panel, QStringLiteral("learners-panel-%1x%2.png").arg(size.width()).arg(size.height()));
}

QTEST_MAIN(TestLearnersPanel)
#include "tst_learners_panel.moc"

// The main window's keyboard and actions: Run now starts a run at once with the configured batch
// size (no question asked), every shortcut is unique and listed under Help, access keys do not
// collide, and Tab leaves the tables instead of walking their cells.
#include "checker/CheckerController.h"
#include "models/CheckerStatus.h"
#include "models/ErrorLogModel.h"
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "support/LearnerRows.h"
#include "support/PanelSamples.h"
#include "ui/ErrorsPanel.h"
#include "ui/KeyboardShortcutsDialog.h"
#include "ui/LearnersPanel.h"
#include "ui/MainWindow.h"

#include <QAbstractItemView>
#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QTreeView>

using namespace cc;

namespace {
QList<QAction *> menuActions(const MainWindow &window)
{
    QList<QAction *> actions;
    for (QAction *menu : window.menuBar()->actions())
        if (menu->menu() != nullptr)
            actions += menu->menu()->actions();
    return actions;
}

QChar accessKey(const QString &text)
{
    for (qsizetype i = 0; i + 1 < text.size(); ++i) {
        if (text.at(i) != QLatin1Char('&'))
            continue;
        if (text.at(i + 1) == QLatin1Char('&')) {
            ++i;
            continue;
        }
        return text.at(i + 1).toLower();
    }
    return {};
}
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private slots:
    void initTestCase() { CheckerController::registerMetaTypes(); }
    void runNowStartsAtOnceWithTheConfiguredBatchSize();
    void everyShortcutIsUniqueAndListed();
    void accessKeysDoNotCollide();
    void tabLeavesTheTables();
    void anErrorNamesAndOpensItsLearner();
};

void TestMainWindow::runNowStartsAtOnceWithTheConfiguredBatchSize()
{
    CheckerController controller;
    EngineSettings settings; // nothing listens there: the run fails fast, which is fine here
    settings.appwrite.endpoint = QUrl(QStringLiteral("http://127.0.0.1:9/v1"));
    settings.appwrite.projectId = QStringLiteral("p");
    settings.appwrite.apiKey = QStringLiteral("k");
    settings.graphy.apiBase = QUrl(QStringLiteral("http://127.0.0.1:9"));
    settings.graphy.merchantId = QStringLiteral("m");
    settings.graphy.apiKey = QStringLiteral("k");
    settings.batchSize = 37;
    settings.maxAttempts = 1;
    controller.configure(settings, WorkerOptions{});
    CheckerStatus status;
    status.follow(controller.worker());
    MainWindow window(&controller, &status);
    window.show();
    QList<RunRecord> started;
    QObject receiver;
    connect(controller.worker(), &CheckerWorker::runStarted, &receiver,
            [&started](const RunRecord &run) { started << run; });
    QCOMPARE(window.runNowAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_R));
    window.runNowAction()->trigger();
    QVERIFY(QApplication::activeModalWidget() == nullptr); // no batch-size question
    QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 10000);
    QCOMPARE(started.first().batchSize, 37);
    QCOMPARE(started.first().trigger, RunTrigger::Manual);
    QVERIFY(!window.runWithOptionsAction()->shortcut().isEmpty()); // the rare case still exists
    controller.shutdown();
}

void TestMainWindow::everyShortcutIsUniqueAndListed()
{
    CheckerController controller;
    CheckerStatus status;
    MainWindow window(&controller, &status);
    const QList<QAction *> actions = menuActions(window);
    QHash<QKeySequence, QString> seen;
    int withShortcut = 0;
    bool stopHasOne = false;
    for (QAction *a : actions) {
        if (a->shortcut().isEmpty())
            continue;
        ++withShortcut;
        QVERIFY2(!seen.contains(a->shortcut()),
                 qPrintable(a->text() + QStringLiteral(" and ") + seen.value(a->shortcut())));
        seen.insert(a->shortcut(), a->text());
        stopHasOne = stopHasOne || a->text().contains(QStringLiteral("top run"));
    }
    QVERIFY(stopHasOne);
    KeyboardShortcutsDialog dialog(actions);
    QCOMPARE(dialog.rows().size(), withShortcut);
    if (qEnvironmentVariableIsSet("CC_SCREENSHOT_DIR")) {
        dialog.show();
        dialog.grab().save(qEnvironmentVariable("CC_SCREENSHOT_DIR") +
                           QStringLiteral("/keyboard-shortcuts.png"));
    }
    QVERIFY(dialog.rows().contains(qMakePair(
        QStringLiteral("Run now"), QKeySequence(Qt::CTRL | Qt::Key_R).toString(QKeySequence::NativeText))));
    // Help offers the shortcuts and About.
    QStringList help;
    for (QAction *menu : window.menuBar()->actions())
        if (menu->text() == QStringLiteral("&Help"))
            for (QAction *a : menu->menu()->actions())
                help << a->text();
    QVERIFY2(help.contains(QStringLiteral("&Keyboard shortcuts")), qPrintable(help.join(',')));
    QVERIFY(help.contains(QStringLiteral("&About Completion Checker")));
}

void TestMainWindow::accessKeysDoNotCollide()
{
    CheckerController controller;
    CheckerStatus status;
    MainWindow window(&controller, &status);
    // Menu titles and tab titles share the window's Alt keys.
    QHash<QChar, QString> keys;
    QStringList texts;
    for (QAction *menu : window.menuBar()->actions())
        texts << menu->text();
    for (int i = 0; i < window.tabs()->count(); ++i)
        texts << window.tabs()->tabText(i);
    for (const QString &text : std::as_const(texts)) {
        const QChar key = accessKey(text);
        QVERIFY2(!key.isNull(), qPrintable(text + QStringLiteral(" has no access key")));
        QVERIFY2(!keys.contains(key), qPrintable(text + QStringLiteral(" and ") + keys.value(key)));
        keys.insert(key, text);
    }
}

void TestMainWindow::tabLeavesTheTables()
{
    CheckerController controller;
    CheckerStatus status;
    MainWindow window(&controller, &status);
    const QList<QAbstractItemView *> views = window.findChildren<QAbstractItemView *>();
    QVERIFY(!views.isEmpty());
    for (const QAbstractItemView *view : views)
        QVERIFY2(!view->tabKeyNavigation(), qPrintable(view->objectName()));
}

void TestMainWindow::anErrorNamesAndOpensItsLearner()
{
    CheckerController controller;
    CheckerStatus status;
    MainWindow window(&controller, &status);
    window.show();
    LearnersPanel *learners = window.learnersPanel();
    QList<CheckedLearner> rows = testrows::numbered(0, 50);
    rows[17].learner.id = QStringLiteral("doc-8f3a2c"); // in no name, e-mail or course
    rows[17].learner.courseId = QStringLiteral("course-1");
    learners->model()->loadChunk(rows, true);
    // A filter that hides the learner the error is about.
    auto *search = learners->findChild<QLineEdit *>(QStringLiteral("learnerFilter"));
    QVERIFY(search);
    search->setText(QStringLiteral("l3@"));
    QTRY_COMPARE(learners->proxy()->rowCount(), 1);

    const QString id = learners->model()->rowAt(17).learner.id;
    emit controller.worker()->errorsLogged({samples::error(
        0, QDateTime::currentDateTimeUtc(), QStringLiteral("graphy"), QStringLiteral("http_503"), id, 503)});
    ErrorLogModel *errors = window.errorsPanel()->model();
    const QModelIndex cause = errors->index(0, 0);
    const QModelIndex entry = errors->index(0, ErrorLogModel::LearnerColumn, cause);
    // Named as the learners table names them, the ID one hover away.
    QCOMPARE(entry.data().toString(), QStringLiteral("Learner 17 <l17@example.com>"));
    QVERIFY(entry.data(Qt::ToolTipRole).toString().contains(id));

    emit window.errorsPanel()->view()->activated(entry);
    auto *tabs = qobject_cast<QTabWidget *>(window.centralWidget());
    QVERIFY(tabs);
    QCOMPARE(tabs->currentWidget(), learners);
    QCOMPARE(search->text(), QString()); // the filter that hid it is gone
    const QModelIndex current = learners->view()->currentIndex();
    QVERIFY(current.isValid());
    QCOMPARE(learners->proxy()->mapToSource(current).row(), 17);

    // And the filter finds a learner by that ID.
    search->setText(id.toUpper());
    QTRY_VERIFY2(learners->proxy()->rowCount() == 1,
                 qPrintable(QStringLiteral("%1 rows for '%2' (%3 learners)")
                                .arg(learners->proxy()->rowCount())
                                .arg(search->text())
                                .arg(learners->model()->rowCount())));
}

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"

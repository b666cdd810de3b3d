#include "MainWindow.h"

#include "models/CheckerStatus.h"
#include "models/RunProgress.h"

#include "BatchStatsPanel.h"
#include "ErrorsPanel.h"
#include "HealthPanel.h"
#include "KeyboardShortcutsDialog.h"
#include "LearnersPanel.h"
#include "ManualCheckDialog.h"
#include "checker/CheckerController.h"
#include "models/CsvExport.h"
#include "models/ErrorLogModel.h"
#include "models/LearnerTableModel.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QTimer>
#include <QToolBar>

// Q_INIT_RESOURCE must be called outside a namespace; the icons live in the static cc_ui library.
static void initResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace cc {

MainWindow::MainWindow(CheckerController *controller, CheckerStatus *status, QWidget *parent)
    : QMainWindow(parent), m_controller(controller), m_status(status), m_tabs(new QTabWidget(this)),
      m_learners(new LearnersPanel(controller, this)), m_stats(new BatchStatsPanel(controller, status, this)),
      m_errors(new ErrorsPanel(controller, this)), m_health(new HealthPanel(controller, this)),
      m_statusLine(new QLabel(this))
{
    initResources();
    setWindowTitle(tr("Completion Checker"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/completion-checker.svg")));
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_learners, tr("&Learners"));
    m_tabs->addTab(m_stats, tr("&Batch stats"));
    m_tabs->addTab(m_errors, tr("&Errors"));
    m_tabs->addTab(m_health, tr("Heal&th")); // Alt+H is the Help menu
    setCentralWidget(m_tabs);
    statusBar()->addWidget(m_statusLine, 1);
    createActions();
    createMenusAndToolbar();
    connectWorker();
    connect(m_learners, &LearnersPanel::checkLearnerRequested, this, &MainWindow::openManualCheck);
    connect(m_errors, &ErrorsPanel::settingsRequested, this, &MainWindow::settingsRequested);
    m_errors->model()->setLearnerLabel([model = m_learners->model()](const QString &learnerId) {
        const int row = model->rowForLearner(learnerId);
        if (row < 0)
            return QString();
        const LearnerRecord &l = model->rowAt(row).learner;
        return l.name.isEmpty() ? l.email : QStringLiteral("%1 <%2>").arg(l.name, l.email);
    });
    connect(m_errors, &ErrorsPanel::learnerRequested, this, [this](const QString &learnerId) {
        m_tabs->setCurrentWidget(m_learners);
        m_learners->selectLearner(learnerId);
    });
    connect(m_errors, &ErrorsPanel::errorCountChanged, this, [this](int count) {
        m_tabs->setTabText(2, count > 0 ? tr("&Errors (%1)").arg(count) : tr("&Errors"));
    });
    // A 1 s status refresh only while visible (the countdown to the next run); in the tray the
    // app must not wake up every second.
    m_statusTick = new QTimer(this);
    m_statusTick->setInterval(1000);
    m_statusTick->setTimerType(Qt::VeryCoarseTimer);
    connect(m_statusTick, &QTimer::timeout, this, &MainWindow::updateStatusLine);
    // Tab moves between controls, not from cell to cell: the tables are walked with the arrow keys,
    // so the keyboard can always reach the tab bar, the filter and the buttons.
    for (QAbstractItemView *view : findChildren<QAbstractItemView *>())
        view->setTabKeyNavigation(false);
    // Below this, Batch stats has no room left for its run table.
    setMinimumSize(1024, 640);
    resize(1280, 800);
    updateStatusLine();
}

void MainWindow::createActions()
{
    QStyle *s = style();
    m_runNow = new QAction(s->standardIcon(QStyle::SP_MediaPlay), tr("&Run now"), this);
    m_runNow->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_runNow->setToolTip(tr("Check all enrolled learners now, with the configured batch size (Ctrl+R)"));
    connect(m_runNow, &QAction::triggered, this,
            [this] { m_controller->call(&CheckerWorker::runNow, RunTrigger::Manual, 0); });
    // The rare case: a run with another batch size, for this run only.
    m_runWithOptions = new QAction(tr("Run &with options…"), this);
    m_runWithOptions->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    connect(m_runWithOptions, &QAction::triggered, this, &MainWindow::runNowWithBatchSize);

    m_stopRun = new QAction(s->standardIcon(QStyle::SP_MediaStop), tr("S&top run"), this);
    m_stopRun->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    m_stopRun->setEnabled(false);
    connect(m_stopRun, &QAction::triggered, this,
            [this] { m_controller->call(&CheckerWorker::stopRun, tr("stopped by the operator")); });

    m_pause = new QAction(s->standardIcon(QStyle::SP_MediaPause), tr("&Pause schedule"), this);
    m_pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(m_pause, &QAction::triggered, this, [this] {
        if (m_status->isPaused())
            m_controller->call(&CheckerWorker::resumeSchedule);
        else
            m_controller->call(&CheckerWorker::pauseSchedule);
    });

    m_checkLearner =
        new QAction(s->standardIcon(QStyle::SP_FileDialogContentsView), tr("&Check learner…"), this);
    m_checkLearner->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_checkLearner, &QAction::triggered, this,
            [this] { openManualCheck(m_learners->selectedLearnerId()); });

    m_health_ = new QAction(s->standardIcon(QStyle::SP_BrowserReload), tr("&Health check"), this);
    m_health_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_H));
    connect(m_health_, &QAction::triggered, this, [this] {
        showTab(Tab::Health);
        m_health->refresh();
    });

    m_settings = new QAction(s->standardIcon(QStyle::SP_FileDialogDetailedView), tr("&Settings…"), this);
    m_settings->setShortcut(QKeySequence::Preferences);
    if (m_settings->shortcut().isEmpty())
        m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    connect(m_settings, &QAction::triggered, this, &MainWindow::settingsRequested);

    m_exportLearners = new QAction(tr("Export &learners to CSV…"), this);
    connect(m_exportLearners, &QAction::triggered, this, &MainWindow::exportLearners);
    m_exportErrors = new QAction(tr("Export &errors to CSV…"), this);
    connect(m_exportErrors, &QAction::triggered, this, &MainWindow::exportErrors);

    m_quit = new QAction(tr("&Quit"), this);
    m_quit->setShortcut(QKeySequence::Quit);
    if (m_quit->shortcut().isEmpty()) // platforms without a standard one (offscreen, some desktops)
        m_quit->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    connect(m_quit, &QAction::triggered, this, &MainWindow::quitRequested);
}

void MainWindow::createMenusAndToolbar()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_exportLearners);
    file->addAction(m_exportErrors);
    file->addSeparator();
    file->addAction(m_settings);
    file->addSeparator();
    file->addAction(m_quit);
    QMenu *checker = menuBar()->addMenu(tr("&Checker"));
    checker->addActions({m_runNow, m_runWithOptions, m_stopRun, m_pause});
    checker->addSeparator();
    checker->addActions({m_checkLearner, m_health_});
    QMenu *view = menuBar()->addMenu(tr("&View"));
    const QStringList names{tr("&Learners"), tr("&Batch stats"), tr("&Errors"), tr("&Health")};
    for (int i = 0; i < names.size(); ++i) {
        QAction *a = view->addAction(names.at(i));
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + i)));
        connect(a, &QAction::triggered, this, [this, i] { m_tabs->setCurrentIndex(i); });
    }

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *shortcuts = help->addAction(tr("&Keyboard shortcuts"));
    shortcuts->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(shortcuts, &QAction::triggered, this, &MainWindow::showKeyboardShortcuts);
    help->addSeparator();
    help->addAction(tr("&About Completion Checker"), this, [this] {
        QMessageBox::about(this, tr("About Completion Checker"),
                           tr("<h3>Completion Checker %1</h3>"
                              "<p>Makes sure no course completion is missed: lists enrolled learners in "
                              "Appwrite, asks Graphy whether they completed, and records each completion "
                              "once.</p><p>Built with Qt %2.</p>")
                               .arg(QCoreApplication::applicationVersion().toHtmlEscaped(),
                                    QString::fromLatin1(qVersion())));
    });
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);

    QToolBar *bar = addToolBar(tr("Checker"));
    bar->setObjectName(QStringLiteral("mainToolbar"));
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->setMovable(false);
    bar->addActions({m_runNow, m_stopRun, m_pause});
    bar->addSeparator();
    bar->addActions({m_checkLearner, m_health_, m_settings});
}

void MainWindow::connectWorker()
{
    CheckerWorker *w = m_controller->worker();
    connect(m_status, &CheckerStatus::updated, this, [this] {
        const bool running = m_status->isRunning();
        m_runNow->setEnabled(!running);
        m_runWithOptions->setEnabled(!running);
        m_stopRun->setEnabled(running);
        const bool paused = m_status->isPaused();
        m_pause->setText(paused ? tr("Resume &schedule") : tr("&Pause schedule"));
        m_pause->setIcon(style()->standardIcon(paused ? QStyle::SP_MediaPlay : QStyle::SP_MediaPause));
        updateStatusLine();
    });
    connect(w, &CheckerWorker::runRefused, this, [this](const QString &reason) {
        statusBar()->showMessage(tr("Run not started: %1").arg(reason), 8000);
    });
    connect(w, &CheckerWorker::scheduleHeld, this, [this](const QString &reason) {
        m_holdReason = reason;
        updateStatusLine();
    });
    connect(w, &CheckerWorker::storeProblem, this, [this](const QString &message) {
        m_storeProblem = message;
        updateStatusLine();
    });
    connect(w, &CheckerWorker::storeRecovered, this, [this] {
        m_storeProblem.clear();
        updateStatusLine();
    });
}

void MainWindow::updateStatusLine()
{
    QStringList parts;
    const QDateTime nextRun = m_status->nextRun();
    if (m_status->isRunning()) {
        const RunRecord &current = m_status->currentRun();
        const RunProgress progress(current, QDateTime::currentDateTimeUtc());
        parts << tr("Running: %1, %2 completed, %3 errors")
                     .arg(progress.countText())
                     .arg(current.completed)
                     .arg(current.errors);
        if (const QString left = progress.timeLeftText(); !left.isEmpty())
            parts << left;
    } else if (!m_holdReason.isEmpty()) {
        parts << tr("Schedule held: %1").arg(m_holdReason);
    } else if (m_status->isPaused()) {
        parts << tr("Schedule paused");
    } else if (nextRun.isValid()) {
        const qint64 secs = std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(nextRun));
        parts << tr("Next run at %1 (in %2:%3)")
                     .arg(QLocale().toString(nextRun.toLocalTime().time(), QLocale::ShortFormat))
                     .arg(secs / 60)
                     .arg(secs % 60, 2, 10, QLatin1Char('0'));
    }
    if (const std::optional<RunRecord> last = m_status->lastRun(); last && last->startedAt.isValid()) {
        parts << tr("Last run %1: %2 processed, %3 completed, %4 errors")
                     .arg(QLocale().toString(last->startedAt.toLocalTime(), QLocale::ShortFormat))
                     .arg(last->processed)
                     .arg(last->completed)
                     .arg(last->errors);
    } else {
        parts << tr("No run yet");
    }
    if (!m_storeProblem.isEmpty())
        parts << tr("Local database problem: %1").arg(m_storeProblem);
    m_statusLine->setText(parts.join(QStringLiteral("  ·  ")));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_closeHidesToTray) {
        hide();
        event->ignore();
        emit hiddenToTray();
        return;
    }
    QMainWindow::closeEvent(event);
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    updateStatusLine();
    m_statusTick->start();
}

void MainWindow::hideEvent(QHideEvent *event)
{
    QMainWindow::hideEvent(event);
    m_statusTick->stop();
}

void MainWindow::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(static_cast<int>(tab));
}

void MainWindow::openManualCheck(const QString &query)
{
    auto *dialog = new ManualCheckDialog(m_controller, query, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::runNowWithBatchSize()
{
    bool ok = false;
    const int batch =
        QInputDialog::getInt(this, tr("Run now"),
                             tr("Learners per Appwrite page (batch size). The run goes through every "
                                "enrolled learner until its deadline."),
                             50, 1, 100, 1, &ok);
    if (ok)
        m_controller->call(&CheckerWorker::runNow, RunTrigger::Manual, batch);
}

void MainWindow::showKeyboardShortcuts()
{
    QList<QAction *> actions;
    for (QAction *menu : menuBar()->actions())
        if (menu->menu() != nullptr)
            actions += menu->menu()->actions();
    auto *dialog = new KeyboardShortcutsDialog(actions, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::exportLearners()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export learners"),
        CsvExport::suggestedPath(QStringLiteral("learners"), QDate::currentDate(), m_exportFolder),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    m_exportFolder = QFileInfo(path).absolutePath();
    QString error;
    if (!m_learners->exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Learners exported to %1").arg(path), 5000);
}

void MainWindow::exportErrors()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export errors"),
        CsvExport::suggestedPath(QStringLiteral("errors"), QDate::currentDate(), m_exportFolder),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    m_exportFolder = QFileInfo(path).absolutePath();
    QString error;
    if (!CsvExport::writeModel(m_errors->model(), path, tr("Cause"), &error))
        QMessageBox::warning(this, tr("Export failed"), error);
    else
        statusBar()->showMessage(tr("Errors exported to %1").arg(path), 5000);
}

} // namespace cc

#pragma once

#include "base/HealthReport.h"
#include "base/RunRecord.h"

#include <QDateTime>
#include <QMainWindow>

class QAction;
class QLabel;
class QTabWidget;
class QTimer;

namespace cc {

class BatchStatsPanel;
class CheckerController;
class CheckerStatus;
class ErrorsPanel;
class HealthPanel;
class LearnersPanel;

// The operator's window: learners, batch stats, errors and health as tabs; actions in a toolbar
// and menus with shortcuts; the scheduler's state in the status bar. It only shows and asks: all
// work happens in the checker thread behind `controller`.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    // `status` is the shared read-side status (CheckerStatus), following the controller's worker.
    MainWindow(CheckerController *controller, CheckerStatus *status, QWidget *parent = nullptr);

    LearnersPanel *learnersPanel() const { return m_learners; }
    BatchStatsPanel *batchStatsPanel() const { return m_stats; }
    ErrorsPanel *errorsPanel() const { return m_errors; }
    HealthPanel *healthPanel() const { return m_health; }
    QTabWidget *tabs() const { return m_tabs; }
    QAction *runNowAction() const { return m_runNow; }
    QAction *runWithOptionsAction() const { return m_runWithOptions; }
    QAction *pauseAction() const { return m_pause; }
    QAction *checkLearnerAction() const { return m_checkLearner; }

    enum class Tab { Learners, BatchStats, Errors, Health };
    void showTab(Tab tab);
    // With a tray to live in, closing the window hides it (the checker goes on); without one,
    // closing it ends the app, so the only window is never hidden.
    void setCloseHidesToTray(bool hides) { m_closeHidesToTray = hides; }
    bool closeHidesToTray() const { return m_closeHidesToTray; }

signals:
    void settingsRequested();
    void quitRequested();
    void hiddenToTray();

protected:
    void closeEvent(QCloseEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

public slots:
    void openManualCheck(const QString &query = QString());
    void runNowWithBatchSize();
    void showKeyboardShortcuts();

private:
    void createActions();
    void createMenusAndToolbar();
    void connectWorker();
    void exportLearners();
    void exportErrors();
    void updateStatusLine();

    CheckerController *m_controller;
    CheckerStatus *m_status;
    QTabWidget *m_tabs;
    LearnersPanel *m_learners;
    BatchStatsPanel *m_stats;
    ErrorsPanel *m_errors;
    HealthPanel *m_health;
    QLabel *m_statusLine;
    QAction *m_runNow = nullptr;
    QAction *m_runWithOptions = nullptr;
    QAction *m_stopRun = nullptr;
    QAction *m_pause = nullptr;
    QAction *m_checkLearner = nullptr;
    QAction *m_health_ = nullptr;
    QAction *m_settings = nullptr;
    QAction *m_exportLearners = nullptr;
    QAction *m_exportErrors = nullptr;
    QAction *m_quit = nullptr;
    QString m_exportFolder; // where the last export went: offered again
    QString m_storeProblem;
    QString m_holdReason;
    QTimer *m_statusTick = nullptr;
    bool m_closeHidesToTray = false;
};

} // namespace cc

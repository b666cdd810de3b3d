#pragma once

#include "base/RunRecord.h"

#include <QDateTime>
#include <QTimer>
#include <QWidget>
#include <optional>

class QGridLayout;
class QLabel;
class QProgressBar;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;

namespace cc {

class CheckerController;
class CheckerStatus;
class Clock;
class RunHistoryChart;
class RunHistoryModel;

// Batch stats: the run in progress (live), the last run's figures, the next scheduled run with a
// countdown, and the run history as a table and a chart. Reads the run and the schedule from the
// shared CheckerStatus; its history model follows the worker itself. Does no per-learner work
// (progress arrives as whole RunRecords, ~2 a second).
class BatchStatsPanel : public QWidget
{
    Q_OBJECT
public:
    BatchStatsPanel(CheckerController *controller, const CheckerStatus *status, QWidget *parent = nullptr);
    ~BatchStatsPanel() override;

    // Where "now" comes from for elapsed time, rate and countdown (tests inject a ManualClock).
    void setClock(const Clock *clock);

    RunHistoryModel *historyModel() const { return m_history; }
    RunHistoryChart *historyChart() const { return m_chart; }
    QTableView *historyView() const { return m_historyView; }
    bool isRunInProgress() const;
    bool isTicking() const { return m_tick.isActive(); }

protected:
    void showEvent(QShowEvent *event) override;
    void hideEvent(QHideEvent *event) override;

private:
    QWidget *buildCurrentRun();
    QWidget *buildLastRun();
    QWidget *buildNextRun();
    QWidget *buildHistory();
    void refreshCurrentRun();
    void refreshLastRun();
    void refreshClockTexts(); // elapsed, rate and countdown: the parts that move with time
    void updateTicking();
    void updateHistoryPage();

    const Clock *m_clock;
    const CheckerStatus *m_status;
    RunHistoryModel *m_history;
    QSortFilterProxyModel *m_historyProxy = nullptr;
    RunHistoryChart *m_chart = nullptr;
    QTableView *m_historyView = nullptr;
    QStackedWidget *m_historyPages = nullptr;
    QTimer m_tick;

    // Current run
    QStackedWidget *m_currentPages = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_processed = nullptr;
    QLabel *m_completions = nullptr;
    QLabel *m_errors = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_trigger = nullptr;
    QLabel *m_graphyPace = nullptr;
    QLabel *m_appwritePace = nullptr;
    QLabel *m_lastPace = nullptr;
    // Last run
    QStackedWidget *m_lastPages = nullptr;
    QLabel *m_lastState = nullptr;
    QLabel *m_lastStarted = nullptr;
    QLabel *m_lastFigures[6] = {};
    // Next run
    QLabel *m_nextAt = nullptr;
    QLabel *m_countdown = nullptr;
};

} // namespace cc

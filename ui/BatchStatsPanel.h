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
class Clock;
class RunHistoryChart;
class RunHistoryModel;

// Batch stats: the run in progress (live), the last run's figures, the next scheduled run with a
// countdown, and the run history as a table and a chart. Listens to the worker's run and schedule
// signals; does no per-learner work (progress arrives as whole RunRecords, ~2 a second).
class BatchStatsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit BatchStatsPanel(CheckerController *controller, QWidget *parent = nullptr);
    ~BatchStatsPanel() override;

    // Where "now" comes from for elapsed time, rate and countdown (tests inject a ManualClock).
    void setClock(const Clock *clock);

    RunHistoryModel *historyModel() const { return m_history; }
    RunHistoryChart *historyChart() const { return m_chart; }
    QTableView *historyView() const { return m_historyView; }
    bool isRunInProgress() const { return m_current.has_value(); }
    bool isTicking() const { return m_tick.isActive(); }

public slots:
    void showRunStarted(const cc::RunRecord &run);
    void showRunProgress(const cc::RunRecord &run);
    void showRunFinished(const cc::RunRecord &run);
    void showRunSkipped(const QDateTime &slot, const QString &reason);
    void showRuns(const QList<cc::RunRecord> &runs);
    void showSchedule(const QDateTime &nextRun, bool paused);

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
    RunHistoryModel *m_history;
    QSortFilterProxyModel *m_historyProxy = nullptr;
    RunHistoryChart *m_chart = nullptr;
    QTableView *m_historyView = nullptr;
    QStackedWidget *m_historyPages = nullptr;
    QTimer m_tick;

    std::optional<RunRecord> m_current;
    std::optional<RunRecord> m_last;
    QDateTime m_nextRun;
    bool m_paused = false;
    bool m_scheduleKnown = false;

    // Current run
    QStackedWidget *m_currentPages = nullptr;
    QProgressBar *m_progress = nullptr;
    QLabel *m_processed = nullptr;
    QLabel *m_completions = nullptr;
    QLabel *m_errors = nullptr;
    QLabel *m_elapsed = nullptr;
    QLabel *m_rate = nullptr;
    QLabel *m_trigger = nullptr;
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

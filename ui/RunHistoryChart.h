#pragma once

#include <QChartView>
#include <QDateTime>
#include <QTimer>

class QBarCategoryAxis;
class QBarSeries;
class QBarSet;
class QValueAxis;

namespace cc {

class Clock;
class RunHistoryModel;

// Completions and errors of each run as a pair of bars, oldest to newest, over a chosen period (the
// last ~50 runs that ran in it; skipped runs and the run in progress are left out). The count axis
// has round ticks; the run axis labels a run's start time, thinned so labels never overlap. Follows
// a RunHistoryModel; rebuilds at most a few times a second and not at all for progress ticks.
class RunHistoryChart : public QChartView
{
    Q_OBJECT
public:
    enum class Period { Day, Week, Month, All };

    // `clock` says what "the last 24 hours" are; null: the system clock.
    explicit RunHistoryChart(RunHistoryModel *model, const Clock *clock = nullptr, QWidget *parent = nullptr);

    void setMaximumRuns(int runs);
    void setClock(const Clock *clock);
    void setPeriod(Period period);
    Period period() const { return m_period; }
    static QString periodText(Period period);
    // The period's start, as of `now`; invalid for All.
    static QDateTime periodStart(Period period, const QDateTime &now);

    int plottedRuns() const { return m_plottedRuns; }
    QBarSet *completionsSet() const { return m_completions; }
    QBarSet *errorsSet() const { return m_errors; }
    QBarCategoryAxis *runAxis() const { return m_runAxis; }
    QValueAxis *countAxis() const { return m_countAxis; }
    // The start time of each plotted run, oldest first (what the bars stand for).
    const QList<QDateTime> &plottedStarts() const { return m_starts; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void scheduleRebuild();
    void rebuild();
    void applyPalette();

    RunHistoryModel *m_model;
    const Clock *m_clock;
    QBarSeries *m_series;
    QBarSet *m_completions;
    QBarSet *m_errors;
    QBarCategoryAxis *m_runAxis;
    QValueAxis *m_countAxis;
    QTimer m_rebuildTimer;
    Period m_period = Period::Week;
    int m_maximumRuns = 50;
    int m_plottedRuns = 0;
    QList<QDateTime> m_starts;
};

} // namespace cc

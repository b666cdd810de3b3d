#pragma once

#include <QChartView>
#include <QTimer>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

namespace cc {

class RunHistoryModel;

// Completions and errors per run over time (the last ~50 runs that ran; skipped runs and the run
// in progress are left out). Follows a RunHistoryModel; rebuilds at most a few times a second and
// not at all for progress ticks of a running run.
class RunHistoryChart : public QChartView
{
    Q_OBJECT
public:
    explicit RunHistoryChart(RunHistoryModel *model, QWidget *parent = nullptr);

    void setMaximumRuns(int runs);
    int plottedRuns() const { return m_plottedRuns; }
    QLineSeries *completionsSeries() const { return m_completions; }
    QLineSeries *errorsSeries() const { return m_errors; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void scheduleRebuild();
    void rebuild();
    void applyPalette();

    RunHistoryModel *m_model;
    QLineSeries *m_completions;
    QLineSeries *m_errors;
    QDateTimeAxis *m_timeAxis;
    QValueAxis *m_countAxis;
    QTimer m_rebuildTimer;
    int m_maximumRuns = 50;
    int m_plottedRuns = 0;
};

} // namespace cc

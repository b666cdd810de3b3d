#include "RunHistoryChart.h"

#include "models/RunHistoryModel.h"

#include <QDateTimeAxis>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace cc {

namespace {
// Readable on light and dark backgrounds alike.
const QColor kCompletionsColor(0x2e, 0x9d, 0x5b);
const QColor kErrorsColor(0xd6, 0x45, 0x41);

QLineSeries *makeSeries(const QString &name, const QColor &color)
{
    auto *series = new QLineSeries;
    series->setName(name);
    series->setPointsVisible(true);
    QPen pen(color);
    pen.setWidthF(2.0);
    series->setPen(pen);
    series->setColor(color);
    return series;
}
} // namespace

RunHistoryChart::RunHistoryChart(RunHistoryModel *model, QWidget *parent)
    : QChartView(parent), m_model(model), m_completions(makeSeries(tr("Completions"), kCompletionsColor)),
      m_errors(makeSeries(tr("Errors"), kErrorsColor)), m_timeAxis(new QDateTimeAxis),
      m_countAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    chart->addSeries(m_completions);
    chart->addSeries(m_errors);
    chart->addAxis(m_timeAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    for (QLineSeries *series : {m_completions, m_errors}) {
        series->attachAxis(m_timeAxis);
        series->attachAxis(m_countAxis);
        connect(series, &QLineSeries::hovered, this, [this, series](const QPointF &point, bool state) {
            if (!state) {
                QToolTip::hideText();
                return;
            }
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(qint64(point.x())).toLocalTime();
            QToolTip::showText(QCursor::pos(),
                               tr("%1: %2 in the run of %3")
                                   .arg(series->name())
                                   .arg(qRound(point.y()))
                                   .arg(at.toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                               this);
        });
    }
    m_countAxis->setLabelFormat(QStringLiteral("%d"));
    m_countAxis->setTitleText(tr("per run"));
    // QChartView(QWidget *) made a chart of its own; setChart() releases it without deleting it.
    QChart *initial = QChartView::chart();
    setChart(chart);
    delete initial;
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(160);

    // Progress ticks arrive twice a second during a run: coalesce, and skip them when only a
    // running run changed (it is not plotted).
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(200);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &RunHistoryChart::rebuild);
    connect(m_model, &QAbstractItemModel::modelReset, this, &RunHistoryChart::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &RunHistoryChart::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &RunHistoryChart::scheduleRebuild);
    connect(m_model, &QAbstractItemModel::dataChanged, this,
            [this](const QModelIndex &from, const QModelIndex &to) {
                for (int row = from.row(); row <= to.row(); ++row) {
                    if (m_model->runAt(row).state != RunState::Running)
                        return scheduleRebuild();
                }
            });
    applyPalette();
    rebuild();
}

void RunHistoryChart::setMaximumRuns(int runs)
{
    m_maximumRuns = std::max(1, runs);
    rebuild();
}

void RunHistoryChart::scheduleRebuild()
{
    if (!m_rebuildTimer.isActive())
        m_rebuildTimer.start();
}

void RunHistoryChart::rebuild()
{
    m_rebuildTimer.stop();
    QList<QPointF> completions;
    QList<QPointF> errors;
    int highest = 0;
    // The model is newest first; the series run oldest to newest.
    for (const RunRecord &run : m_model->runs()) {
        if (completions.size() >= m_maximumRuns)
            break;
        if (run.state == RunState::Skipped || run.state == RunState::Running || !run.startedAt.isValid())
            continue;
        const qreal x = qreal(run.startedAt.toMSecsSinceEpoch());
        completions.prepend(QPointF(x, run.completed));
        errors.prepend(QPointF(x, run.errors));
        highest = std::max({highest, run.completed, run.errors});
    }
    m_plottedRuns = int(completions.size());
    m_completions->replace(completions);
    m_errors->replace(errors);

    QDateTime first = QDateTime::currentDateTime();
    QDateTime last = first;
    if (!completions.isEmpty()) {
        first = QDateTime::fromMSecsSinceEpoch(qint64(completions.first().x()));
        last = QDateTime::fromMSecsSinceEpoch(qint64(completions.last().x()));
    }
    // A little room on both sides so the first and last points are not cut by the frame.
    const qint64 span = std::max<qint64>(first.msecsTo(last), 60 * 60 * 1000);
    const qint64 pad = span / 20 + (first == last ? 30 * 60 * 1000 : 0);
    m_timeAxis->setRange(first.addMSecs(-pad), last.addMSecs(pad));
    m_timeAxis->setFormat(span + 2 * pad > 24LL * 3600 * 1000 ? QStringLiteral("MM-dd HH:mm")
                                                              : QStringLiteral("HH:mm"));
    m_timeAxis->setTickCount(6);
    m_countAxis->setRange(0, std::max(4, highest));
    m_countAxis->applyNiceNumbers();
    chart()->setTitle(m_plottedRuns == 0
                          ? tr("Completions and errors per run appear here after the first run.")
                          : QString());
}

void RunHistoryChart::changeEvent(QEvent *event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::StyleChange)
        applyPalette();
}

void RunHistoryChart::applyPalette()
{
    // Follow the widget palette rather than a fixed chart theme, so the chart sits in the window
    // the same way in light and dark desktops.
    const QPalette p = palette();
    const QColor text = p.color(QPalette::WindowText);
    QColor grid = text;
    grid.setAlphaF(0.18f);
    QColor line = text;
    line.setAlphaF(0.45f);
    QChart *c = chart();
    c->setBackgroundBrush(p.color(QPalette::Base));
    c->setBackgroundPen(Qt::NoPen);
    c->setPlotAreaBackgroundVisible(false);
    c->setTitleBrush(text);
    c->legend()->setLabelColor(text);
    for (QAbstractAxis *axis :
         {static_cast<QAbstractAxis *>(m_timeAxis), static_cast<QAbstractAxis *>(m_countAxis)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
    }
    setBackgroundBrush(p.color(QPalette::Base));
    // Markers take the series' colours; reassert them after any theme-driven change.
    m_completions->setColor(kCompletionsColor);
    m_errors->setColor(kErrorsColor);
}

} // namespace cc

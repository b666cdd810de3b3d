#include "RunHistoryChart.h"

#include "base/Clock.h"
#include "models/RunHistoryModel.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QEvent>
#include <QGraphicsLayout>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace cc {

namespace {
// Readable on light and dark backgrounds alike.
const QColor kCompletionsColor(0x2e, 0x9d, 0x5b);
const QColor kErrorsColor(0xd6, 0x45, 0x41);

// At most this many run labels under the bars; the others stay blank so labels never overlap.
constexpr int kMaxRunLabels = 8;

QBarSet *makeSet(const QString &name, const QColor &color)
{
    auto *set = new QBarSet(name);
    set->setColor(color);
    set->setBorderColor(color);
    return set;
}
} // namespace

RunHistoryChart::RunHistoryChart(RunHistoryModel *model, const Clock *clock, QWidget *parent)
    : QChartView(parent), m_model(model), m_clock(clock ? clock : SystemClock::instance()),
      m_series(new QBarSeries), m_completions(makeSet(tr("Completions"), kCompletionsColor)),
      m_errors(makeSet(tr("Errors"), kErrorsColor)), m_runAxis(new QBarCategoryAxis),
      m_countAxis(new QValueAxis)
{
    auto *chart = new QChart;
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chart->setBackgroundRoundness(0);
    chart->legend()->setAlignment(Qt::AlignTop);
    m_series->append(m_completions);
    m_series->append(m_errors);
    m_series->setBarWidth(0.7);
    chart->addSeries(m_series);
    chart->addAxis(m_runAxis, Qt::AlignBottom);
    chart->addAxis(m_countAxis, Qt::AlignLeft);
    m_series->attachAxis(m_runAxis);
    m_series->attachAxis(m_countAxis);
    connect(m_series, &QBarSeries::hovered, this, [this](bool state, int index, QBarSet *set) {
        if (!state || index < 0 || index >= m_starts.size()) {
            QToolTip::hideText();
            return;
        }
        QToolTip::showText(
            QCursor::pos(),
            tr("%1: %2 in the run of %3")
                .arg(set->label())
                .arg(qRound(set->at(index)))
                .arg(m_starts.at(index).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
            this);
    });
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

void RunHistoryChart::setClock(const Clock *clock)
{
    m_clock = clock ? clock : SystemClock::instance();
    rebuild();
}

void RunHistoryChart::setPeriod(Period period)
{
    m_period = period;
    rebuild();
}

QString RunHistoryChart::periodText(Period period)
{
    switch (period) {
    case Period::Day:
        return tr("Last 24 hours");
    case Period::Week:
        return tr("Last 7 days");
    case Period::Month:
        return tr("Last 30 days");
    case Period::All:
        return tr("All runs");
    }
    return {};
}

QDateTime RunHistoryChart::periodStart(Period period, const QDateTime &now)
{
    switch (period) {
    case Period::Day:
        return now.addDays(-1);
    case Period::Week:
        return now.addDays(-7);
    case Period::Month:
        return now.addDays(-30);
    case Period::All:
        return {};
    }
    return {};
}

void RunHistoryChart::rebuild()
{
    m_rebuildTimer.stop();
    const QDateTime from = periodStart(m_period, m_clock->now());
    QList<qreal> completions;
    QList<qreal> errors;
    QList<QDateTime> starts;
    int highest = 0;
    // The model is newest first; the bars run oldest to newest.
    for (const RunRecord &run : m_model->runs()) {
        if (starts.size() >= m_maximumRuns)
            break;
        if (run.state == RunState::Skipped || run.state == RunState::Running || !run.startedAt.isValid())
            continue;
        if (from.isValid() && run.startedAt < from)
            break; // newest first: the rest are older still
        completions.prepend(run.completed);
        errors.prepend(run.errors);
        starts.prepend(run.startedAt);
        highest = std::max({highest, run.completed, run.errors});
    }
    m_starts = starts;
    m_plottedRuns = int(starts.size());
    m_completions->remove(0, m_completions->count());
    m_errors->remove(0, m_errors->count());
    m_completions->append(completions);
    m_errors->append(errors);

    // One category per run. Categories must differ, so the runs left unlabelled get distinct
    // invisible names; the newest run is always labelled.
    const bool days = !starts.isEmpty() && starts.first().daysTo(starts.last()) >= 1;
    const int step = std::max(1, (m_plottedRuns + kMaxRunLabels - 1) / kMaxRunLabels);
    QStringList categories;
    for (int i = 0; i < m_plottedRuns; ++i) {
        const bool labelled = (m_plottedRuns - 1 - i) % step == 0;
        categories << (labelled ? starts.at(i).toLocalTime().toString(days ? QStringLiteral("MM-dd HH:mm")
                                                                           : QStringLiteral("HH:mm"))
                                : QString(i + 1, QChar(0x200B)));
    }
    m_runAxis->clear();
    m_runAxis->append(categories);
    m_runAxis->setTitleText(m_plottedRuns == 0 ? QString() : tr("runs, by start time"));
    m_countAxis->setRange(0, std::max(4, highest));
    m_countAxis->applyNiceNumbers(); // round ticks
    chart()->setTitle(m_plottedRuns == 0
                          ? (m_period == Period::All
                                 ? tr("Completions and errors per run appear here after the first run.")
                                 : tr("No run in the %1.").arg(periodText(m_period).toLower()))
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
         {static_cast<QAbstractAxis *>(m_runAxis), static_cast<QAbstractAxis *>(m_countAxis)}) {
        axis->setLabelsBrush(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setLinePenColor(line);
    }
    setBackgroundBrush(p.color(QPalette::Base));
    // Bars keep their colours; reassert them after any theme-driven change.
    for (auto [set, color] :
         {std::pair{m_completions, kCompletionsColor}, std::pair{m_errors, kErrorsColor}}) {
        set->setColor(color);
        set->setBorderColor(color);
    }
}

} // namespace cc

#include "BatchStatsPanel.h"

#include "models/CheckerStatus.h"

#include "RunHistoryChart.h"
#include "base/Clock.h"
#include "checker/CheckerController.h"
#include "models/ModelRoles.h"
#include "models/RunHistoryModel.h"
#include "models/RunProgress.h"

#include <QComboBox>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace cc {

namespace {

QLabel *valueLabel(const QString &objectName)
{
    auto *label = new QLabel;
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

void addPair(QGridLayout *grid, int row, int column, const QString &caption, QLabel *value)
{
    auto *name = new QLabel(caption);
    name->setForegroundRole(QPalette::PlaceholderText);
    grid->addWidget(name, row, column * 2);
    grid->addWidget(value, row, column * 2 + 1);
}

// A caption whose value takes the rest of the row (long texts such as a pace and its reason).
void addWidePair(QGridLayout *grid, int row, const QString &caption, QLabel *value)
{
    auto *name = new QLabel(caption);
    name->setForegroundRole(QPalette::PlaceholderText);
    value->setWordWrap(true);
    grid->addWidget(name, row, 0);
    grid->addWidget(value, row, 1, 1, 3);
}

QString paceText(const QString &pace)
{
    return pace.isEmpty() ? QStringLiteral("—") : pace;
}

QLabel *emptyStateLabel(const QString &text)
{
    auto *label = new QLabel(text);
    label->setWordWrap(true);
    label->setAlignment(Qt::AlignCenter);
    label->setForegroundRole(QPalette::PlaceholderText);
    return label;
}

QString clockText(qint64 seconds) // "4:05", "1:02:03"
{
    seconds = std::max<qint64>(0, seconds);
    const QString mmss =
        QStringLiteral("%1:%2").arg((seconds / 60) % 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    if (seconds < 3600)
        return mmss;
    return QStringLiteral("%1:%2").arg(seconds / 3600).arg(mmss.rightJustified(5, QLatin1Char('0')));
}

QString number(int value)
{
    return QLocale().toString(value);
}
} // namespace

BatchStatsPanel::BatchStatsPanel(CheckerController *controller, const CheckerStatus *status, QWidget *parent)
    : QWidget(parent), m_clock(SystemClock::instance()), m_status(status),
      m_history(new RunHistoryModel(this))
{
    auto *top = new QHBoxLayout;
    top->addWidget(buildCurrentRun(), 3);
    top->addWidget(buildLastRun(), 3);
    top->addWidget(buildNextRun(), 2);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(buildHistory(), 1);

    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &BatchStatsPanel::refreshClockTexts);
    connect(m_history, &QAbstractItemModel::modelReset, this, &BatchStatsPanel::updateHistoryPage);
    connect(m_history, &QAbstractItemModel::rowsInserted, this, &BatchStatsPanel::updateHistoryPage);
    connect(m_history, &QAbstractItemModel::rowsRemoved, this, &BatchStatsPanel::updateHistoryPage);

    if (controller != nullptr)
        m_history->follow(controller->worker());
    connect(m_status, &CheckerStatus::updated, this, [this] {
        refreshCurrentRun();
        refreshLastRun();
        refreshClockTexts();
        updateTicking();
    });
    refreshCurrentRun();
    refreshLastRun();
    refreshClockTexts();
    updateHistoryPage();
}

BatchStatsPanel::~BatchStatsPanel() = default;

void BatchStatsPanel::setClock(const Clock *clock)
{
    m_clock = clock != nullptr ? clock : SystemClock::instance();
    m_chart->setClock(m_clock);
    refreshClockTexts();
}

QWidget *BatchStatsPanel::buildCurrentRun()
{
    auto *box = new QGroupBox(tr("Current run"));
    m_currentPages = new QStackedWidget;
    m_currentPages->addWidget(emptyStateLabel(
        tr("No run in progress.\nScheduled runs start on their own; Run now starts one at once.")));
    auto *live = new QWidget;
    auto *grid = new QGridLayout(live);
    grid->setContentsMargins(0, 0, 0, 0);
    m_progress = new QProgressBar;
    m_progress->setObjectName(QStringLiteral("currentProgress"));
    grid->addWidget(m_progress, 0, 0, 1, 4);
    addPair(grid, 1, 0, tr("Processed"), m_processed = valueLabel(QStringLiteral("currentProcessed")));
    addPair(grid, 1, 1, tr("Completions"), m_completions = valueLabel(QStringLiteral("currentCompletions")));
    addPair(grid, 2, 0, tr("Errors"), m_errors = valueLabel(QStringLiteral("currentErrors")));
    addPair(grid, 2, 1, tr("Elapsed"), m_elapsed = valueLabel(QStringLiteral("currentElapsed")));
    addPair(grid, 3, 0, tr("Rate"), m_rate = valueLabel(QStringLiteral("currentRate")));
    addPair(grid, 3, 1, tr("Trigger"), m_trigger = valueLabel(QStringLiteral("currentTrigger")));
    // The pace each service is held to, and why: it moves as the checker finds the service's limit.
    addWidePair(grid, 4, tr("Graphy pace"), m_graphyPace = valueLabel(QStringLiteral("currentGraphyPace")));
    addWidePair(grid, 5, tr("Appwrite pace"),
                m_appwritePace = valueLabel(QStringLiteral("currentAppwritePace")));
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(6, 1);
    m_currentPages->addWidget(live);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_currentPages);
    return box;
}

QWidget *BatchStatsPanel::buildLastRun()
{
    auto *box = new QGroupBox(tr("Last run"));
    m_lastPages = new QStackedWidget;
    m_lastPages->addWidget(emptyStateLabel(tr("No run has finished yet.")));
    auto *page = new QWidget;
    auto *grid = new QGridLayout(page);
    grid->setContentsMargins(0, 0, 0, 0);
    m_lastState = valueLabel(QStringLiteral("lastState"));
    m_lastState->setWordWrap(true);
    m_lastStarted = valueLabel(QStringLiteral("lastStarted"));
    grid->addWidget(m_lastState, 0, 0, 1, 4);
    grid->addWidget(m_lastStarted, 1, 0, 1, 4);
    const QString captions[6] = {tr("Processed"),   tr("Completed"), tr("Already recorded"),
                                 tr("In progress"), tr("Not found"), tr("Errors")};
    const char *names[6] = {"lastProcessed",  "lastCompleted", "lastAlreadyRecorded",
                            "lastInProgress", "lastNotFound",  "lastErrors"};
    for (int i = 0; i < 6; ++i) {
        m_lastFigures[i] = valueLabel(QString::fromLatin1(names[i]));
        addPair(grid, 2 + i / 2, i % 2, captions[i], m_lastFigures[i]);
    }
    // A run of this session ends with the pace it found; a stored run has none.
    m_lastPace = valueLabel(QStringLiteral("lastPace"));
    m_lastPace->setWordWrap(true);
    grid->addWidget(m_lastPace, 5, 0, 1, 4);
    grid->setColumnStretch(1, 1);
    grid->setColumnStretch(3, 1);
    grid->setRowStretch(6, 1);
    m_lastPages->addWidget(page);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_lastPages);
    return box;
}

QWidget *BatchStatsPanel::buildNextRun()
{
    auto *box = new QGroupBox(tr("Next run"));
    auto *layout = new QVBoxLayout(box);
    m_nextAt = valueLabel(QStringLiteral("nextRunAt"));
    m_nextAt->setWordWrap(true);
    m_countdown = valueLabel(QStringLiteral("nextRunCountdown"));
    QFont big = m_countdown->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_countdown->setFont(big);
    layout->addWidget(m_countdown);
    layout->addWidget(m_nextAt);
    layout->addStretch(1);
    return box;
}

QWidget *BatchStatsPanel::buildHistory()
{
    m_historyProxy = new QSortFilterProxyModel(this);
    m_historyProxy->setSourceModel(m_history);
    m_historyProxy->setSortRole(SortRole);
    m_historyView = new QTableView;
    m_historyView->setObjectName(QStringLiteral("runHistoryTable"));
    m_historyView->setModel(m_historyProxy);
    m_historyView->setSortingEnabled(true);
    m_historyView->sortByColumn(RunHistoryModel::StartedColumn, Qt::DescendingOrder);
    m_historyView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_historyView->setAlternatingRowColors(true);
    m_historyView->setWordWrap(false);
    m_historyView->verticalHeader()->hide();
    m_historyView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_historyView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    // Widths from sample texts, not ResizeToContents (which measures every row).
    const QString samples[RunHistoryModel::ColumnCount] = {QStringLiteral("2024-12-31 23:59:59"),
                                                           tr("Command line"),
                                                           tr("Interrupted"),
                                                           QStringLiteral("59 m 59 s"),
                                                           QStringLiteral("100,000"),
                                                           QStringLiteral("10,000"),
                                                           QStringLiteral("10,000"),
                                                           QStringLiteral("100,000"),
                                                           QStringLiteral("10,000"),
                                                           QStringLiteral("10,000")};
    QHeaderView *header = m_historyView->horizontalHeader();
    QFont bold = font(); // the running run's row is bold
    bold.setBold(true);
    const QFontMetrics boldMetrics(bold);
    for (int c = 0; c < RunHistoryModel::ColumnCount; ++c) {
        const QString title = m_history->headerData(c, Qt::Horizontal).toString();
        const int width = std::max(boldMetrics.horizontalAdvance(samples[c]),
                                   header->fontMetrics().horizontalAdvance(title));
        header->resizeSection(c, width + 18);
    }
    header->setStretchLastSection(true);

    m_chart = new RunHistoryChart(m_history, m_clock);
    m_chart->setObjectName(QStringLiteral("runHistoryChart"));
    // Which runs the chart shows; the table below lists them all.
    auto *period = new QComboBox;
    period->setObjectName(QStringLiteral("historyPeriod"));
    for (RunHistoryChart::Period p : {RunHistoryChart::Period::Day, RunHistoryChart::Period::Week,
                                      RunHistoryChart::Period::Month, RunHistoryChart::Period::All})
        period->addItem(RunHistoryChart::periodText(p), QVariant::fromValue(int(p)));
    period->setCurrentIndex(period->findData(int(m_chart->period())));
    connect(period, &QComboBox::currentIndexChanged, this, [this, period] {
        m_chart->setPeriod(static_cast<RunHistoryChart::Period>(period->currentData().toInt()));
    });
    auto *periodLabel = new QLabel(tr("Chart ran&ge:"));
    periodLabel->setBuddy(period);
    auto *chartBox = new QWidget;
    auto *chartLayout = new QVBoxLayout(chartBox);
    chartLayout->setContentsMargins(0, 0, 0, 0);
    auto *periodRow = new QHBoxLayout;
    periodRow->addWidget(periodLabel);
    periodRow->addWidget(period);
    periodRow->addStretch(1);
    chartLayout->addLayout(periodRow);
    chartLayout->addWidget(m_chart, 1);
    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(chartBox);
    splitter->addWidget(m_historyView);
    // The table gets the larger share: it is where the figures are read.
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    splitter->setChildrenCollapsible(false);

    auto *box = new QGroupBox(tr("History"));
    m_historyPages = new QStackedWidget;
    m_historyPages->addWidget(emptyStateLabel(tr(
        "No runs yet. Each run is listed here with its figures: the schedule starts one every few minutes, "
        "or use Run now.")));
    m_historyPages->addWidget(splitter);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_historyPages);
    return box;
}

bool BatchStatsPanel::isRunInProgress() const
{
    return m_status->isRunning();
}

void BatchStatsPanel::refreshCurrentRun()
{
    m_currentPages->setCurrentIndex(m_status->isRunning() ? 1 : 0);
    if (!m_status->isRunning())
        return;
    const RunRecord &run = m_status->currentRun();
    // The same words as the status bar and the tray (RunProgress); a total that learners enrolled
    // during the run went past still gives a bar, at its end.
    const RunProgress progress(run, m_clock->now());
    if (progress.hasTotal()) {
        m_progress->setRange(0, progress.shownTotal());
        m_progress->setValue(run.processed);
        m_progress->setFormat(progress.totalIsAtLeast() ? tr("%v / %m+") : tr("%v / %m"));
    } else {
        m_progress->setRange(0, 0); // total unknown: a busy bar
        m_progress->setValue(0);
    }
    m_processed->setText(progress.text());
    m_completions->setText(number(run.completed));
    m_errors->setText(number(run.errors));
    m_trigger->setText(RunHistoryModel::triggerText(run.trigger));
    m_graphyPace->setText(paceText(run.graphyPace));
    m_appwritePace->setText(paceText(run.appwritePace));
    refreshClockTexts();
}

void BatchStatsPanel::refreshLastRun()
{
    const std::optional<RunRecord> last = m_status->lastRun();
    m_lastPages->setCurrentIndex(last ? 1 : 0);
    if (!last)
        return;
    const RunRecord &run = *last;
    QString state = RunHistoryModel::stateText(run.state);
    if (!run.endReason.isEmpty())
        state += QStringLiteral(": ") + run.endReason;
    m_lastState->setText(QStringLiteral("<b>%1</b>").arg(state.toHtmlEscaped()));
    m_lastState->setToolTip(state);
    m_lastStarted->setText(tr("%1 · %2 · took %3")
                               .arg(run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")),
                                    RunHistoryModel::triggerText(run.trigger),
                                    RunHistoryModel::durationText(run.durationMs())));
    const int figures[6] = {run.processed,  run.completed, run.alreadyRecorded,
                            run.inProgress, run.notFound,  run.errors};
    for (int i = 0; i < 6; ++i)
        m_lastFigures[i]->setText(number(figures[i]));
    m_lastPace->setVisible(!run.graphyPace.isEmpty());
    m_lastPace->setText(
        tr("Ended at: Graphy %1 · Appwrite %2").arg(paceText(run.graphyPace), paceText(run.appwritePace)));
}

void BatchStatsPanel::refreshClockTexts()
{
    const QDateTime now = m_clock->now();
    if (m_status->isRunning()) {
        const RunRecord &current = m_status->currentRun();
        const qint64 elapsedMs = std::max<qint64>(0, current.startedAt.msecsTo(now));
        m_elapsed->setText(clockText(elapsedMs / 1000));
        if (elapsedMs >= 1000) {
            const double perMinute = current.processed * 60000.0 / double(elapsedMs);
            m_rate->setText(
                tr("%1 learners/min").arg(QLocale().toString(perMinute, 'f', perMinute < 10 ? 1 : 0)));
        } else {
            m_rate->setText(tr("—"));
        }
    }
    const QDateTime nextRun = m_status->nextRun();
    if (m_status->isPaused()) {
        m_countdown->setText(tr("Schedule paused"));
        m_nextAt->setText(tr("No run starts on its own until the schedule is resumed. Run now still works."));
    } else if (!nextRun.isValid()) {
        m_countdown->setText(tr("Not scheduled"));
        m_nextAt->setText(m_status->isScheduleKnown()
                              ? tr("The schedule has no next run.")
                              : tr("The schedule starts once the services are configured."));
    } else {
        const qint64 seconds = (now.msecsTo(nextRun) + 999) / 1000;
        m_countdown->setText(seconds > 0 ? tr("in %1").arg(clockText(seconds)) : tr("due now"));
        const QDateTime local = nextRun.toLocalTime();
        const bool today = local.date() == now.toLocalTime().date();
        m_nextAt->setText(tr("at %1").arg(
            local.toString(today ? QStringLiteral("HH:mm") : QStringLiteral("yyyy-MM-dd HH:mm"))));
    }
}

void BatchStatsPanel::updateTicking()
{
    const bool moving = m_status->isRunning() || (!m_status->isPaused() && m_status->nextRun().isValid());
    if (moving && isVisible()) {
        if (!m_tick.isActive())
            m_tick.start();
    } else {
        m_tick.stop();
    }
}

void BatchStatsPanel::updateHistoryPage()
{
    m_historyPages->setCurrentIndex(m_history->rowCount() > 0 ? 1 : 0);
}

void BatchStatsPanel::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    refreshClockTexts();
    updateTicking();
}

void BatchStatsPanel::hideEvent(QHideEvent *event)
{
    QWidget::hideEvent(event);
    m_tick.stop(); // near-zero CPU in the tray: nothing ticks while the panel is not shown
}

} // namespace cc

#include "RunHistoryModel.h"

#include "ModelRoles.h"
#include "checker/CheckerWorker.h"

#include <QFont>
#include <QLocale>
#include <algorithm>

namespace cc {

namespace {
bool sameRun(const RunRecord &a, const RunRecord &b)
{
    if (a.id != 0 || b.id != 0)
        return a.id == b.id;
    // Runs without a local database have no id: a run is its start and trigger.
    return a.startedAt == b.startedAt && a.trigger == b.trigger;
}

bool newerFirst(const RunRecord &a, const RunRecord &b)
{
    if (a.startedAt != b.startedAt)
        return a.startedAt > b.startedAt;
    return a.id > b.id;
}
} // namespace

RunHistoryModel::RunHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

int RunHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_runs.size());
}

int RunHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RunHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const RunRecord &run = m_runs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayData(run, index.column());
    case SortRole:
        return sortData(run, index.column());
    case RunIdRole:
        return run.id;
    case Qt::ToolTipRole:
        if (index.column() == StateColumn && !run.endReason.isEmpty())
            return run.endReason;
        if (index.column() == ProcessedColumn && run.total >= 0)
            return tr("%1 enrolled learners when the run started").arg(run.total);
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= DurationColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::FontRole:
        if (run.state == RunState::Running) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    default:
        return {};
    }
}

QVariant RunHistoryModel::displayData(const RunRecord &run, int column) const
{
    const bool hasFigures = run.state != RunState::Skipped;
    auto figure = [&](int value) -> QVariant {
        return hasFigures ? QVariant(QLocale().toString(value)) : QVariant();
    };
    switch (column) {
    case StartedColumn:
        return run.startedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case TriggerColumn:
        return triggerText(run.trigger);
    case StateColumn:
        return stateText(run.state);
    case DurationColumn:
        if (run.state == RunState::Running)
            return tr("running");
        return hasFigures ? QVariant(durationText(run.durationMs())) : QVariant();
    case ProcessedColumn:
        return figure(run.processed);
    case CompletedColumn:
        return figure(run.completed);
    case AlreadyRecordedColumn:
        return figure(run.alreadyRecorded);
    case InProgressColumn:
        return figure(run.inProgress);
    case NotFoundColumn:
        return figure(run.notFound);
    case ErrorsColumn:
        return figure(run.errors);
    default:
        return {};
    }
}

QVariant RunHistoryModel::sortData(const RunRecord &run, int column) const
{
    switch (column) {
    case StartedColumn:
        return run.startedAt.toMSecsSinceEpoch();
    case TriggerColumn:
        return triggerName(run.trigger);
    case StateColumn:
        return runStateName(run.state);
    case DurationColumn:
        return run.durationMs();
    case ProcessedColumn:
        return run.processed;
    case CompletedColumn:
        return run.completed;
    case AlreadyRecordedColumn:
        return run.alreadyRecorded;
    case InProgressColumn:
        return run.inProgress;
    case NotFoundColumn:
        return run.notFound;
    case ErrorsColumn:
        return run.errors;
    default:
        return {};
    }
}

QVariant RunHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::DisplayRole) {
        switch (section) {
        case StartedColumn:
            return tr("Started");
        case TriggerColumn:
            return tr("Trigger");
        case StateColumn:
            return tr("State");
        case DurationColumn:
            return tr("Duration");
        case ProcessedColumn:
            return tr("Processed");
        case CompletedColumn:
            return tr("Completed");
        case AlreadyRecordedColumn:
            return tr("Already recorded");
        case InProgressColumn:
            return tr("In progress");
        case NotFoundColumn:
            return tr("Not found");
        case ErrorsColumn:
            return tr("Errors");
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case CompletedColumn:
            return tr("Completions found and recorded by this run (certificate events created)");
        case AlreadyRecordedColumn:
            return tr("Completions whose certificate event already existed");
        case InProgressColumn:
            return tr("Learners still working through their course");
        case NotFoundColumn:
            return tr("Learners unknown to Graphy, or not enrolled in the course there");
        default:
            return {};
        }
    }
    return {};
}

void RunHistoryModel::follow(const CheckerWorker *worker)
{
    connect(worker, &CheckerWorker::runsLoaded, this, [this](const QList<RunRecord> &runs) {
        setRuns(runs);
        if (m_live) // stored with the figures it had when it started: show the live ones
            upsertRun(*m_live);
    });
    auto live = [this](const RunRecord &run) {
        m_live = run;
        upsertRun(run);
    };
    connect(worker, &CheckerWorker::runStarted, this, live);
    connect(worker, &CheckerWorker::runProgress, this, live);
    connect(worker, &CheckerWorker::runFinished, this, [this](const RunRecord &run) {
        m_live.reset();
        upsertRun(run);
    });
    connect(worker, &CheckerWorker::runSkipped, this, &RunHistoryModel::addSkippedSlot);
}

void RunHistoryModel::addSkippedSlot(const QDateTime &slot, const QString &reason)
{
    RunRecord skipped;
    skipped.trigger = RunTrigger::Schedule;
    skipped.state = RunState::Skipped;
    skipped.startedAt = slot;
    skipped.finishedAt = slot;
    skipped.endReason = reason;
    upsertRun(skipped);
}

void RunHistoryModel::setRuns(const QList<RunRecord> &runs)
{
    beginResetModel();
    m_runs = runs;
    std::stable_sort(m_runs.begin(), m_runs.end(), newerFirst);
    if (m_runs.size() > m_maximumRows)
        m_runs.resize(m_maximumRows);
    endResetModel();
}

void RunHistoryModel::upsertRun(const RunRecord &run)
{
    const int row = rowOfRun(run);
    if (row >= 0 && m_runs.at(row).startedAt == run.startedAt) {
        m_runs[row] = run;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    if (row >= 0) { // its start time changed: it belongs elsewhere
        beginRemoveRows({}, row, row);
        m_runs.removeAt(row);
        endRemoveRows();
    }
    const int at = insertionRow(run.startedAt);
    beginInsertRows({}, at, at);
    m_runs.insert(at, run);
    endInsertRows();
    trimToMaximum();
}

void RunHistoryModel::clear()
{
    if (m_runs.isEmpty())
        return;
    beginResetModel();
    m_runs.clear();
    endResetModel();
}

int RunHistoryModel::rowOfRun(const RunRecord &run) const
{
    for (int row = 0; row < m_runs.size(); ++row) {
        if (sameRun(m_runs.at(row), run))
            return row;
    }
    return -1;
}

void RunHistoryModel::setMaximumRows(int rows)
{
    m_maximumRows = std::max(1, rows);
    trimToMaximum();
}

int RunHistoryModel::insertionRow(const QDateTime &startedAt) const
{
    // Newest first: before the first run that started earlier.
    int row = 0;
    while (row < m_runs.size() && m_runs.at(row).startedAt >= startedAt)
        ++row;
    return row;
}

void RunHistoryModel::trimToMaximum()
{
    if (m_runs.size() <= m_maximumRows)
        return;
    beginRemoveRows({}, m_maximumRows, int(m_runs.size()) - 1);
    m_runs.resize(m_maximumRows);
    endRemoveRows();
}

QString RunHistoryModel::triggerText(RunTrigger trigger)
{
    switch (trigger) {
    case RunTrigger::Schedule:
        return tr("Schedule");
    case RunTrigger::Manual:
        return tr("Manual");
    case RunTrigger::CatchUp:
        return tr("Catch-up");
    case RunTrigger::CommandLine:
        return tr("Command line");
    }
    return {};
}

QString RunHistoryModel::stateText(RunState state)
{
    switch (state) {
    case RunState::Running:
        return tr("Running");
    case RunState::Finished:
        return tr("Finished");
    case RunState::Partial:
        return tr("Partial");
    case RunState::Failed:
        return tr("Failed");
    case RunState::Skipped:
        return tr("Skipped");
    case RunState::Interrupted:
        return tr("Interrupted");
    }
    return {};
}

QString RunHistoryModel::durationText(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    if (ms < 1000)
        return tr("%1 ms").arg(ms);
    const qint64 seconds = ms / 1000;
    if (seconds < 60)
        return tr("%1 s").arg(seconds);
    if (seconds < 3600)
        return tr("%1 m %2 s").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return tr("%1 h %2 m").arg(seconds / 3600).arg((seconds % 3600) / 60, 2, 10, QLatin1Char('0'));
}

} // namespace cc

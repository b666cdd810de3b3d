#pragma once

#include "base/RunRecord.h"

#include <QAbstractTableModel>
#include <QList>
#include <optional>

namespace cc {

class CheckerWorker;

// The run history, newest first: one row per RunRecord. Filled from the store at start
// (setRuns, from runsLoaded) and kept current by the worker's run signals (upsertRun), which
// update a run's row in place so a progress tick repaints one row, never the whole table.
class RunHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        StartedColumn,
        TriggerColumn,
        StateColumn,
        DurationColumn,
        ProcessedColumn,
        CompletedColumn,
        AlreadyRecordedColumn,
        InProgressColumn,
        NotFoundColumn,
        ErrorsColumn,
        ColumnCount
    };

    explicit RunHistoryModel(QObject *parent = nullptr);

    // Keeps itself current from a worker's signals: stored runs, runs as they start, progress and
    // end, and skipped slots.
    void follow(const CheckerWorker *worker);

    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setRuns(const QList<RunRecord> &runs);
    // Updates the run's row (same id, or same start and trigger for runs not stored yet) or
    // inserts it where its start time belongs (the top, for a new run).
    void upsertRun(const RunRecord &run);
    // A scheduled slot skipped because a run was going: shown as a run of its own, as the worker
    // stores it, until the next setRuns brings the stored record.
    void addSkippedSlot(const QDateTime &slot, const QString &reason);
    void clear();

    const QList<RunRecord> &runs() const { return m_runs; }
    const RunRecord &runAt(int row) const { return m_runs.at(row); }
    int rowOfRun(const RunRecord &run) const; // -1 if absent

    // Oldest rows beyond this are dropped (a run every 15 minutes is ~100 a day).
    void setMaximumRows(int rows);
    int maximumRows() const { return m_maximumRows; }

    static QString triggerText(RunTrigger trigger);
    static QString stateText(RunState state);
    static QString durationText(qint64 ms); // "2 m 13 s", "1 h 04 m", "850 ms"

private:
    std::optional<RunRecord> m_live; // the run in progress, when following a worker
    QVariant displayData(const RunRecord &run, int column) const;
    QVariant sortData(const RunRecord &run, int column) const;
    int insertionRow(const QDateTime &startedAt) const;
    void trimToMaximum();

    QList<RunRecord> m_runs;
    int m_maximumRows = 2000;
};

} // namespace cc

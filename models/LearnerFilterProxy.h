#pragma once

#include "base/LearnerOutcome.h"

#include <QSortFilterProxyModel>

namespace cc {

class LearnerTableModel;

// Filters and sorts the learners table: text typed by the operator (a case-insensitive substring
// of the name, e-mail or course), a status and an outcome. Sorts on SortRole (raw values).
// Filtering needs a LearnerTableModel as the source (other models are shown unfiltered).
//
// QSortFilterProxyModel re-sorts a changed row by removing and re-inserting it, which costs a
// pass over every row; a run's batch of hundreds of changes over 100 000 rows would repeat that
// hundreds of times. Over a LearnerTableModel, a batch that may move many rows is applied with
// dynamic sorting paused and the rows are sorted once at its end. Filter changes over many rows
// rebuild the mapping in one step (one layout change) instead of one removal per gap.
class LearnerFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    enum class StatusFilter { Any, Enrolled, Completed, Other };
    static constexpr int AnyOutcome = -2;
    static constexpr int NeverChecked = -1; // matches OutcomeRole for learners never checked
    static constexpr int Stuck = -3;        // learners whose checks keep failing

    explicit LearnerFilterProxy(QObject *parent = nullptr);

    void setSourceModel(QAbstractItemModel *model) override;

    QString filterText() const { return m_text; }
    void setFilterText(const QString &text);
    StatusFilter statusFilter() const { return m_status; }
    void setStatusFilter(StatusFilter filter);
    // AnyOutcome, NeverChecked, Stuck or a LearnerOutcome as int.
    int outcomeFilter() const { return m_outcome; }
    void setOutcomeFilter(int outcome);
    void setOutcomeFilter(LearnerOutcome outcome) { setOutcomeFilter(static_cast<int>(outcome)); }
    void clearFilters();
    bool isFiltering() const;

    // Batches touching more rows than this (and the sort column) are sorted once at their end
    // rather than row by row. Figures from bench_learner_model.
    int bulkThreshold() const { return m_bulkThreshold; }
    void setBulkThreshold(int rows) { m_bulkThreshold = rows; }

signals:
    void filtersChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    void onChangesAboutToBeApplied(int changedRows, int insertedRows, int firstColumn, int lastColumn);
    void onChangesApplied();
    void refilter();

    LearnerTableModel *m_learners = nullptr;
    QString m_text; // trimmed, lower-cased
    StatusFilter m_status = StatusFilter::Any;
    int m_outcome = AnyOutcome;
    int m_bulkThreshold = 32;
    bool m_sortingPaused = false;
    QList<std::pair<int, int>> m_pausedChanges; // source row ranges changed while paused
    QList<QMetaObject::Connection> m_batchConnections;
};

} // namespace cc

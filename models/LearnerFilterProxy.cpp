#include "LearnerFilterProxy.h"

#include "LearnerTableModel.h"
#include "ModelRoles.h"

namespace cc {

LearnerFilterProxy::LearnerFilterProxy(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(SortRole);
    setDynamicSortFilter(true);
}

void LearnerFilterProxy::setSourceModel(QAbstractItemModel *model)
{
    if (m_learners)
        disconnect(m_learners, nullptr, this, nullptr);
    m_learners = qobject_cast<LearnerTableModel *>(model);
    m_sortingPaused = false;
    QSortFilterProxyModel::setSourceModel(model);
    if (m_learners) {
        connect(m_learners, &LearnerTableModel::changesAboutToBeApplied, this,
                &LearnerFilterProxy::onChangesAboutToBeApplied);
        connect(m_learners, &LearnerTableModel::changesApplied, this, &LearnerFilterProxy::onChangesApplied);
    }
}

void LearnerFilterProxy::setFilterText(const QString &text)
{
    const QString needle = text.trimmed().toLower();
    if (needle == m_text)
        return;
    m_text = needle;
    refilter();
}

void LearnerFilterProxy::setStatusFilter(StatusFilter filter)
{
    if (filter == m_status)
        return;
    m_status = filter;
    refilter();
}

void LearnerFilterProxy::setOutcomeFilter(int outcome)
{
    if (outcome == m_outcome)
        return;
    m_outcome = outcome;
    refilter();
}

void LearnerFilterProxy::clearFilters()
{
    if (!isFiltering())
        return;
    m_text.clear();
    m_status = StatusFilter::Any;
    m_outcome = AnyOutcome;
    refilter();
}

bool LearnerFilterProxy::isFiltering() const
{
    return !m_text.isEmpty() || m_status != StatusFilter::Any || m_outcome != AnyOutcome;
}

void LearnerFilterProxy::refilter()
{
    // Qt's incremental refilter removes and inserts one gap at a time, each gap a pass over the
    // mapping: quadratic when typing a letter hides rows all over 100 000 learners. Rebuilding the
    // mapping is one filter pass and one sort, announced as one layout change; persistent indexes
    // (the view's selection) survive it.
    if (sourceModel() && sourceModel()->rowCount() > m_bulkThreshold)
        invalidate();
    else
        invalidateRowsFilter();
    emit filtersChanged();
}

bool LearnerFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (!isFiltering())
        return true;
    QString status;
    int outcome = NeverChecked;
    if (m_learners) {
        if (!m_text.isEmpty() && !m_learners->rowContains(sourceRow, m_text))
            return false;
        const LearnerRow &row = m_learners->rowAt(sourceRow);
        status = row.learner.status;
        outcome = row.latestCheck ? static_cast<int>(row.latestCheck->outcome) : NeverChecked;
    } else {
        const QAbstractItemModel *model = sourceModel();
        const auto cell = [&](int column, int role) {
            return model->data(model->index(sourceRow, column, sourceParent), role);
        };
        if (!m_text.isEmpty()) {
            bool found = false;
            for (int column : {LearnerTableModel::NameColumn, LearnerTableModel::EmailColumn,
                               LearnerTableModel::CourseColumn}) {
                found =
                    found || cell(column, Qt::DisplayRole).toString().contains(m_text, Qt::CaseInsensitive);
            }
            if (!found)
                return false;
        }
        status = cell(0, StatusRole).toString();
        outcome = cell(0, OutcomeRole).toInt();
    }

    switch (m_status) {
    case StatusFilter::Any:
        break;
    case StatusFilter::Enrolled:
        if (status.compare(QLatin1String("enrolled"), Qt::CaseInsensitive) != 0)
            return false;
        break;
    case StatusFilter::Completed:
        if (status.compare(QLatin1String("completed"), Qt::CaseInsensitive) != 0)
            return false;
        break;
    case StatusFilter::Other:
        if (status.compare(QLatin1String("enrolled"), Qt::CaseInsensitive) == 0 ||
            status.compare(QLatin1String("completed"), Qt::CaseInsensitive) == 0)
            return false;
        break;
    }
    return m_outcome == AnyOutcome || outcome == m_outcome;
}

bool LearnerFilterProxy::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    if (m_learners && left.model() == m_learners && right.model() == m_learners)
        return m_learners->lessThan(left.row(), right.row(), left.column());
    return QSortFilterProxyModel::lessThan(left, right);
}

void LearnerFilterProxy::onChangesAboutToBeApplied(int changedRows, int insertedRows, int firstColumn,
                                                   int lastColumn)
{
    const int sortColumn = this->sortColumn();
    if (!dynamicSortFilter() || sortColumn < 0 || m_sortingPaused)
        return;
    // Inserted rows land wherever the sort puts them; changed rows only move if their sort
    // column changed.
    const bool sortColumnChanged = sortColumn >= firstColumn && sortColumn <= lastColumn;
    const int movingRows = insertedRows + (sortColumnChanged ? changedRows : 0);
    if (movingRows <= m_bulkThreshold)
        return;
    m_sortingPaused = true;
    setDynamicSortFilter(false); // does not sort; rows keep their places until the batch ends
}

void LearnerFilterProxy::onChangesApplied()
{
    if (!m_sortingPaused)
        return;
    m_sortingPaused = false;
    // While paused, changed rows were not re-filtered: with a filter on, rebuild in one step.
    if (isFiltering())
        invalidate();
    setDynamicSortFilter(true); // sorts once
}

} // namespace cc

#pragma once

#include "SortRank.h"
#include "base/CheckedLearner.h"
#include "base/LearnerOutcome.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QIcon>
#include <QList>
#include <QSet>
#include <array>

namespace cc {

class CheckerWorker;

// The learners the app knows, one row per learner with their latest check. Filled in chunks
// from the local store at start (loadChunk) and kept current by the worker's batches of checked
// learners (applyChanges); follow() wires both. Built for 100 000 rows: a batch costs one dataChanged per
// contiguous run of changed rows and one insertion at the end, never a reset; learners are found through a
// hash, never a scan. Text columns are sorted on their lower-cased values, through an integer rank
// of each column's distinct values (SortRank), so a sort compares ints, not strings.
class LearnerTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        EmailColumn,
        CourseColumn,
        StatusColumn,
        ProgressColumn,
        LastCheckColumn,
        OutcomeColumn,
        ColumnCount
    };

    explicit LearnerTableModel(QObject *parent = nullptr);

    // Keeps itself current from a worker: the stored learners in chunks at start (loadChunk) and
    // the learners each batch of checks touched (applyChanges).
    void follow(const CheckerWorker *worker);

    // Without QAbstractItemModel::hasIndex()'s two virtual calls: a sort creates millions.
    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Appends a chunk of learners (one insertion). Learners already present are updated instead,
    // so a repeated load never duplicates a row.
    void appendRows(const QList<CheckedLearner> &rows);
    // Applies a batch from a run: known learners are updated in place, unknown ones appended in
    // one insertion. A row without a latest check keeps the one it had; an older check never
    // replaces a newer one; a dry run changes nothing.
    void applyChanges(const QList<CheckedLearner> &rows);
    // One chunk of a load from the store; `last` marks the final one. A load of several chunks is
    // announced by loadingChanged(true) before its first and loadingChanged(false) after its last,
    // so a view can hold off sorting until the whole load is in.
    void loadChunk(const QList<CheckedLearner> &rows, bool last);
    bool isLoading() const { return m_loading; }
    void clear();

    int rowForLearner(const QString &learnerId) const; // -1 if absent
    // Learners whose checks keep failing (CheckerWorker::stuckLearnersChanged): marked in the
    // outcome column and filterable.
    void setStuck(const QStringList &learnerIds);
    bool isStuck(int row) const { return m_stuck.contains(m_rows.at(row).learner.id); }
    int stuckCount() const { return static_cast<int>(m_stuck.size()); }
    const CheckedLearner &rowAt(int row) const { return m_rows.at(row); }

    // Fast paths for LearnerFilterProxy (no QVariant per comparison over 100 000 rows).
    bool lessThan(int leftRow, int rightRow, int column) const;
    // True when the name, e-mail or course contains `lowerNeedle` (already lower-cased).
    bool rowContains(int row, const QString &lowerNeedle) const;

signals:
    // Around each append/batch, before any row signal and after the last one, so a proxy can
    // defer re-sorting to once per batch. `firstColumn`..`lastColumn` span the columns whose
    // values changed in existing rows (-1 when none changed).
    void changesAboutToBeApplied(int changedRows, int insertedRows, int firstColumn, int lastColumn);
    void changesApplied();
    void loadingChanged(bool loading);
    void stuckChanged(int count);

private:
    // What sorting and filtering read about one row.
    struct Keys
    {
        QString name, email, course, status; // lower-cased
        double progress = -1;                // -1: unknown
        qint64 lastCheck = -1;               // msecs since the epoch; -1: never
        int outcome = -1;                    // LearnerOutcome; -1: never checked
    };
    // The same, column by column: a sort over 100 000 rows walks compact arrays rather than
    // whole rows. Text columns compare integer ranks of their distinct values (SortRank).
    struct ColumnKeys
    {
        SortRank name, email, course, status;
        QList<double> progress;
        QList<qint64> lastCheck;
        QList<int> outcome;
        void put(qsizetype row, const Keys &keys); // row == size(): appends
    };
    struct Entry
    {
        CheckedLearner row;
        Keys keys;
    };
    static Entry makeEntry(const CheckedLearner &row);
    // Graphy's course title once a check brought it, else the course ID.
    static QString courseText(const CheckedLearner &row);
    static CheckedLearner merged(const CheckedLearner &current, const CheckedLearner &incoming);
    unsigned changedColumns(int row, const Entry &after) const;
    const SortRank *textColumn(int column) const; // null for number columns

    QVariant displayData(int row, int column) const;
    QVariant toolTipData(int row, int column) const;
    QVariant sortData(int row, int column) const;
    QVariant foregroundData(int row, int column) const;
    QIcon outcomeIcon(int outcome) const;

    QList<CheckedLearner> m_rows;
    ColumnKeys m_keys;
    QHash<QString, int> m_rowById;
    QSet<QString> m_stuck;
    mutable std::array<QIcon, 7> m_icons; // one dot per outcome, drawn on first use
    mutable bool m_iconsForDarkPalette = false;
    bool m_loading = false;
};

} // namespace cc

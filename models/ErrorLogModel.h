#pragma once

#include "base/ErrorEntry.h"

#include <QAbstractItemModel>
#include <QList>
#include <memory>
#include <vector>

namespace cc {

class CheckerWorker;

// The error log grouped by cause (ErrorEntry::causeKey(): service + error type). Top-level rows
// are the causes, most recent first; their children are the entries, newest first. New errors
// arrive in batches (errorsLogged); each batch inserts at most one range of rows per cause.
class ErrorLogModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { TimeColumn, LearnerColumn, OperationColumn, HttpStatusColumn, MessageColumn, ColumnCount };

    explicit ErrorLogModel(QObject *parent = nullptr);
    ~ErrorLogModel() override;

    QModelIndex index(int row, int column, const QModelIndex &parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = QModelIndex()) const override;
    int columnCount(const QModelIndex &parent = QModelIndex()) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Keeps itself current from a worker: the stored log at start, new errors, a cleared log.
    void follow(const CheckerWorker *worker);
    void setErrors(const QList<ErrorEntry> &errors);
    void addErrors(const QList<ErrorEntry> &errors);
    void clear();

    int errorCount() const { return m_errorCount; }
    int causeCount() const { return int(m_causes.size()); }

    bool isCause(const QModelIndex &index) const;
    // The entry at a child index; nullptr for a cause row or an invalid index.
    const ErrorEntry *entryAt(const QModelIndex &index) const;
    // The entries of a cause row (newest first), or the one entry of a child row.
    QList<ErrorEntry> entriesOf(const QModelIndex &index) const;
    QString causeSummary(const QModelIndex &causeIndex) const;
    QModelIndex causeIndex(const QString &causeKey) const;

    // The distinct learner IDs of the given causes and entries, in order of first appearance.
    QStringList learnerIdsOf(const QModelIndexList &indexes) const;

    // The oldest entries beyond this many are dropped.
    void setMaximumEntries(int entries);
    int maximumEntries() const { return m_maximumEntries; }

signals:
    // After every change: replaced = the whole log was set or cleared; wasEmpty = errors arrived
    // in an empty log (the view opens the first cause then).
    void entriesChanged(bool replaced, bool wasEmpty);

private:
    struct Cause;

    Cause *causeOf(const QModelIndex &index) const; // the cause an entry index belongs to
    int rowOf(const Cause *cause) const;
    // Where a cause whose newest entry is `newest` belongs among the other causes.
    int causeRowFor(const QDateTime &newest, int excludingRow = -1) const;
    void addToCause(Cause *cause, QList<ErrorEntry> entries);
    void moveCauseIntoPlace(int row);
    void trimToMaximum();
    QVariant causeData(const Cause &cause, int column, int role) const;
    QVariant entryData(const ErrorEntry &entry, int column, int role) const;

    std::vector<std::unique_ptr<Cause>> m_causes; // the top-level rows, most recent first
    int m_errorCount = 0;
    int m_maximumEntries = 20000;
};

} // namespace cc

#pragma once

#include "base/ErrorEntry.h"
#include "base/ErrorResolution.h"

#include <QAbstractItemModel>
#include <QList>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace cc {

class CheckerWorker;

// The error log grouped by cause (ErrorEntry::causeKey(): service + error type). Top-level rows
// are the causes, most recent first; their children are the entries, newest first. New errors
// arrive in batches (errorsLogged); each batch inserts at most one range of rows per cause. A later
// success resolves errors (errorsResolved): they stay, shown as resolved, and only open ones count.
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
    // Marks the open entries the resolution covers as resolved (the store has done the same).
    void resolve(const ErrorResolution &resolution);
    void clear();

    int errorCount() const { return m_errorCount; } // all entries, resolved ones included
    int openCount() const { return m_openCount; }
    // The newest open entry that `which` accepts.
    std::optional<ErrorEntry> newestOpen(const std::function<bool(const ErrorEntry &)> &which) const;
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

    // How to name a learner by its document ID ("Ann Émile <ann@example.com>"); empty: unknown, and
    // the ID is shown. The ID is always in the tooltip.
    void setLearnerLabel(std::function<QString(const QString &learnerId)> label)
    {
        m_learnerLabel = std::move(label);
    }

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
    void recountOpen();
    QVariant causeData(const Cause &cause, int column, int role) const;
    QVariant entryData(const ErrorEntry &entry, int column, int role) const;

    std::vector<std::unique_ptr<Cause>> m_causes; // the top-level rows, most recent first
    int m_errorCount = 0;
    int m_openCount = 0;
    int m_maximumEntries = 20000;
    std::function<QString(const QString &)> m_learnerLabel;
};

} // namespace cc

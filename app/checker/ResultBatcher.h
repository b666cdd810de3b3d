#pragma once

#include "base/CheckedLearner.h"
#include "base/ErrorEntry.h"
#include "base/ErrorResolution.h"

#include <QList>
#include <QObject>

class QTimer;

namespace cc {

class LocalStore;

// Collects what checks produce and hands it on in batches: to the local store first, then to
// whoever listens (the window's models, the headless front), every interval while running and on
// flush(). A run over 100 000 learners so sends a few hundred signals, not 100 000.
class ResultBatcher : public QObject
{
    Q_OBJECT
public:
    explicit ResultBatcher(qint64 intervalMs, QObject *parent = nullptr);

    // Where batches are persisted; null: nowhere (no store, or it failed). What could not be
    // written (the store failed, or was set to null after failing) is kept, up to kBacklogLimit
    // checks and errors, and written first by the next flush that has a working store.
    void setStore(LocalStore *store) { m_store = store; }
    void keepBacklog(bool keep) { m_keepBacklog = keep; }
    static constexpr int kBacklogLimit = 100000;
    int backlog() const { return int(m_unsavedChecked.size() + m_unsavedErrors.size()); }
    void add(const CheckedLearner &checked, const QList<ErrorEntry> &errors);
    // An error outside any learner's check (a listing failed): stored and sent at once.
    void addError(const ErrorEntry &error);
    // A run listed every learner and finished at `at`: the open errors of whole runs are resolved
    // (stored and sent at once). A learner's errors resolve when add() brings a check of it that
    // went through.
    void resolveWholeRuns(const QDateTime &at);
    // Flush every interval until stop(); stop() does not flush.
    void start();
    void stop();
    void flush();

signals:
    void learnersChecked(const QList<cc::CheckedLearner> &checked);
    void errorsLogged(const QList<cc::ErrorEntry> &errors);
    // After errorsLogged, when the batch resolved errors (see ErrorResolution).
    void errorsResolved(const cc::ErrorResolution &resolution);
    // After a flush that carried at least one check.
    void checksFlushed();
    // Writing a batch to the store failed: `what` says what was being written and why.
    void storeFailed(const QString &what);

private:
    LocalStore *m_store = nullptr;
    QTimer *m_timer;
    QList<CheckedLearner> m_checked;
    QList<ErrorEntry> m_errors;
    ErrorResolution m_resolution;
    bool m_keepBacklog = false;
    QList<CheckedLearner> m_unsavedChecked;
    QList<ErrorEntry> m_unsavedErrors;
};

} // namespace cc

#pragma once

#include "base/ErrorEntry.h"
#include "base/SingleCheckReport.h"

#include <QSet>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace cc {

class CheckerController;
class ErrorDetailsView;
class ErrorLogModel;
class InlineBanner;

// The error log grouped by cause, with the details of the selected entry (redacted request and
// response), and what an operator does about it: copy, clear (through the checker, which owns
// the store), retry the affected learners now and see how that went, open Settings when a key was
// refused. Only open errors count; resolved ones stay as history.
class ErrorsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorsPanel(CheckerController *controller, QWidget *parent = nullptr);

    int errorCount() const; // open errors
    InlineBanner *banner() const { return m_banner; }
    ErrorLogModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    ErrorDetailsView *detailsView() const { return m_details; }
    // The distinct learner IDs of the selected causes and entries.
    QStringList selectedLearnerIds() const;
    // What Copy puts on the clipboard: the details of the current entry or cause.
    QString selectedDetailsText() const;

public slots:
    void clearShown();
    void copySelection();
    void retrySelection();
    // Asks for confirmation, then has the checker clear the log (errorsCleared empties the view).
    void requestClear();

signals:
    // The learners a retry checks again (the panel asks the checker itself and shows the outcome).
    void retryRequested(const QStringList &learnerIds);
    void errorCountChanged(int openCount);
    void settingsRequested();
    // An entry about one learner was opened (double-click or Enter): show that learner.
    void learnerRequested(const QString &learnerId);

private:
    void onSelectionChanged();
    void spanCauseRows(int first, int last);
    void countChanged();
    void onRetryChecked(const SingleCheckReport &report);
    void showBanner();

    CheckerController *m_controller;
    ErrorLogModel *m_model;
    QStackedWidget *m_pages;
    QTreeView *m_view;
    ErrorDetailsView *m_details;
    QLabel *m_summary;
    QPushButton *m_copy;
    QPushButton *m_retry;
    QPushButton *m_clear;
    InlineBanner *m_banner;
    int m_reportedCount = 0;
    // The retry going on: its checks' request ids, how many, and the first that still failed.
    QSet<quint64> m_retryPending;
    int m_retryTotal = 0;
    int m_retryFailed = 0;
    QString m_retryFirstFailure;
};

} // namespace cc

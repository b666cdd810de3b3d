#pragma once

#include "base/ErrorEntry.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTreeView;

namespace cc {

class CheckerController;
class ErrorDetailsView;
class ErrorLogModel;

// The error log grouped by cause, with the details of the selected entry (redacted request and
// response), and what an operator does about it: copy, clear (through the checker, which owns
// the store), retry the affected learners now (the main window runs the checks).
class ErrorsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ErrorsPanel(CheckerController *controller, QWidget *parent = nullptr);

    int errorCount() const;
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
    void retryRequested(const QStringList &learnerIds);
    void errorCountChanged(int count);

private:
    void onSelectionChanged();
    void spanCauseRows(int first, int last);
    void countChanged();

    CheckerController *m_controller;
    ErrorLogModel *m_model;
    QStackedWidget *m_pages;
    QTreeView *m_view;
    ErrorDetailsView *m_details;
    QLabel *m_summary;
    QPushButton *m_copy;
    QPushButton *m_retry;
    QPushButton *m_clear;
    int m_reportedCount = 0;
};

} // namespace cc

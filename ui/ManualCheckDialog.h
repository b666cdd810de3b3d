#pragma once

#include "base/SingleCheckReport.h"

#include <QDialog>
#include <QPointer>
#include <optional>

class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;

namespace cc {

class CheckerController;

// Checks one learner by hand (docs/ARCHITECTURE.md §1: support staff): by document ID, or every learner with
// an e-mail. A dry run first: it shows Graphy's answer (outcome, progress, items, the raw course JSON) and
// what would be written; Apply then runs the check for real and shows what was written. The work happens in
// the checker thread; the dialog only shows reports. Works non-modally, so the main window stays usable
// beside it.
class ManualCheckDialog : public QDialog
{
    Q_OBJECT
public:
    ManualCheckDialog(CheckerController *controller, const QString &initialQuery, QWidget *parent = nullptr);

    // Puts a new ID or e-mail in the field (e.g. the newly selected row) and clears the results.
    void setQuery(const QString &query);
    QString query() const;
    bool isChecking() const { return m_pendingRequest != 0; }
    bool canApply() const;
    // The last report shown (dry run or applied).
    std::optional<SingleCheckReport> lastReport() const { return m_lastReport; }

public slots:
    void checkDryRun();
    void applyChecked();

signals:
    // After Apply, once per learner checked, so the table can refresh the row.
    void learnerChecked(const QString &learnerId);

private:
    void start(bool dryRun, bool certifyNotEnrolled);
    void onReport(const SingleCheckReport &report);
    void showReport(const SingleCheckReport &report);
    QWidget *entryPage(const SingleCheckReport::Entry &entry, bool dryRun) const;
    void setStatus(const QString &text, const QString &color = {});
    void updateButtons();
    static bool wouldWrite(const SingleCheckReport &report);
    static QString outcomeWords(LearnerOutcome outcome, bool dryRun);
    static QString writtenSummary(const SingleCheckReport::Entry &entry);

    QPointer<CheckerController> m_controller; // the app may replace its checker while the dialog is open
    quint64 m_pendingRequest = 0;
    bool m_pendingDryRun = true;
    QString m_dryRunQuery; // the query whose dry run may be applied; empty when none
    std::optional<SingleCheckReport> m_lastReport;

    QLineEdit *m_query = nullptr;
    QPushButton *m_checkButton = nullptr;
    QPushButton *m_applyButton = nullptr;
    QLabel *m_status = nullptr;
    QStackedWidget *m_results = nullptr;
    QTabWidget *m_entries = nullptr;
};

} // namespace cc

#pragma once

#include "base/CheckedLearner.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;

namespace cc {

class CheckerController;
class LearnerFilterProxy;
class LearnerTableModel;

// The learners table with its filters: a search box (name, e-mail or course), status and
// outcome filters, a count of visible learners, and an empty state that says what to do. Its model
// follows the checker worker itself (LearnerTableModel::follow); the panel only shows it.
class LearnersPanel : public QWidget
{
    Q_OBJECT
public:
    // `controller` may be null (tests, benchmarks): then feed model()->loadChunk()/applyChanges().
    explicit LearnersPanel(CheckerController *controller, QWidget *parent = nullptr);

    LearnerTableModel *model() const { return m_model; }
    LearnerFilterProxy *proxy() const { return m_proxy; }
    QTableView *view() const { return m_view; }
    QString selectedLearnerId() const; // empty when no row is selected
    QString countText() const;         // "1,234 of 100,000 learners"

    // Writes the visible rows (filtered, in view order) as CSV (RFC 4180, UTF-8, CRLF) with a
    // header line: Learner ID, Name, E-mail, Course, Status, Progress (%), Last check (ISO 8601
    // with offset), Last outcome, Detail. Cells that a spreadsheet would run as a formula get a
    // leading apostrophe. Returns false with `error` set when the file cannot be written.
    bool exportCsv(const QString &path, QString *error = nullptr) const;

    // With no learners yet, the empty state offers the demo data (not in the demo itself).
    void setDemoOffered(bool offered);

public slots:
    void selectLearner(const QString &learnerId);
    void focusFilter();
    void clearFilters();

signals:
    void checkLearnerRequested(const QString &learnerId);
    void selectionChanged(const QString &learnerId);
    // "Open the demo data" in the empty state (see setDemoOffered()).
    void demoRequested();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void buildLayout();
    void configureView();
    void updateCount();
    void updateEmptyState();
    void noteSelection();
    void showContextMenu(const QPoint &pos);
    QString learnerIdAt(const QModelIndex &proxyIndex) const;

    LearnerTableModel *m_model;
    LearnerFilterProxy *m_proxy;
    QLineEdit *m_search = nullptr;
    QComboBox *m_status = nullptr;
    QComboBox *m_outcome = nullptr;
    QLabel *m_count = nullptr;
    QStackedWidget *m_stack = nullptr;
    QTableView *m_view = nullptr;
    QLabel *m_emptyText = nullptr;
    QPushButton *m_clearFilters = nullptr;
    QPushButton *m_openDemo = nullptr;
    bool m_demoOffered = false;
    QTimer *m_filterDelay = nullptr;
    QString m_lastSelectedId;
};

} // namespace cc

#include "ErrorsPanel.h"

#include "ErrorDetailsView.h"
#include "InlineBanner.h"
#include "checker/CheckerController.h"
#include "models/ErrorLogModel.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTreeView>
#include <QVBoxLayout>

namespace cc {

ErrorsPanel::ErrorsPanel(CheckerController *controller, QWidget *parent)
    : QWidget(parent), m_controller(controller), m_model(new ErrorLogModel(this)),
      m_pages(new QStackedWidget), m_view(new QTreeView), m_details(new ErrorDetailsView),
      m_summary(new QLabel), m_copy(new QPushButton(tr("&Copy"))),
      m_retry(new QPushButton(tr("&Retry affected learners now"))), m_clear(new QPushButton(tr("C&lear…"))),
      m_banner(new InlineBanner)
{
    m_view->setObjectName(QStringLiteral("errorTree"));
    m_view->setModel(m_model);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setAllColumnsShowFocus(true);
    // Fixed widths from sample texts: ResizeToContents would measure every entry.
    QHeaderView *header = m_view->header();
    const QFontMetrics fm = fontMetrics();
    header->resizeSection(ErrorLogModel::TimeColumn,
                          fm.horizontalAdvance(QStringLiteral("2024-12-31 23:59:59")) + 48);
    header->resizeSection(ErrorLogModel::LearnerColumn,
                          fm.horizontalAdvance(QStringLiteral("Firstname Lastname <first@example.com>")) +
                              16);
    header->resizeSection(ErrorLogModel::OperationColumn,
                          fm.horizontalAdvance(QStringLiteral("learnerByEmail__")) + 16);
    header->resizeSection(ErrorLogModel::HttpStatusColumn,
                          fm.horizontalAdvance(QStringLiteral("HTTP__")) + 16);
    header->setStretchLastSection(true);

    m_summary->setObjectName(QStringLiteral("errorSummary"));
    m_copy->setToolTip(tr("Copy the selected error's details (secrets are already redacted)"));
    m_retry->setToolTip(
        tr("Check the learners of the selected errors now, without waiting for the next run"));
    m_clear->setToolTip(tr("Remove every entry from the error log"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_copy);
    buttons->addWidget(m_retry);
    buttons->addWidget(m_clear);

    auto *splitter = new QSplitter(Qt::Vertical);
    splitter->addWidget(m_view);
    splitter->addWidget(m_details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    auto *empty = new QLabel(tr("No errors. Problems with Appwrite or Graphy will show up here with what "
                                "failed and what happens next."));
    empty->setObjectName(QStringLiteral("errorsEmptyState"));
    empty->setWordWrap(true);
    empty->setAlignment(Qt::AlignCenter);
    empty->setForegroundRole(QPalette::PlaceholderText);
    m_pages->addWidget(empty);
    m_pages->addWidget(splitter);

    m_banner->setObjectName(QStringLiteral("errorsBanner"));
    connect(m_banner, &InlineBanner::actionTriggered, this, &ErrorsPanel::settingsRequested);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addLayout(buttons);
    layout->addWidget(m_pages, 1);

    connect(m_view, &QTreeView::activated, this, [this](const QModelIndex &index) {
        if (const ErrorEntry *entry = m_model->entryAt(index.siblingAtColumn(0));
            entry && !entry->learnerId.isEmpty())
            emit learnerRequested(entry->learnerId);
    });
    connect(m_copy, &QPushButton::clicked, this, &ErrorsPanel::copySelection);
    connect(m_retry, &QPushButton::clicked, this, &ErrorsPanel::retrySelection);
    connect(m_clear, &QPushButton::clicked, this, &ErrorsPanel::requestClear);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ErrorsPanel::onSelectionChanged);
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ErrorsPanel::onSelectionChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                if (!parent.isValid())
                    spanCauseRows(first, last);
            });
    connect(m_model, &QAbstractItemModel::modelReset, this,
            [this] { spanCauseRows(0, m_model->rowCount() - 1); });

    connect(m_model, &ErrorLogModel::entriesChanged, this, [this](bool replaced, bool wasEmpty) {
        if (m_model->rowCount() > 0 && (replaced || wasEmpty))
            m_view->expand(m_model->index(0, 0)); // the most recent cause, open
        countChanged();
        if (!replaced)
            onSelectionChanged(); // a selected cause's summary has changed
    });
    if (m_controller != nullptr) {
        m_model->follow(m_controller->worker());
        connect(m_controller->worker(), &CheckerWorker::singleCheckFinished, this,
                &ErrorsPanel::onRetryChecked);
    }
    countChanged();
    onSelectionChanged();
}

int ErrorsPanel::errorCount() const
{
    return m_model->openCount();
}

void ErrorsPanel::clearShown()
{
    m_model->clear();
}

void ErrorsPanel::spanCauseRows(int first, int last)
{
    for (int row = first; row <= last; ++row)
        m_view->setFirstColumnSpanned(row, QModelIndex(), true);
}

void ErrorsPanel::countChanged()
{
    const int total = m_model->errorCount();
    const int open = m_model->openCount();
    m_pages->setCurrentIndex(total > 0 ? 1 : 0);
    m_clear->setEnabled(total > 0);
    const QString causes =
        m_model->causeCount() == 1 ? tr("1 cause") : tr("%1 causes").arg(m_model->causeCount());
    if (total == 0)
        m_summary->setText(tr("Error log"));
    else if (open == 0)
        m_summary->setText(tr("No open errors; %1 resolved, kept as history").arg(total));
    else
        m_summary->setText(tr("%1 in %2, newest first%3")
                               .arg(open == 1 ? tr("1 open error") : tr("%1 open errors").arg(open), causes,
                                    open < total ? tr(" (%1 resolved)").arg(total - open) : QString()));
    if (open != m_reportedCount) {
        m_reportedCount = open;
        emit errorCountChanged(open);
    }
    if (m_retryPending.isEmpty())
        showBanner();
}

void ErrorsPanel::showBanner()
{
    // The newest open error that no run can get past until the operator changes a setting.
    if (const auto found =
            m_model->newestOpen([](const ErrorEntry &e) { return e.isConfigurationFailure(); })) {
        const ErrorEntry &e = *found;
        const QString service = e.service == QLatin1String("appwrite") ? tr("Appwrite")
                                : e.service == QLatin1String("graphy") ? tr("Graphy")
                                                                       : e.service;
        m_banner->showMessage(
            InlineBanner::Tone::Error,
            e.isAuthFailure()
                ? tr("%1 refused the API key (HTTP %2). Fix the key in Settings; the next run checks again.")
                      .arg(service)
                      .arg(e.httpStatus)
                : tr("%1 cannot be used with these settings: %2")
                      .arg(service, e.message.section(QLatin1Char('\n'), 0, 0)),
            tr("Open &Settings"));
        return;
    }
    m_banner->hide();
}

QStringList ErrorsPanel::selectedLearnerIds() const
{
    return m_model->learnerIdsOf(m_view->selectionModel()->selectedRows());
}

QString ErrorsPanel::selectedDetailsText() const
{
    QModelIndex index = m_view->currentIndex();
    if (!index.isValid() || !m_view->selectionModel()->isRowSelected(index.row(), index.parent())) {
        const QModelIndexList rows = m_view->selectionModel()->selectedRows();
        index = rows.isEmpty() ? QModelIndex() : rows.first();
    }
    index = index.siblingAtColumn(0);
    if (const ErrorEntry *entry = m_model->entryAt(index))
        return ErrorDetailsView::entryText(*entry);
    if (m_model->isCause(index))
        return ErrorDetailsView::causeText(m_model->causeSummary(index), m_model->entriesOf(index));
    return {};
}

void ErrorsPanel::onSelectionChanged()
{
    const QString details = selectedDetailsText();
    if (details.isEmpty())
        m_details->showNothing();
    else if (details != m_details->toPlainText())
        m_details->setPlainText(details);
    const QStringList learners = selectedLearnerIds();
    m_copy->setEnabled(!details.isEmpty());
    m_retry->setEnabled(!learners.isEmpty());
    m_retry->setText(learners.size() > 1 ? tr("&Retry %1 affected learners now").arg(learners.size())
                                         : tr("&Retry affected learners now"));
}

void ErrorsPanel::copySelection()
{
    const QString text = selectedDetailsText();
    if (!text.isEmpty())
        QGuiApplication::clipboard()->setText(text);
}

void ErrorsPanel::retrySelection()
{
    const QStringList learners = selectedLearnerIds();
    if (learners.isEmpty() || m_controller == nullptr)
        return;
    m_retryTotal = int(learners.size());
    m_retryFailed = 0;
    m_retryFirstFailure.clear();
    emit retryRequested(learners);
    for (const QString &id : learners)
        m_retryPending.insert(m_controller->checkLearner(id, false));
    m_banner->showMessage(InlineBanner::Tone::Info,
                          tr("Checking %n learner(s) again…", nullptr, m_retryTotal));
}

void ErrorsPanel::onRetryChecked(const SingleCheckReport &report)
{
    if (!m_retryPending.remove(report.requestId))
        return;
    QString failure = report.error;
    for (const SingleCheckReport::Entry &entry : report.entries) {
        if (failure.isEmpty() && entry.result.outcome == LearnerOutcome::Failed)
            failure = entry.result.detail;
    }
    if (!failure.isEmpty() && ++m_retryFailed == 1)
        m_retryFirstFailure = QStringLiteral("%1: %2").arg(report.query, failure);
    if (!m_retryPending.isEmpty())
        return;
    if (m_retryFailed == 0)
        m_banner->showMessage(
            InlineBanner::Tone::Success,
            tr("Checked %n learner(s) again: all went through, and their errors are resolved.", nullptr,
               m_retryTotal));
    else
        m_banner->showMessage(InlineBanner::Tone::Warning,
                              tr("Checked %1 learner(s) again: %2 still failing (first: %3). The rest went "
                                 "through, and their errors are resolved.")
                                  .arg(m_retryTotal)
                                  .arg(m_retryFailed)
                                  .arg(m_retryFirstFailure));
}

void ErrorsPanel::requestClear()
{
    if (m_model->errorCount() == 0)
        return;
    QMessageBox box(QMessageBox::Question, tr("Clear the error log"),
                    tr("Remove all %1 entries from the error log?").arg(m_model->errorCount()),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.setObjectName(QStringLiteral("confirmClearErrors"));
    box.setInformativeText(
        tr("This does not change anything in Appwrite or Graphy. Learners that failed are still "
           "checked again by the next run."));
    box.button(QMessageBox::Yes)->setText(tr("Clear"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return;
    if (m_controller != nullptr)
        m_controller->call(&CheckerWorker::clearErrors);
    else
        clearShown();
}

} // namespace cc

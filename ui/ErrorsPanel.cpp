#include "ErrorsPanel.h"

#include "ErrorDetailsView.h"
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
      m_retry(new QPushButton(tr("&Retry affected learners now"))), m_clear(new QPushButton(tr("C&lear…")))
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
                          fm.horizontalAdvance(QStringLiteral("learner-000000000000")) + 16);
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

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(buttons);
    layout->addWidget(m_pages, 1);

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
    if (m_controller != nullptr)
        m_model->follow(m_controller->worker());
    countChanged();
    onSelectionChanged();
}

int ErrorsPanel::errorCount() const
{
    return m_model->errorCount();
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
    const int count = m_model->errorCount();
    m_pages->setCurrentIndex(count > 0 ? 1 : 0);
    m_clear->setEnabled(count > 0);
    if (count == 0)
        m_summary->setText(tr("Error log"));
    else
        m_summary->setText(tr("%1 in %2, newest first")
                               .arg(count == 1 ? tr("1 error") : tr("%1 errors").arg(count),
                                    m_model->causeCount() == 1 ? tr("1 cause")
                                                               : tr("%1 causes").arg(m_model->causeCount())));
    if (count != m_reportedCount) {
        m_reportedCount = count;
        emit errorCountChanged(count);
    }
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
    if (!learners.isEmpty())
        emit retryRequested(learners);
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

#include "LearnersPanel.h"

#include "checker/CheckerController.h"
#include "models/CsvExport.h"
#include "models/LearnerCellText.h"
#include "models/LearnerFilterProxy.h"
#include "models/LearnerTableModel.h"
#include "models/ModelRoles.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QFrame>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace cc {

namespace {

// Up to this many learners the filter follows each keystroke; above, it waits for a pause.
constexpr int kImmediateFilterRows = 20000;

QString groupedNumber(qsizetype n)
{
    QLocale locale;
    locale.setNumberOptions(locale.numberOptions() & ~QLocale::OmitGroupSeparator);
    return locale.toString(static_cast<qlonglong>(n));
}

} // namespace

LearnersPanel::LearnersPanel(CheckerController *controller, QWidget *parent)
    : QWidget(parent), m_model(new LearnerTableModel(this)), m_proxy(new LearnerFilterProxy(this))
{
    m_proxy->setSourceModel(m_model);
    buildLayout();
    configureView();

    // Over a large table each keystroke re-filters every learner: wait for a pause in typing.
    m_filterDelay = new QTimer(this);
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(150);
    connect(m_filterDelay, &QTimer::timeout, this, [this] { m_proxy->setFilterText(m_search->text()); });
    connect(m_search, &QLineEdit::textChanged, this, [this](const QString &text) {
        if (m_model->rowCount() > kImmediateFilterRows)
            m_filterDelay->start();
        else
            m_proxy->setFilterText(text);
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        m_proxy->setStatusFilter(
            static_cast<LearnerFilterProxy::StatusFilter>(m_status->currentData().toInt()));
    });
    connect(m_outcome, &QComboBox::currentIndexChanged, this,
            [this] { m_proxy->setOutcomeFilter(m_outcome->currentData().toInt()); });
    connect(m_clearFilters, &QPushButton::clicked, this, &LearnersPanel::clearFilters);

    // The count and the empty state follow whatever changes the visible rows.
    for (QAbstractItemModel *model :
         {static_cast<QAbstractItemModel *>(m_proxy), static_cast<QAbstractItemModel *>(m_model)}) {
        connect(model, &QAbstractItemModel::rowsInserted, this, &LearnersPanel::updateCount);
        connect(model, &QAbstractItemModel::rowsRemoved, this, &LearnersPanel::updateCount);
        connect(model, &QAbstractItemModel::modelReset, this, &LearnersPanel::updateCount);
        connect(model, &QAbstractItemModel::layoutChanged, this, &LearnersPanel::updateCount);
    }
    connect(m_model, &LearnerTableModel::stuckChanged, this, &LearnersPanel::updateCount);
    // A row hidden by a filter or a reset leaves the selection without a selectionChanged.
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LearnersPanel::noteSelection);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LearnersPanel::noteSelection);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LearnersPanel::noteSelection);

    // A load is a burst of chunks; sorting each into up to 100 000 rows would freeze the window
    // for seconds. The proxy keeps load order until the last chunk and then sorts once; until
    // then the loading page stands in for the unsorted table.
    connect(m_model, &LearnerTableModel::loadingChanged, this, [this](bool loading) {
        if (loading) {
            m_proxy->sort(-1);
        } else {
            const QHeaderView *header = m_view->horizontalHeader();
            m_proxy->sort(header->sortIndicatorSection(), header->sortIndicatorOrder());
        }
        updateCount();
    });
    if (controller)
        m_model->follow(controller->worker());
    updateCount();
}

void LearnersPanel::buildLayout()
{
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("learnerFilter"));
    m_search->setPlaceholderText(tr("Filter by name, e-mail, course or ID"));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(fontMetrics().horizontalAdvance(m_search->placeholderText()) + 48);

    m_status = new QComboBox(this);
    m_status->setObjectName(QStringLiteral("statusFilter"));
    m_status->addItem(tr("Any status"), int(LearnerFilterProxy::StatusFilter::Any));
    m_status->addItem(tr("Enrolled"), int(LearnerFilterProxy::StatusFilter::Enrolled));
    m_status->addItem(tr("Completed"), int(LearnerFilterProxy::StatusFilter::Completed));
    m_status->addItem(tr("Other status"), int(LearnerFilterProxy::StatusFilter::Other));
    m_status->setToolTip(tr("Show learners with this status in Appwrite"));

    m_outcome = new QComboBox(this);
    m_outcome->setObjectName(QStringLiteral("outcomeFilter"));
    m_outcome->addItem(tr("Any outcome"), LearnerFilterProxy::AnyOutcome);
    m_outcome->addItem(tr("Never checked"), LearnerFilterProxy::NeverChecked);
    for (LearnerOutcome o : {LearnerOutcome::Completed, LearnerOutcome::AlreadyRecorded,
                             LearnerOutcome::InProgress, LearnerOutcome::UnknownToGraphy,
                             LearnerOutcome::NotInCourse, LearnerOutcome::Failed, LearnerOutcome::Skipped})
        m_outcome->addItem(LearnerCellText::outcomeText(o), static_cast<int>(o));
    m_outcome->addItem(tr("Stuck (failed %n checks in a row)", "", CheckerWorker::kStuckAfterFailures),
                       LearnerFilterProxy::Stuck);
    m_outcome->setToolTip(tr("Show learners whose latest check ended like this"));

    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("learnerCount"));
    m_count->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *filters = new QHBoxLayout;
    m_search->setMaximumWidth(m_search->minimumWidth() * 2);
    filters->addWidget(m_search, 3);
    filters->addWidget(m_status);
    filters->addWidget(m_outcome);
    filters->addStretch(1);
    filters->addWidget(m_count);

    m_view = new QTableView(this);
    m_view->setObjectName(QStringLiteral("learnersView"));

    // The empty state sits where the table would, on the same background and frame.
    auto *empty = new QFrame(this);
    empty->setFrameShape(QFrame::StyledPanel);
    empty->setBackgroundRole(QPalette::Base);
    empty->setAutoFillBackground(true);
    m_emptyText = new QLabel(empty);
    m_emptyText->setObjectName(QStringLiteral("learnersEmptyState"));
    m_emptyText->setAlignment(Qt::AlignCenter);
    m_emptyText->setWordWrap(true);
    m_clearFilters = new QPushButton(tr("Clear filters"), empty);
    m_clearFilters->setObjectName(QStringLiteral("clearFilters"));
    m_openDemo = new QPushButton(tr("Open the demo data"), empty);
    m_openDemo->setObjectName(QStringLiteral("openDemo"));
    m_openDemo->setToolTip(
        tr("Opens a second window on made-up learners, in its own sandbox: nothing here changes"));
    m_openDemo->hide();
    connect(m_openDemo, &QPushButton::clicked, this, &LearnersPanel::demoRequested);
    auto *emptyLayout = new QVBoxLayout(empty);
    emptyLayout->addStretch(1);
    emptyLayout->addWidget(m_emptyText);
    emptyLayout->addWidget(m_clearFilters, 0, Qt::AlignHCenter);
    emptyLayout->addWidget(m_openDemo, 0, Qt::AlignHCenter);
    emptyLayout->addStretch(2);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(m_view);
    m_stack->addWidget(empty);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_stack, 1);

    auto *find = new QAction(tr("Find learner"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, this, &LearnersPanel::focusFilter);
    addAction(find);
}

void LearnersPanel::configureView()
{
    // When the selected learner leaves the view (a filter, a run's change), QAbstractItemView
    // would select the next row in single-selection mode: "Check learner" could then act on
    // someone the operator never picked. Connected before setModel() so it runs first.
    connect(m_proxy, &QAbstractItemModel::rowsAboutToBeRemoved, this,
            [this](const QModelIndex &, int first, int last) {
                const int current = m_view->currentIndex().row();
                if (current >= first && current <= last)
                    m_view->selectionModel()->clear();
            });
    m_view->setModel(m_proxy);
    // Fixed, uniform row heights: the view never measures 100 000 rows.
    QHeaderView *rows = m_view->verticalHeader();
    rows->setSectionResizeMode(QHeaderView::Fixed);
    rows->setMinimumSectionSize(fontMetrics().height());
    rows->setDefaultSectionSize(fontMetrics().height() + 10);
    rows->hide();
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setSelectionMode(QAbstractItemView::SingleSelection);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_view->setAlternatingRowColors(true);
    m_view->setShowGrid(false);
    m_view->setWordWrap(false);
    m_view->setTextElideMode(Qt::ElideRight);
    m_view->setCornerButtonEnabled(false);
    m_view->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);

    QHeaderView *columns = m_view->horizontalHeader();
    // The e-mail takes what the window has to spare, so it is not cut while space stays empty.
    columns->setStretchLastSection(false);
    columns->setHighlightSections(false);
    columns->setSortIndicator(LearnerTableModel::NameColumn, Qt::AscendingOrder);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    // Widths from typical contents in the current font and locale.
    const QFontMetrics fm = m_view->fontMetrics();
    const auto fit = [&](const QString &sample) { return fm.horizontalAdvance(sample) + 28; };
    const QDateTime lateYesterday(QDate::currentDate().addDays(-1), QTime(22, 58));
    const std::pair<int, QString> widths[] = {
        {LearnerTableModel::NameColumn, QStringLiteral("Alexandra Okonkwo")},
        {LearnerTableModel::EmailColumn, QStringLiteral("alex.okonkwo@example.com")},
        {LearnerTableModel::CourseColumn, QStringLiteral("Watercolour Fundamentals")},
        {LearnerTableModel::StatusColumn, LearnerCellText::statusText(QStringLiteral("completed"))},
        {LearnerTableModel::ProgressColumn, LearnerCellText::progressText(100, 9, 10)},
        {LearnerTableModel::LastCheckColumn,
         LearnerCellText::lastCheckText(lateYesterday, QDateTime::currentDateTime())},
        {LearnerTableModel::OutcomeColumn, tr("Stuck — failing every check")},
    };
    for (const auto &[column, sample] : widths)
        columns->resizeSection(column, fit(sample) + (column == LearnerTableModel::ProgressColumn ? 12 : 0));
    columns->setSectionResizeMode(LearnerTableModel::EmailColumn, QHeaderView::Stretch);
    m_view->setSortingEnabled(true);

    connect(m_view, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        const QString id = learnerIdAt(index);
        if (!id.isEmpty())
            emit checkLearnerRequested(id);
    });
    connect(m_view, &QTableView::customContextMenuRequested, this, &LearnersPanel::showContextMenu);
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &LearnersPanel::noteSelection);
    m_view->installEventFilter(this);
}

QString LearnersPanel::selectedLearnerId() const
{
    const QModelIndexList rows = m_view->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : learnerIdAt(rows.first());
}

QString LearnersPanel::countText() const
{
    const int total = m_model->rowCount();
    const int visible = m_proxy->rowCount();
    const QString stuck = m_model->stuckCount() == 0 ? QString()
                                                     : tr(" · %n stuck (failing every check; see Outcome)",
                                                          "", m_model->stuckCount());
    if (visible == total)
        return (total == 1 ? tr("1 learner") : tr("%1 learners").arg(groupedNumber(total))) + stuck;
    return tr("%1 of %2 learners").arg(groupedNumber(visible), groupedNumber(total)) + stuck;
}

void LearnersPanel::selectLearner(const QString &learnerId)
{
    const int row = m_model->rowForLearner(learnerId);
    if (row < 0)
        return;
    QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid()) { // hidden by the filters: asked for by name, so it is shown
        clearFilters();
        index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (!index.isValid())
            return;
    }
    m_view->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    m_view->scrollTo(index);
}

void LearnersPanel::focusFilter()
{
    m_search->setFocus(Qt::ShortcutFocusReason);
    m_search->selectAll();
}

void LearnersPanel::clearFilters()
{
    m_search->clear();
    m_filterDelay->stop();
    m_proxy->setFilterText({});
    m_status->setCurrentIndex(0);
    m_outcome->setCurrentIndex(0);
}

bool LearnersPanel::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_view && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            const QString id = learnerIdAt(m_view->currentIndex());
            if (!id.isEmpty()) {
                emit checkLearnerRequested(id);
                return true;
            }
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LearnersPanel::updateCount()
{
    m_count->setText(countText());
    updateEmptyState();
}

void LearnersPanel::setDemoOffered(bool offered)
{
    m_demoOffered = offered;
    updateEmptyState();
}

void LearnersPanel::updateEmptyState()
{
    const bool noLearners = m_model->rowCount() == 0;
    const bool noneVisible = m_proxy->rowCount() == 0;
    if (m_model->isLoading()) {
        m_emptyText->setText(
            tr("Loading learners from the local cache… %1 so far").arg(groupedNumber(m_model->rowCount())));
    } else if (noLearners) {
        m_emptyText->setText(
            m_demoOffered ? tr("No learners yet. Run a check (Ctrl+R), or look at the demo data first.")
                          : tr("No learners yet. Run a check (Ctrl+R)."));
    } else if (noneVisible) {
        m_emptyText->setText(tr("No learner matches these filters. Change the search or the filters, "
                                "or clear them to see all %1 learners.")
                                 .arg(groupedNumber(m_model->rowCount())));
    }
    m_clearFilters->setVisible(!m_model->isLoading() && !noLearners && m_proxy->isFiltering());
    m_openDemo->setVisible(m_demoOffered && !m_model->isLoading() && noLearners);
    m_stack->setCurrentIndex(m_model->isLoading() || noneVisible ? 1 : 0);
}

void LearnersPanel::noteSelection()
{
    const QString id = selectedLearnerId();
    if (id == m_lastSelectedId)
        return;
    m_lastSelectedId = id;
    emit selectionChanged(id);
}

void LearnersPanel::showContextMenu(const QPoint &pos)
{
    const QModelIndex index = m_view->indexAt(pos);
    if (!index.isValid())
        return;
    const int sourceRow = m_proxy->mapToSource(index).row();
    const LearnerRecord learner = m_model->rowAt(sourceRow).learner;
    QMenu menu(this);
    menu.addAction(tr("Check this learner…"), this,
                   [this, id = learner.id] { emit checkLearnerRequested(id); });
    menu.addSeparator();
    QAction *copyEmail = menu.addAction(
        tr("Copy e-mail"), this, [email = learner.email] { QGuiApplication::clipboard()->setText(email); });
    copyEmail->setEnabled(!learner.email.isEmpty());
    menu.addAction(tr("Copy ID"), this, [id = learner.id] { QGuiApplication::clipboard()->setText(id); });
    menu.exec(m_view->viewport()->mapToGlobal(pos));
}

QString LearnersPanel::learnerIdAt(const QModelIndex &proxyIndex) const
{
    return proxyIndex.isValid() ? proxyIndex.data(LearnerIdRole).toString() : QString();
}

bool LearnersPanel::exportCsv(const QString &path, QString *error) const
{
    const QStringList header{tr("Learner ID"), tr("Name"),         tr("E-mail"),
                             tr("Course"),     tr("Status"),       tr("Progress (%)"),
                             tr("Last check"), tr("Last outcome"), tr("Detail")};
    return CsvExport::writeRows(
        path, header, m_proxy->rowCount(),
        [this](int r) {
            const CheckedLearner &row = m_model->rowAt(m_proxy->mapToSource(m_proxy->index(r, 0)).row());
            const std::optional<CheckResult> &check = row.latestCheck;
            const QDateTime local = LearnerCellText::lastCheckTime(row).toLocalTime();
            return QStringList{row.learner.id,
                               row.learner.name,
                               row.learner.email,
                               row.learner.courseId,
                               row.learner.status,
                               check && check->progress >= 0 ? QString::number(check->progress) : QString(),
                               local.isValid()
                                   ? local.toOffsetFromUtc(local.offsetFromUtc()).toString(Qt::ISODate)
                                   : QString(),
                               check ? LearnerCellText::outcomeText(check->outcome) : QString(),
                               check ? check->detail : QString()};
        },
        error);
}

} // namespace cc

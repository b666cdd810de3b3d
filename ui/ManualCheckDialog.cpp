#include "ManualCheckDialog.h"

#include "checker/CheckerController.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace cc {

namespace {
const QString kRed = QStringLiteral("#c62828");
const QString kGreen = QStringLiteral("#2e7d32");
const QString kAmber = QStringLiteral("#9a6200");

QWidget *jsonView(const QString &title, const QString &objectName, const QJsonObject &json,
                  const QString &empty)
{
    auto *box = new QGroupBox(title);
    auto *layout = new QVBoxLayout(box);
    auto *text = new QPlainTextEdit;
    text->setObjectName(objectName);
    text->setReadOnly(true);
    text->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    text->setLineWrapMode(QPlainTextEdit::NoWrap);
    text->setPlainText(
        json.isEmpty() ? empty : QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Indented)));
    layout->addWidget(text);
    return box;
}

// Graphy's "course items" as title, type and done, in Graphy's order.
QWidget *itemChecklist(const QJsonObject &course)
{
    const QJsonArray items = course.value(QStringLiteral("course items")).toArray();
    if (items.isEmpty()) {
        auto *none =
            new QLabel(course.isEmpty() ? ManualCheckDialog::tr("Graphy sent no course for this learner.")
                                        : ManualCheckDialog::tr("Graphy listed no items for this course."));
        none->setObjectName(QStringLiteral("courseItemsNone"));
        none->setAlignment(Qt::AlignCenter);
        return none;
    }
    auto *list = new QTreeWidget;
    list->setObjectName(QStringLiteral("courseItems"));
    list->setRootIsDecorated(false);
    list->setAlternatingRowColors(true);
    list->setHeaderLabels(
        {ManualCheckDialog::tr("Item"), ManualCheckDialog::tr("Type"), ManualCheckDialog::tr("Done")});
    for (const QJsonValue &value : items) {
        const QJsonObject item = value.toObject();
        const QJsonValue completed = item.value(QStringLiteral("completed"));
        auto *row = new QTreeWidgetItem(
            {item.value(QStringLiteral("title")).toString(), item.value(QStringLiteral("type")).toString(),
             completed.isBool()
                 ? (completed.toBool() ? ManualCheckDialog::tr("✓ done") : ManualCheckDialog::tr("not yet"))
                 : ManualCheckDialog::tr("— (Graphy did not say)")});
        if (completed.isBool() && completed.toBool())
            row->setForeground(2, QColor(kGreen));
        list->addTopLevelItem(row);
    }
    list->resizeColumnToContents(1);
    list->header()->setStretchLastSection(false);
    list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    return list;
}

QLabel *valueLabel(const QString &text, const QString &objectName)
{
    auto *label = new QLabel(text);
    label->setObjectName(objectName);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}
} // namespace

ManualCheckDialog::ManualCheckDialog(CheckerController *controller, const QString &initialQuery,
                                     QWidget *parent)
    : QDialog(parent), m_controller(controller)
{
    setWindowTitle(tr("Check a learner — Completion Checker"));
    auto *layout = new QVBoxLayout(this);

    auto *row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Learner:")));
    m_query = new QLineEdit(initialQuery.trimmed());
    m_query->setObjectName(QStringLiteral("queryEdit"));
    m_query->setPlaceholderText(tr("Learner document ID or e-mail"));
    m_query->setClearButtonEnabled(true);
    row->addWidget(m_query, 1);
    m_checkButton = new QPushButton(tr("Check (dry run)"));
    m_checkButton->setObjectName(QStringLiteral("checkButton"));
    m_checkButton->setDefault(true);
    m_checkButton->setToolTip(tr("Asks Graphy and shows what would be written; changes nothing"));
    row->addWidget(m_checkButton);
    m_applyButton = new QPushButton(tr("Apply"));
    m_applyButton->setObjectName(QStringLiteral("applyButton"));
    m_applyButton->setToolTip(tr("Checks again and writes the result to Appwrite"));
    row->addWidget(m_applyButton);
    layout->addLayout(row);

    m_status = valueLabel({}, QStringLiteral("status"));
    layout->addWidget(m_status);

    m_results = new QStackedWidget;
    auto *empty = new QLabel(tr("Enter a learner's document ID (from the learners collection) or e-mail and "
                                "press Check (dry run).\n\nA dry run asks Graphy and shows what would be "
                                "written; nothing changes until you press Apply."));
    empty->setObjectName(QStringLiteral("emptyState"));
    empty->setAlignment(Qt::AlignCenter);
    empty->setWordWrap(true);
    empty->setStyleSheet(QStringLiteral("color: palette(dark);"));
    m_results->addWidget(empty);
    m_entries = new QTabWidget;
    m_entries->setObjectName(QStringLiteral("entries"));
    m_entries->setTabBarAutoHide(true); // one learner: no tab bar
    m_results->addWidget(m_entries);
    layout->addWidget(m_results, 1);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, this, &ManualCheckDialog::reject);
    layout->addWidget(buttons);

    connect(m_checkButton, &QPushButton::clicked, this, &ManualCheckDialog::checkDryRun);
    connect(m_applyButton, &QPushButton::clicked, this, &ManualCheckDialog::applyChecked);
    connect(m_query, &QLineEdit::returnPressed, this, &ManualCheckDialog::checkDryRun);
    connect(m_query, &QLineEdit::textChanged, this, &ManualCheckDialog::updateButtons);
    if (m_controller) {
        connect(m_controller->worker(), &CheckerWorker::singleCheckFinished, this,
                &ManualCheckDialog::onReport);
        connect(m_controller, &QObject::destroyed, this, [this] {
            if (isChecking())
                setStatus(
                    tr("The checker was restarted before it answered; nothing more can be checked here. "
                       "Open Check learner again."),
                    kRed);
            m_pendingRequest = 0;
            m_dryRunQuery.clear();
            updateButtons();
        });
    } else {
        setStatus(tr("The checker is not running; configure the services in Settings first."), kRed);
    }
    updateButtons();
    resize(900, 600);
}

void ManualCheckDialog::setQuery(const QString &query)
{
    if (isChecking())
        return; // the answer to the running check would otherwise be shown under another query
    m_query->setText(query.trimmed());
    m_dryRunQuery.clear();
    m_lastReport.reset();
    m_entries->clear();
    m_results->setCurrentIndex(0);
    setStatus({});
    updateButtons();
}

QString ManualCheckDialog::query() const
{
    return m_query->text().trimmed();
}

bool ManualCheckDialog::canApply() const
{
    return m_controller && !isChecking() && !m_dryRunQuery.isEmpty() && m_dryRunQuery == query();
}

void ManualCheckDialog::checkDryRun()
{
    start(true, false);
}

void ManualCheckDialog::applyChecked()
{
    if (!canApply())
        return;
    QStringList held;
    bool othersWrite = false;
    for (const SingleCheckReport::Entry &e : m_lastReport->entries) {
        if (!e.confirmationNeeded.isEmpty())
            held << tr("• %1 (ID %2): %3").arg(e.result.email, e.result.learnerId, e.confirmationNeeded);
        else if (e.result.outcome != LearnerOutcome::Failed && !e.writes.isEmpty())
            othersWrite = true;
    }
    if (held.isEmpty())
        return start(false, false);
    // Certifying someone who is not enrolled (refunded, removed, already completed) is the
    // operator's decision, taken here, never the checker's.
    QMessageBox box(QMessageBox::Warning, tr("Certify learners who are not enrolled?"),
                    tr("Graphy says these learners completed the course, but Appwrite does not list them "
                       "as enrolled:\n\n%1\n\nCertifying writes a certificate event and marks them "
                       "completed. Do it only if you know they should get a certificate.")
                        .arg(held.join(QLatin1Char('\n'))),
                    QMessageBox::Yes | QMessageBox::Cancel, this);
    box.button(QMessageBox::Yes)->setText(tr("&Certify anyway"));
    if (othersWrite)
        box.addButton(QMessageBox::No)->setText(tr("&Enrolled learners only"));
    box.setDefaultButton(QMessageBox::Cancel);
    const int answer = box.exec();
    if (answer == QMessageBox::Yes)
        start(false, true);
    else if (answer == QMessageBox::No)
        start(false, false);
}

void ManualCheckDialog::start(bool dryRun, bool certifyNotEnrolled)
{
    if (!m_controller || isChecking() || query().isEmpty())
        return;
    m_pendingDryRun = dryRun;
    m_pendingRequest = m_controller->checkLearner(query(), dryRun, certifyNotEnrolled);
    setStatus(dryRun ? tr("Checking “%1” (dry run)…").arg(query()) : tr("Applying to “%1”…").arg(query()));
    updateButtons();
}

void ManualCheckDialog::onReport(const SingleCheckReport &report)
{
    if (report.requestId != m_pendingRequest || m_pendingRequest == 0)
        return; // another window's check
    m_pendingRequest = 0;
    m_lastReport = report;
    // Only a dry run that found something to write can be applied; an applied check needs a new
    // dry run before the next Apply.
    m_dryRunQuery = report.dryRun && wouldWrite(report) ? report.query : QString();
    showReport(report);
    if (!report.dryRun) {
        for (const SingleCheckReport::Entry &e : report.entries)
            emit learnerChecked(e.result.learnerId);
    }
    updateButtons();
}

void ManualCheckDialog::showReport(const SingleCheckReport &report)
{
    m_entries->clear();
    if (!report.error.isEmpty()) {
        m_results->setCurrentIndex(0);
        const QString advice =
            report.serviceFailure
                ? tr("Check the connection (Settings → Test connection, or the Health panel), then try "
                     "again.")
                : tr("Check the ID or e-mail: it must be a document ID or an e-mail of the Appwrite learners "
                     "collection.");
        setStatus(tr("Could not check “%1”: %2.\n%3").arg(report.query, report.error, advice), kRed);
        return;
    }
    for (const SingleCheckReport::Entry &e : report.entries) {
        const QString title = e.result.name.isEmpty() ? e.result.learnerId : e.result.name;
        m_entries->addTab(entryPage(e, report.dryRun), title);
    }
    m_results->setCurrentIndex(1);
    if (report.dryRun) {
        const qsizetype n = report.entries.size();
        const QString found = n == 1 ? tr("1 learner found.") : tr("%1 learners found.").arg(n);
        int held = 0;
        for (const SingleCheckReport::Entry &e : report.entries)
            held += e.confirmationNeeded.isEmpty() ? 0 : 1;
        const QString ask =
            held == 0   ? QString()
            : held == 1 ? tr(" 1 learner is not enrolled: Apply asks before certifying.")
                        : tr(" %1 learners are not enrolled: Apply asks before certifying them.").arg(held);
        setStatus(
            wouldWrite(report)
                ? tr("Dry run: nothing was written. %1 Press Apply to write what is shown.").arg(found) + ask
                : tr("Dry run: nothing was written, and nothing would be. %1").arg(found));
        return;
    }
    QStringList lines;
    bool failed = false;
    for (const SingleCheckReport::Entry &e : report.entries) {
        lines << writtenSummary(e);
        failed = failed || e.result.outcome == LearnerOutcome::Failed;
    }
    setStatus(lines.join(QLatin1Char('\n')), failed ? kRed : kGreen);
}

QWidget *ManualCheckDialog::entryPage(const SingleCheckReport::Entry &entry, bool dryRun) const
{
    const CheckResult &r = entry.result;
    auto *page = new QWidget;
    auto *layout = new QVBoxLayout(page);
    auto *form = new QFormLayout;
    QString who = r.name.isEmpty() ? r.email : QStringLiteral("%1 <%2>").arg(r.name, r.email);
    form->addRow(tr("Learner:"), valueLabel(tr("%1 · ID %2 · course %3").arg(who, r.learnerId, r.courseId),
                                            QStringLiteral("learner")));
    const bool held = !entry.confirmationNeeded.isEmpty();
    auto *outcome =
        valueLabel(held ? tr("Completed in Graphy, but not enrolled — Apply asks before certifying")
                        : outcomeWords(r.outcome, dryRun),
                   QStringLiteral("outcome"));
    const bool bad = r.outcome == LearnerOutcome::Failed;
    const bool done = r.outcome == LearnerOutcome::Completed || r.outcome == LearnerOutcome::AlreadyRecorded;
    outcome->setStyleSheet(QStringLiteral("font-weight: bold; color: %1;")
                               .arg(bad    ? kRed
                                    : held ? kAmber
                                    : done ? kGreen
                                           : QStringLiteral("palette(text)")));
    form->addRow(tr("Outcome:"), outcome);
    form->addRow(tr("Progress:"),
                 valueLabel(r.progress < 0 ? tr("unknown") : tr("%1 %").arg(r.progress, 0, 'g', 4),
                            QStringLiteral("progress")));
    form->addRow(tr("Items:"),
                 valueLabel(r.itemsTotal < 0
                                ? tr("unknown")
                                : tr("%1 of %2 completed").arg(qMax(0, r.itemsCompleted)).arg(r.itemsTotal),
                            QStringLiteral("items")));
    form->addRow(tr("Detail:"), valueLabel(r.detail, QStringLiteral("detail")));
    layout->addLayout(form);

    auto *splitter = new QSplitter(Qt::Horizontal);
    splitter->setChildrenCollapsible(false);
    // The course's items as a checklist; Graphy's own JSON one tab away.
    auto *course = new QTabWidget;
    course->setObjectName(QStringLiteral("courseTabs"));
    course->addTab(itemChecklist(entry.graphyCourse), tr("Course items"));
    course->addTab(jsonView(tr("Graphy's course as sent"), QStringLiteral("graphyJson"), entry.graphyCourse,
                            tr("Graphy sent no course for this learner.")),
                   tr("Raw JSON"));
    splitter->addWidget(course);
    const bool existed = r.outcome == LearnerOutcome::AlreadyRecorded;
    splitter->addWidget(jsonView(held ? tr("What would be written if you confirm")
                                 : dryRun && existed
                                     ? tr("What would be written: the learner only (the event exists)")
                                 : dryRun  ? tr("What would be written")
                                 : existed ? tr("What was updated (the event already existed)")
                                           : tr("What was written"),
                                 QStringLiteral("writesJson"), entry.writes,
                                 dryRun ? tr("Nothing would be written.") : tr("Nothing was written.")));
    layout->addWidget(splitter, 1);
    return page;
}

void ManualCheckDialog::setStatus(const QString &text, const QString &color)
{
    m_status->setText(text);
    m_status->setStyleSheet(color.isEmpty() ? QString() : QStringLiteral("color: %1;").arg(color));
    m_status->setVisible(!text.isEmpty());
}

void ManualCheckDialog::updateButtons()
{
    m_checkButton->setEnabled(m_controller && !isChecking() && !query().isEmpty());
    m_applyButton->setEnabled(canApply());
    m_query->setReadOnly(isChecking());
}

bool ManualCheckDialog::wouldWrite(const SingleCheckReport &report)
{
    if (!report.error.isEmpty())
        return false;
    for (const SingleCheckReport::Entry &e : report.entries) {
        if (e.result.outcome != LearnerOutcome::Failed && !e.writes.isEmpty())
            return true;
    }
    return false;
}

QString ManualCheckDialog::outcomeWords(LearnerOutcome outcome, bool dryRun)
{
    switch (outcome) {
    case LearnerOutcome::Completed:
        return dryRun ? tr("Completed in Graphy — Apply records the completion")
                      : tr("Completed — certificate event created");
    case LearnerOutcome::AlreadyRecorded:
        return dryRun ? tr("Completed — already recorded; Apply will only update the learner")
                      : tr("Completed — the certificate event already existed");
    case LearnerOutcome::InProgress:
        return tr("In progress — not completed yet");
    case LearnerOutcome::UnknownToGraphy:
        return tr("Not found in Graphy — no Graphy learner has this e-mail");
    case LearnerOutcome::NotInCourse:
        return tr("Not in this course — Graphy knows the learner, but not in this course");
    case LearnerOutcome::Failed:
        return tr("Check failed — see the detail below");
    case LearnerOutcome::Skipped:
        return tr("Not written — see the detail below");
    }
    return {};
}

QString ManualCheckDialog::writtenSummary(const SingleCheckReport::Entry &entry)
{
    const CheckResult &r = entry.result;
    const QJsonObject event = entry.writes.value(QStringLiteral("event")).toObject();
    const QString eventId = event.value(QStringLiteral("documentId")).toString();
    const QString collection = event.value(QStringLiteral("collection")).toString();
    switch (r.outcome) {
    case LearnerOutcome::Completed:
        return tr("Written: event %1 created in '%2'; learner %3 marked completed.")
            .arg(eventId, collection, r.learnerId);
    case LearnerOutcome::AlreadyRecorded:
        return tr("Event %1 already existed (no duplicate made); learner %2 marked completed.")
            .arg(eventId, r.learnerId);
    case LearnerOutcome::InProgress:
        return tr("Written: learner %1 — progress digest and last check time updated.").arg(r.learnerId);
    case LearnerOutcome::UnknownToGraphy:
    case LearnerOutcome::NotInCourse:
        return tr("Written: learner %1 — last check time updated.").arg(r.learnerId);
    case LearnerOutcome::Failed:
        return tr("Not written for learner %1: %2. The learner stays enrolled; the next run retries it.")
            .arg(r.learnerId, r.detail);
    case LearnerOutcome::Skipped:
        return tr("Not written for learner %1: %2").arg(r.learnerId, r.detail);
    }
    return {};
}

} // namespace cc

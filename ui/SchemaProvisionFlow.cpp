#include "SchemaProvisionFlow.h"

#include "checker/CheckerController.h"

#include <QAbstractButton>
#include <QGridLayout>
#include <QMessageBox>
#include <QSpacerItem>
#include <QWidget>

namespace cc {

namespace {
using State = SchemaProvisionReport::Action::State;

QString capitalized(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

// QMessageBox sizes itself to its short text; the detailed list of tables, columns and indexes
// needs room to be read without wrapping every line.
void makeWide(QMessageBox &box)
{
    if (auto *grid = qobject_cast<QGridLayout *>(box.layout()))
        grid->addItem(new QSpacerItem(640, 0, QSizePolicy::Minimum, QSizePolicy::Expanding), grid->rowCount(),
                      0, 1, grid->columnCount());
}

QString problemsNote(const SchemaProvisionReport &report)
{
    const int problems = report.count(State::Problem);
    if (problems == 0)
        return {};
    return SchemaProvisionFlow::tr("%n problem(s) cannot be fixed by creating anything and are left as they "
                                   "are; fix them in the Appwrite console (see the details).",
                                   nullptr, problems);
}
} // namespace

SchemaProvisionFlow::SchemaProvisionFlow(CheckerController *controller, QWidget *dialogParent)
    : QObject(dialogParent), m_controller(controller), m_dialogParent(dialogParent)
{
    connect(m_controller->worker(), &CheckerWorker::schemaProvisioned, this, &SchemaProvisionFlow::onReport);
}

void SchemaProvisionFlow::start()
{
    if (isBusy())
        return;
    setStep(Step::DryRun);
    m_controller->call(&CheckerWorker::provisionSchema, true);
}

void SchemaProvisionFlow::setStep(Step step)
{
    const bool wasBusy = isBusy();
    m_step = step;
    if (wasBusy != isBusy())
        emit busyChanged(isBusy());
}

void SchemaProvisionFlow::end(bool provisioned)
{
    setStep(Step::Idle);
    emit finished(provisioned);
}

void SchemaProvisionFlow::onReport(const SchemaProvisionReport &report)
{
    // Only the answers to this flow's own calls (the worker broadcasts to every listener).
    using Mode = SchemaProvisionReport::Mode;
    if (m_step == Step::DryRun && report.mode == Mode::DryRun)
        return confirm(report);
    if (m_step == Step::Provisioning && report.mode == Mode::Provision)
        return showResult(report);
}

void SchemaProvisionFlow::confirm(const SchemaProvisionReport &plan)
{
    if (!plan.error.isEmpty()) {
        QMessageBox::warning(m_dialogParent, tr("Schema not read"),
                             tr("Could not work out what is missing: %1").arg(plan.error));
        return end(false);
    }
    const int toCreate = plan.count(State::WouldCreate);
    if (toCreate == 0) {
        QMessageBox box(
            QMessageBox::Information, tr("Nothing to create"),
            tr("Every %1, %2 and index the checker needs is there.").arg(plan.containerWord, plan.fieldWord),
            QMessageBox::Ok, m_dialogParent);
        box.setInformativeText(problemsNote(plan));
        box.setDetailedText(plan.lines(false).join(QLatin1Char('\n')));
        box.exec();
        return end(false);
    }
    QMessageBox box(QMessageBox::Question, tr("Create missing %1s").arg(plan.containerWord),
                    tr("Create %1 in the Appwrite database '%2' (%3)?")
                        .arg(plan.countText(State::WouldCreate), plan.databaseId, plan.api),
                    QMessageBox::Yes | QMessageBox::Cancel, m_dialogParent);
    QStringList info{tr("Only what is missing is created; nothing that exists is changed or deleted. "
                        "Appwrite builds new %1s and indexes in the background: this waits until they are "
                        "ready (up to a minute).")
                         .arg(plan.fieldWord)};
    if (const QString note = problemsNote(plan); !note.isEmpty())
        info << note;
    box.setInformativeText(info.join(QStringLiteral("\n\n")));
    box.setDetailedText(plan.lines(false).join(QLatin1Char('\n')));
    makeWide(box);
    box.button(QMessageBox::Yes)->setText(tr("&Create"));
    box.setDefaultButton(QMessageBox::Cancel);
    if (box.exec() != QMessageBox::Yes)
        return end(false);
    setStep(Step::Provisioning);
    m_controller->call(&CheckerWorker::provisionSchema, false);
}

void SchemaProvisionFlow::showResult(const SchemaProvisionReport &report)
{
    const bool stopped = !report.error.isEmpty();
    const QString created = report.countText(State::Created);
    QString text = stopped                             ? tr("Provisioning stopped: %1").arg(report.error)
                   : report.count(State::Created) == 0 ? tr("Nothing needed creating: it was there already.")
                                                       : tr("%1 created.").arg(capitalized(created));
    QMessageBox box(report.ok() ? QMessageBox::Information : QMessageBox::Warning,
                    stopped ? tr("Provisioning stopped") : tr("Schema provisioned"), text, QMessageBox::Ok,
                    m_dialogParent);
    QStringList info;
    if (!stopped && report.count(State::Created) > 0)
        info << tr("Appwrite has built them. The health check runs again now.");
    if (const QString note = problemsNote(report); !note.isEmpty())
        info << note;
    box.setInformativeText(info.join(QStringLiteral("\n\n")));
    box.setDetailedText(report.lines(false).join(QLatin1Char('\n')));
    makeWide(box);
    box.exec();
    end(true);
}

} // namespace cc

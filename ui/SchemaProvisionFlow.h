#pragma once

#include "base/SchemaProvisionReport.h"

#include <QObject>

class QWidget;

namespace cc {

class CheckerController;

// The Health panel's "Create missing tables…" (docs/ARCHITECTURE.md §11.7): a dry run first, whose
// list the operator confirms, then the provisioning, then its result. Every step is a queued call
// to the checker worker; nothing here waits on the network. The panel re-runs the health check on
// finished().
class SchemaProvisionFlow : public QObject
{
    Q_OBJECT
public:
    SchemaProvisionFlow(CheckerController *controller, QWidget *dialogParent);

    bool isBusy() const { return m_step != Step::Idle; }
    // Past the confirmation: creating, not only looking.
    bool isProvisioning() const { return m_step == Step::Provisioning; }

public slots:
    void start();

signals:
    void busyChanged(bool busy);
    // Over, one way or another; `provisioned`: something may have been created, so the health
    // report is out of date.
    void finished(bool provisioned);

private:
    enum class Step { Idle, DryRun, Provisioning };

    void onReport(const cc::SchemaProvisionReport &report);
    void confirm(const SchemaProvisionReport &plan);
    void showResult(const SchemaProvisionReport &report);
    void setStep(Step step);
    void end(bool provisioned);

    CheckerController *m_controller;
    QWidget *m_dialogParent;
    Step m_step = Step::Idle;
};

} // namespace cc
